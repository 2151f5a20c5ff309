import Foundation
import Testing

/// Usage errors exit 2 (the project's "bad input or usage"), never ArgumentParser's 64, and name the nearest command
/// or option.
@Suite struct CLIMannersTests {
    @Test func commandTypoSuggestsTheCommandAndExitsTwo() throws {
        let run = try CLIRunner.run(["rnu", "Scenarios/"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: unknown command 'rnu'; did you mean 'run'?\n"))
    }

    @Test(arguments: [["run", "--jbos", "2", "Scenarios/"], ["ladder", "--impairmnet", "burst", "--out", "x"], ["emodel", "--nope"]])
    func optionTyposExitTwo(arguments: [String]) throws {
        let run = try CLIRunner.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains("Unknown option"))
    }

    @Test func optionTypoSuggestsTheOption() throws {
        let run = try CLIRunner.run(["run", "--jbos", "2", "Scenarios/"])
        #expect(run.stderr.contains("Did you mean '--jobs'?"))
    }

    @Test func missingArgumentExitsTwo() throws {
        let run = try CLIRunner.run(["ladder"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--out"))
    }

    @Test func versionPrintsOneLine() throws {
        let run = try CLIRunner.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(run.stdout)")
    }

    @Test func helpIsWrappedOnce() throws {
        // A paragraph wrapped by both the source and ArgumentParser leaves a short line followed by a line that
        // starts mid-sentence; the ladder's discussion is one paragraph, so it must come out as full-width lines.
        let run = try CLIRunner.run(["ladder", "--help"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.contains("For each target") })
        let paragraph = lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        for line in paragraph.dropLast() {
            #expect(line.count >= 60, "short line inside a paragraph (wrapped twice?): '\(line)'")
        }
    }
}
