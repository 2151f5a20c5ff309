import Foundation
import LabCore
import Testing
@testable import ScenarioSpecs

/// Issue 14: specs a careless or hostile user writes. Each case failed (crash, hang or silent acceptance) before.
@Suite struct BadSpecTests {
    func message(_ yaml: String, file: String = "bad.yaml") -> String? {
        do {
            _ = try ScenarioLoader.parseExpanded(yaml: yaml, file: file)
            return nil
        } catch {
            return "\(error)"
        }
    }

    // MARK: crashes: nesting is refused before the recursive composer sees it

    @Test func fiveThousandOpenBracketsAreRefusedNotASegfault() {
        let yaml = "name: x\ndescription: " + String(repeating: "[", count: 5_000) + "\n"
        let text = message(yaml)
        #expect(text?.hasPrefix("bad.yaml:2:") == true)
        #expect(text?.contains("nests deeper than 64 levels") == true)
    }

    @Test func threeThousandNestedMappingsAreRefused() {
        var yaml = "name: x\n"
        for level in 0..<3_000 { yaml += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(message(yaml)?.contains("nests deeper than 64 levels") == true)
    }

    @Test func compactSequencesCountAsLevels() {
        let yaml = "name: x\nreference:\n" + String(repeating: "- ", count: 200) + "a.wav\n"
        #expect(message(yaml)?.contains("nests deeper") == true)
    }

    @Test func bracketsInTextCommentsAndBlockScalarsAreNotNesting() throws {
        let yaml = """
            name: x   # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
            description: "see [1] [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
            """ + "\nplc: repeat\n"
        #expect(message(yaml) == nil)
        let block = "name: y\ndescription: |\n" + (0..<100).map { String(repeating: " ", count: 2 + $0) + "[{\n" }.joined()
            + "plc: silence\n"
        #expect(message(block) == nil)
        let plain = "name: z\ndescription: see [1] and {2} " + String(repeating: "[", count: 100) + "\n"
        #expect(message(plain) == nil)
    }

    @Test func everyShippedScenarioPassesTheNestingScan() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios").standardized.path
        for file in try ScenarioLoader.specFiles([folder]) {
            try NestingLimit.check(try ScenarioLoader.text(of: file), file: file)
        }
    }

    // MARK: the matrix is counted before it is expanded

    @Test func aNineAxisMatrixIsRefusedBeforeExpansion() {
        let axes = (0..<9).map { "  emodel.A\($0): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" }.joined(separator: "\n")
        let text = message("name: big\nmatrix:\n" + axes + "\n")
        #expect(text?.hasPrefix("bad.yaml:3:3: the matrix expands to 1000000000 combinations (more than 100000)") == true)
    }

    @Test func overflowingMatrixIsRefused() {
        let values = "[" + (0..<100).map(String.init).joined(separator: ", ") + "]"
        let axes = (0..<12).map { "  emodel.A\($0): \(values)" }.joined(separator: "\n")
        #expect(message("name: big\nmatrix:\n" + axes + "\n")?.contains("combinations (more than 100000)") == true)
    }

    @Test func theRunGuardIsAppliedToTheCountAcrossFiles() throws {
        let folder = NSTemporaryDirectory() + "moslab-matrix-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let values = "[" + (0..<40).map(String.init).joined(separator: ", ") + "]"
        let levels = "[" + (0..<40).map { String(-50 + $0) }.joined(separator: ", ") + "]"
        try "name: a\nmatrix: {seed: \(values), level_dbov: \(levels)}\n".write(toFile: folder + "/a.yaml", atomically: true, encoding: .utf8)
        #expect {
            _ = try ScenarioLoader.load(paths: [folder], maximumRuns: 1_000)
        } throws: { error in
            "\(error)".contains("expands to 1600 runs") && "\(error)".contains("--yes")
        }
        #expect(try ScenarioLoader.load(paths: [folder]).count == 1_600)
    }

    // MARK: hangs: key lookup is linear

    @Test func fiftyThousandExpectKeysLoadPromptly() throws {
        var yaml = "name: x\nexpect:\n"
        for i in 0..<50_000 { yaml += "  field\(i): {min: 1}\n" }
        let start = Date()
        let spec = try ScenarioLoader.parse(yaml: yaml, file: "big.yaml")
        #expect(spec.expect.count == 50_000)
        // Quadratic lookup took 11 s for 10k keys (≈ 275 s for 50k); linear takes well under a second. The bound
        // is generous for a loaded machine.
        #expect(Date().timeIntervalSince(start) < 30)
    }

    // MARK: silent wrong results

    @Test func duplicateKeysAreRefusedWithBothPlaces() {
        let text = message("name: x\nplc: repeat\nseed: 3\nplc: silence\n")
        #expect(text == "bad.yaml:4:1: duplicate key 'plc' (first written at bad.yaml:2:1) (hint: keep one of the two; YAML keys must be unique)")
        #expect(message("name: x\nnetwork: {latency_ms: 10, latency_ms: 20}\n")?.contains("duplicate key 'network.latency_ms'") == true)
        #expect(message("name: x\nexpect: {signal_mos: {min: 1}, signal_mos: {max: 4}}\n")?.contains("duplicate key 'expect.signal_mos'") == true)
        #expect(message("name: x\nmatrix: {seed: [1]}\nmatrix: {seed: [2]}\n")?.contains("duplicate key 'matrix'") == true)
    }

    @Test func nonScalarKeysAreRefused() {
        #expect(message("name: x\n[a, b]: 1\n")?.contains("a key must be a plain name") == true)
    }

    @Test(arguments: ["..", ".", ".hidden", "results.csv", "report.html", "RESULTS.CSV"])
    func namesThatEscapeOrShadowOutputsAreRefused(name: String) {
        let text = message("name: '\(name)'\n")
        #expect(text?.hasPrefix("bad.yaml:1:7: name '\(name)'") == true)
    }

    @Test func twoSpecsWithOneNameAreRefused() throws {
        let folder = NSTemporaryDirectory() + "moslab-samename-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "name: same\nplc: repeat\n".write(toFile: folder + "/a.yaml", atomically: true, encoding: .utf8)
        try "name: same\nplc: silence\n".write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
        #expect {
            _ = try ScenarioLoader.load(paths: [folder])
        } throws: { error in
            "\(error)".hasPrefix("\(folder)/b.yaml: two runs are named 'same' (also in \(folder)/a.yaml)")
        }
    }

    @Test func matrixValuesWithOneLabelAreRefused() {
        let text = message("name: x\nmatrix:\n  reference: ['a b.wav', 'a_b.wav']\n")
        #expect(text?.contains("are both named 'x--reference=a_b.wav'") == true)
    }
}
