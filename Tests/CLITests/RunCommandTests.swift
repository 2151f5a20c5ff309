import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func validateAcceptsTheShippedScenarios() throws {
        let output = try CLIRunner.run(["validate", "Scenarios/"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("ok  Scenarios/office-lan-g711.yaml"))
    }

    @Test func validateRefusesABadSpecInOneLine() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: x\nnetwork:\n  loss: {model: bernoulli, rate: 3}\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["validate", directory + "/bad.yaml"])
        #expect(output.status == 2)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: \(directory)/bad.yaml:3:34: network.loss.rate = 3 is out of range") == true)
    }

    @Test func malformedYAMLIsRefused() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: [unclosed\n".write(toFile: directory + "/broken.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/broken.yaml", "--out", directory + "/out"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: \(directory)/broken.yaml:2:1: malformed YAML"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }

    @Test func runWritesOutputsAndPrintsJSON() throws {
        let out = CLIRunner.temporaryDirectory() + "/out"
        let output = try CLIRunner.run(["run", "Scenarios/office-lan-g711.yaml", "--out", out, "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as! [[String: Any]]
        #expect(results.count == 3)
        let mos = results[0]["predicted_mos"] as! Double
        #expect(mos > 4.3 && mos <= 4.5)  // issue 2: office LAN ≈ 4.4 predicted
        #expect(FileManager.default.fileExists(atPath: out + "/office-lan-g711/nb01-directory.wav"))
        #expect(FileManager.default.fileExists(atPath: out + "/office-lan-g711/result.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/results.csv"))
    }

    @Test func tableNamesTheOutputs() throws {
        let out = CLIRunner.temporaryDirectory() + "/out"
        let output = try CLIRunner.run(["run", "Scenarios/a-law-trunk.yaml", "--out", out])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("predicted"))
        #expect(output.stdout.contains("a-law-trunk"))
        #expect(output.stdout.contains(out + "/results.csv"))
    }

    @Test func failedExpectationExitsOne() throws {
        let directory = CLIRunner.temporaryDirectory()
        let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"
        try "name: strict\nreference: \(clip)\nexpect: {predicted_mos: {min: 4.49}}\n"
            .write(toFile: directory + "/strict.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/strict.yaml", "--out", directory + "/out"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("expectation failed: strict/nb01-directory: predicted_mos"))
    }

    @Test func missingReferenceAndUnwritableOutput() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: lost\nreference: missing.wav\n".write(toFile: directory + "/lost.yaml", atomically: true, encoding: .utf8)
        let missing = try CLIRunner.run(["run", directory + "/lost.yaml", "--out", directory + "/out"])
        #expect(missing.status == 2)
        // Refused before any run starts, naming the spec and the `reference:` line (issue 14).
        #expect(missing.stderr == "error: \(directory)/lost.yaml:2:12: reference 'missing.wav' does not exist (hint: fix `reference:` (paths are relative to the spec's folder))\n")

        let unwritable = try CLIRunner.run(["run", "Scenarios/office-lan-g711.yaml", "--out", "/proc/moslab"])
        #expect(unwritable.status == 2)
        #expect(unwritable.stderr.hasPrefix("error: /proc/moslab: cannot create output directory"))
        #expect(unwritable.stderr.split(separator: "\n").count == 1)
    }

    @Test func codecsListsG711() throws {
        let output = try CLIRunner.run(["codecs", "--json"])
        #expect(output.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as! [[String: Any]]
        // G.711 at its default 20 ms: Ie 0 from G.113; IPv4 rate 64 + 40 B · 8 / 20 ms = 80 kbit/s.
        #expect(rows.contains { $0["name"] as? String == "g711u" && $0["Ie"] as? Double == 0 && $0["ie_source"] as? String == "g113"
            && $0["ip_kbps"] as? Double == 80 })
        // Every built-in codec has Ie and Bpl at its default condition, from G.113 or the calibration.
        #expect(rows.allSatisfy { ["g113", "calibrated"].contains($0["ie_source"] as? String) && ["g113", "calibrated"].contains($0["bpl_source"] as? String) },
                "\(rows.filter { $0["bpl_source"] == nil }.map { $0["name"]! })")
    }
}

/// `make demo` runs every shipped scenario: all must run and meet their `expect:` bounds.
@Suite struct DemoScenariosTests {
    @Test func everyShippedScenarioRuns() throws {
        let out = CLIRunner.temporaryDirectory() + "/demo"
        let output = try CLIRunner.run(["run", "Scenarios/", "--out", out, "--jobs", "2", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as! [[String: Any]]
        #expect(results.count >= 30)
        #expect(results.allSatisfy { ($0["signal_mos"] as? Double).map { $0 >= 1 && $0 <= 4.7 } ?? false })
        // Issue 11: every run has a predicted MOS with the sources of its Ie and Bpl, and its bandwidth.
        let unpredicted = results.filter { $0["predicted_mos"] as? Double == nil }.map { "\($0["scenario"]!)" }
        #expect(unpredicted.isEmpty, "no prediction: \(unpredicted)")
        #expect(results.allSatisfy { ["g113", "calibrated", "spec"].contains($0["ie_source"] as? String)
            && ["g113", "calibrated", "spec"].contains($0["bpl_source"] as? String) })
        #expect(results.allSatisfy { ($0["ip_kbps"] as? Double ?? 0) > ($0["payload_kbps"] as? Double ?? .infinity) })
        #expect(FileManager.default.fileExists(atPath: out + "/summary.csv"))
    }
}
