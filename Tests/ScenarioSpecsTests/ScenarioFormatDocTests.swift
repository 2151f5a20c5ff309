import Foundation
import LabCore
import Testing
@testable import ScenarioSpecs

/// docs/scenario-format.md documents every key the loader accepts, and no other (issue 15). The loader's lists
/// are read from the loader itself: each mapping is given an unknown key, and the loader's refusal names the keys
/// valid there ("valid keys here: …"); each choice is given an unknown value, and the refusal names the valid ones.
/// The probes cover every branch that changes the keys (each loss model, jitter distribution and buffer type).
@Suite struct ScenarioFormatDocTests {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/").map(String.init)
        parts.removeLast(3)
        return "/" + parts.joined(separator: "/")
    }()

    /// Mappings to probe: the YAML after `name: x`, with `ZZ` where the unknown key goes.
    static let mappingProbes = [
        "ZZ", "reference: {corpus: nb, ZZ}", "codec: {name: g711u, ZZ}", "network: {ZZ}",
        "network: {jitter: {distribution: none, ZZ}}", "network: {jitter: {distribution: normal, stddev_ms: 5, ZZ}}",
        "network: {jitter: {distribution: uniform, range_ms: 5, ZZ}}", "network: {jitter: {distribution: pareto, jitter_ms: 5, ZZ}}",
        "network: {jitter: {distribution: pareto-normal, jitter_ms: 5, ZZ}}",
        "network: {jitter: {distribution: gamma, shape: 2, scale_ms: 3, ZZ}}",
        "network: {jitter: {distribution: trace, file: t.csv, ZZ}}",
        "network: {loss: {model: none, ZZ}}", "network: {loss: {model: bernoulli, rate: 0.1, ZZ}}",
        "network: {loss: {model: gilbert, p: 0.1, ZZ}}", "network: {loss: {model: gilbert-elliott, p: 0.1, ZZ}}",
        "network: {loss: {model: 4-state, p13: 0.1, ZZ}}", "network: {loss: {model: fit, loss_rate: 0.03, mean_burst: 2, ZZ}}",
        "network: {loss: {model: trace, file: l.csv, ZZ}}",
        "network: {loss: {model: bernoulli, rate: 0.03, match: {tolerance: 0.05, ZZ}}}",
        "network: {spikes: {height_ms: 300, interval_s: 5, ZZ}}",
        "network: {bottleneck: {rate_kbps: 100, queue_bytes: 64000, ZZ}}",
        "network: {bottleneck: {rate_kbps: 100, queue_bytes: 64000, cross_traffic: {rate_kbps: 50, ZZ}}}",
        "network: {capture: {file: c.pcap, ssrc: 1, ZZ}}",
        "jitter_buffer: {type: fixed, ZZ}", "jitter_buffer: {type: ramjee, ZZ}", "jitter_buffer: {type: neteq, ZZ}",
        "jitter_buffer: {type: external, command: x, ZZ}", "expect: {signal_mos: {ZZ}}",
    ]

    /// Choices to probe, with `ZZ` as the unknown value.
    static let choiceProbes = [
        "reference: {corpus: ZZ}", "network: {jitter: {distribution: ZZ}}", "network: {loss: {model: ZZ}}",
        "jitter_buffer: {type: ZZ}", "plc: ZZ",
    ]

    /// A folder with the trace files the trace probes name (the loader reads them while loading).
    static let probeFolder: String = {
        let folder = NSTemporaryDirectory() + "moslab-doc-probe-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try? "delay_ms\n10\n12\n".write(toFile: folder + "/t.csv", atomically: true, encoding: .utf8)
        try? "lost\n0\n1\n".write(toFile: folder + "/l.csv", atomically: true, encoding: .utf8)
        return folder
    }()

    func refusal(_ yaml: String) -> InputError? {
        do {
            _ = try ScenarioLoader.parseExpanded(yaml: "name: x\n" + yaml + "\n", file: Self.probeFolder + "/probe.yaml")
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    /// Every key path the loader accepts, e.g. `network.loss.p`.
    func loaderKeys() throws -> Set<String> {
        var keys: Set<String> = []
        for probe in Self.mappingProbes {
            let error = try #require(refusal(probe.replacingOccurrences(of: "ZZ", with: "zz_unknown: 1")), "no refusal for \(probe)")
            let message = error.message, hint = error.hint ?? ""
            guard let open = message.range(of: "unknown key '"), let list = hint.range(of: "valid keys here: ") else {
                Issue.record("probe \(probe) was refused for another reason: \(error)")
                continue
            }
            let path = message[open.upperBound...].prefix { $0 != "'" }
            let prefix = path.hasSuffix("zz_unknown") ? String(path.dropLast("zz_unknown".count)) : ""
            for key in hint[list.upperBound...].split(separator: ",") {
                keys.insert(prefix.replacingOccurrences(of: "signal_mos.", with: "FIELD.") + key.trimmingCharacters(in: .whitespaces))
            }
        }
        return keys
    }

    func doc() throws -> String {
        try String(contentsOfFile: Self.repositoryRoot + "/docs/scenario-format.md", encoding: .utf8)
    }

    /// Key paths in the doc's "Every key" table: the first cell of each row, in backticks.
    func documentedKeys() throws -> Set<String> {
        let text = try doc()
        let section = try #require(text.range(of: "## Every key")).upperBound
        let end = text[section...].range(of: "\n## ")?.lowerBound ?? text.endIndex
        var keys: Set<String> = []
        for line in text[section..<end].split(separator: "\n") where line.hasPrefix("| `") {
            keys.insert(String(line.dropFirst(3).prefix { $0 != "`" }))
        }
        return keys
    }

    @Test func docListsExactlyTheKeysTheLoaderAccepts() throws {
        let accepted = try loaderKeys(), documented = try documentedKeys()
        #expect(accepted.count > 60, "the probes found only \(accepted.count) keys")
        #expect(accepted.subtracting(documented).isEmpty, "accepted but not documented: \(accepted.subtracting(documented).sorted())")
        #expect(documented.subtracting(accepted).isEmpty, "documented but not accepted: \(documented.subtracting(accepted).sorted())")
    }

    @Test func docNamesEveryChoiceTheLoaderAccepts() throws {
        let text = try doc()
        for probe in Self.choiceProbes {
            let error = try #require(refusal(probe.replacingOccurrences(of: "ZZ", with: "zz_unknown")))
            let hint = try #require(error.hint?.range(of: "valid: ").map { error.hint![$0.upperBound...] }, "\(error)")
            for value in hint.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                #expect(text.contains("`\(value)`"), "\(probe): `\(value)` is accepted but not in docs/scenario-format.md")
            }
        }
    }
}
