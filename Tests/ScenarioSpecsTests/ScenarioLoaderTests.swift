import LabCore
import Testing
@testable import ScenarioSpecs

@Suite struct ScenarioLoaderTests {
    /// The spec shape issue 2 says must load, verbatim.
    @Test func issueExampleLoads() throws {
        let spec = try ScenarioLoader.parse(yaml: """
            name: wifi-agent
            seed: 7
            codec: {name: g711u, ptime_ms: 20}          # g711u | g711a for now
            network:
              latency_ms: 60
              jitter: {distribution: normal, stddev_ms: 12}
              loss: {model: gilbert-elliott, p: 0.02, r: 0.3, loss_bad: 1.0, loss_good: 0.0}   # netem's p, r, 1-h, 1-k
            jitter_buffer: {type: fixed, depth_ms: 60}
            plc: repeat                                 # silence | repeat
            """, file: "wifi.yaml")
        #expect(spec.name == "wifi-agent")
        #expect(spec.seed == 7)
        #expect(spec.codec == CodecSpec(name: "g711u", ptimeMs: 20))
        #expect(spec.network.latencyMs == 60)
        #expect(spec.network.jitter == .normal(stddevMs: 12))
        #expect(spec.network.loss == .gilbertElliott(p: 0.02, r: 0.3, lossBad: 1, lossGood: 0))
        #expect(spec.jitterBuffer == JitterBufferSpec(type: "fixed", depthMs: 60))
        #expect(spec.plc == .repeat)
    }

    @Test func bernoulliAndDefaults() throws {
        let spec = try ScenarioLoader.parse(yaml: "name: x\nnetwork: {loss: {model: bernoulli, rate: 0.03}}\n", file: "x.yaml")
        #expect(spec.network.loss == .bernoulli(rate: 0.03))
        #expect(spec.codec.name == "g711u" && spec.seed == 1 && spec.levelDBov == -26)
    }

    /// Every bad spec gives one line `file:line:column: message (hint: …)` pointing at the offending value.
    @Test(arguments: [
        ("name: x\nnetwork: {latency_ms: 60\n", "bad.yaml:3:1: malformed YAML"),
        ("name: x\ncodec: {name: g729z}\n", "bad.yaml:2:15: unknown codec 'g729z' (hint: did you mean g729a"),
        ("name: x\ncodc: {name: g711u}\n", "bad.yaml:2:1: unknown key 'codc' (hint: did you mean 'codec'?"),
        ("name: x\nnetwork:\n  loss: {model: bernoulli, rate: 1.5}\n", "bad.yaml:3:34: network.loss.rate = 1.5 is out of range (hint: allowed: 0…1"),
        ("name: x\nnetwork:\n  loss: {model: gilbert-elliott, p: -0.1, r: 0.3}\n", "bad.yaml:3:37: network.loss.p = -0.1 is out of range"),
        ("name: x\nnetwork: {latency_ms: -5}\n", "bad.yaml:2:23: network.latency_ms = -5 is out of range (hint: allowed: 0…10000 ms)"),
        ("name: x\nnetwork: {latency_ms: .nan}\n", "bad.yaml:2:23: network.latency_ms must be a number, found '.nan'"),
        ("name: x\nnetwork: {latency_ms: nan}\n", "bad.yaml:2:23: network.latency_ms must be a finite number"),
        ("name: x\nnetwork: {latency_ms: fast}\n", "bad.yaml:2:23: network.latency_ms must be a number, found 'fast'"),
        ("name: x\ncodec: {name: g711u, ptime_ms: 25}\n", "bad.yaml:2:32: ptime_ms '25' is not a multiple of g711u's 10.0 ms frame"),
        ("name: x\nnetwork:\n  loss: {model: gilbert-elliott, p: 0.1, r: 0}\n", "bad.yaml:3:45: r = 0 with p > 0 makes the bad state absorbing"),
        ("name: x\nplc: magic\n", "bad.yaml:2:6: unknown plc 'magic' (hint: valid: silence, repeat"),
        ("seed: 3\n", "bad.yaml:1:1: missing required key 'name'"),
        ("name: x\nseed: -1\n", "bad.yaml:2:7: seed must be a non-negative integer"),
        ("name: x\nexpect: {predicted_mos: {min: 4, max: 3}}\n", "bad.yaml:2:25: expect.predicted_mos: min 4.0 exceeds max 3.0"),
        ("- just\n- a list\n", "bad.yaml:1:1: the spec must be a mapping"),
    ])
    func badSpecsAreRefusedWithLocation(yaml: String, expected: String) {
        do {
            _ = try ScenarioLoader.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("accepted a bad spec: \(yaml)")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix(expected), "got: \(message)")
            #expect(!message.contains("\n"), "one line: \(message)")
        }
    }

    @Test func emodelOverridesKeepTheirLocation() throws {
        let spec = try ScenarioLoader.parse(yaml: "name: x\nemodel:\n  SLR: 10\n  Ie: 5\n", file: "e.yaml")
        #expect(spec.emodel.map(\.key) == ["SLR", "Ie"])
        #expect(spec.emodel[1].location == SpecLocation(file: "e.yaml", line: 4, column: 3))
    }

    @Test func shippedScenariosAllLoad() throws {
        let specs = try ScenarioLoader.load(paths: [Self.repositoryRoot + "/Scenarios"])
        #expect(specs.count >= 6)
        #expect(Set(specs.map(\.name)).count == specs.count)
    }

    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/").map(String.init)
        parts.removeLast(3)
        return "/" + parts.joined(separator: "/")
    }()
}
