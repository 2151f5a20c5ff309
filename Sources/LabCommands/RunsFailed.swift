import Foundation
import LabPipeline

/// Runs of `baseline` or `check` that failed (an external buffer that crashed, hung or spoke garbage). A failed run
/// is exit 1 ("a check, expectation or run failed"), not 2 (bad input), and every failure is printed before the
/// verdict, as `run` does (issue 14: the reasons come first, the exit code says what happened).
struct RunsFailed: Error, CustomStringConvertible {
    var lines: [String]
    var notWritten: String

    init(_ failures: [ScenarioRunner.RunFailure], notWritten: String) {
        lines = failures.map { "\($0.scenario)/\($0.clip): \($0.message)" }
        self.notWritten = notWritten
    }

    var description: String { lines.joined(separator: "; ") }

    func print() {
        for line in lines { printError("run failed: \(line)") }
        printError("error: \(lines.count) run\(lines.count == 1 ? "" : "s") failed, so \(notWritten) (hint: fix the failing runs above; every run must finish)")
    }
}
