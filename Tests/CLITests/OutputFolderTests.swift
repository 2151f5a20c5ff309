import Foundation
import Testing

/// The folder tells the truth (issue 15): after a re-run with a smaller matrix, report.html, results.csv and the
/// folders describe the same runs; another spec's runs stay; stored paths are relative to the folder.
@Suite struct OutputFolderTests {
    @Test func shrunkenMatrixLeavesNothingStaleAndOtherSpecsStay() throws {
        let directory = CLIRunner.temporaryDirectory()
        let sweep = directory + "/sweep.yaml", other = directory + "/other.yaml", out = directory + "/out"
        try "name: sweep\nreference: {corpus: nb, count: 2}\nmatrix:\n  codec.name: [g711u, g711a]\n".write(toFile: sweep, atomically: true, encoding: .utf8)
        try "name: other\nreference: {corpus: nb, count: 1}\n".write(toFile: other, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["run", sweep, other, "--out", out]).status == 0)
        try "name: sweep\nreference: {corpus: nb, count: 1}\nmatrix:\n  codec.name: [g711u]\n".write(toFile: sweep, atomically: true, encoding: .utf8)
        let rerun = try CLIRunner.run(["run", sweep, "--out", out])
        #expect(rerun.status == 0, "\(rerun.stderr)")

        let folders = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.contains(".") || $0.contains("=") }.sorted()
        #expect(folders == ["other", "sweep--codec.name=g711u"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/sweep--codec.name=g711u").sorted()
                == ["nb01-directory.reference.wav", "nb01-directory.result.json", "nb01-directory.trace.csv", "nb01-directory.wav",
                    "result.json"])
        let csv = try String(contentsOfFile: out + "/results.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3, "header + the 2 runs in the folder: \(csv)")
        let report = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(report.contains("<title>MOSLab report — 2 runs</title>"))
        #expect(!report.contains("g711a"))

        let stored = try String(contentsOfFile: out + "/other/result.json", encoding: .utf8)
        #expect(stored.contains("\"degraded_path\" : \"other/nb01-directory.wav\""))
        #expect(!stored.contains("\"" + directory), "no absolute paths into the folder")
    }
}
