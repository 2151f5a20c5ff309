import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import Playout
import Reporting
import ScenarioSpecs

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run specs and fail (exit 1) on any regression beyond tolerance against a baseline.",
        discussion: """
            Compared per (scenario, clip): predicted_mos and signal_mos must not fall by more than --tolerance MOS; \
            effective_loss_rate and late_loss_rate must not rise by more than --rate-tolerance; mean_playout_delay_ms and \
            one_way_delay_ms must not rise by more than --delay-tolerance ms. Failed `expect:` bounds fail too. \
            Runs are matched by (scenario, clip, seed), also when a spec changed since the baseline: the changed \
            parameters are listed above the table (`jitter_buffer.depth_ms: 60 → 20`), judged on the parsed spec so a \
            comment or key order is not a change. --same-spec refuses a changed spec instead. Runs the baseline has \
            no entry for are listed as new. Runs go to a temporary folder removed afterwards, or --runs DIR. \
            --junit is written whenever given, also when the check fails.
            """)

    @Argument(help: "Scenario files or folders of .yaml specs.")
    var paths: [String]

    @Option(name: .long, help: "Baseline file from `moslab baseline`.")
    var baseline: String

    @Option(name: .long, help: "Allowed fall in MOS.")
    var tolerance: Double = 0.05

    @Option(name: .customLong("rate-tolerance"), help: "Allowed rise in loss rates (absolute, 0.005 = 0.5 points).")
    var rateTolerance: Double = 0.005

    @Option(name: .customLong("delay-tolerance"), help: "Allowed rise in delays, ms.")
    var delayTolerance: Double = 5

    @Option(name: .long, help: "Write JUnit XML here.")
    var junit: String?

    @Option(name: .long, help: "Keep the runs' audio and results in DIR (default: a temporary folder, removed afterwards).")
    var runs: String?

    @OptionGroup var parallel: JobsOption  // --jobs, one default for every command (all cores)
    var jobs: Int { parallel.jobs }

    @Option(name: .long, help: "Override every spec's seed (use the one the baseline was made with).")
    var seed: UInt64?

    @Flag(name: .long, help: "Print the comparison as JSON.")
    var json = false

    @Flag(name: .customLong("same-spec"), help: "Refuse to compare when a spec's parameters changed since the baseline.")
    var sameSpec = false

    func run() throws {
        var changes: [RegressionCheck.SpecChange] = []
        // Inputs no output may replace: the baseline and the spec files (their traces are added once loaded).
        var protectedInputs = Set([baseline] + ((try? ScenarioLoader.specFiles(paths)) ?? paths))
        let (report, results) = try failing { () -> (RegressionCheck.Report, [Reporting.RunResult]) in
            do {
                let (stored, notes) = try Baseline.load(path: baseline)
                for note in notes { printError("note: \(note)") }
                let files = try ScenarioLoader.specFiles(paths)
                if sameSpec { try RegressionCheck.checkSpecsMatch(stored, specFiles: files, baselinePath: baseline) }
                changes = try RegressionCheck.specChanges(stored, specFiles: files, baselinePath: baseline)
                let specs = try ScenarioLoader.load(paths: paths)
                // --junit never lands on a spec, trace or the baseline (issue 14).
                protectedInputs.formUnion(specs.flatMap(\.inputFiles))
                if let junit { try AtomicFile.checkNotInput(junit, protected: protectedInputs) }
                let directory = runs ?? NSTemporaryDirectory() + "moslab-check-\(getpid())"
                defer { if runs == nil { try? FileManager.default.removeItem(atPath: directory) } }
                let summary = try ScenarioRunner(outputDirectory: directory, seedOverride: seed, jobs: jobs).run(specs)
                if let failure = summary.failures.first {
                    throw ExternalBufferError(message: "\(failure.scenario)/\(failure.clip): \(failure.message)")
                }
                let check = RegressionCheck(tolerances: .init(mos: tolerance, rate: rateTolerance, delayMs: delayTolerance))
                let report = try check.compare(current: summary.results, baseline: stored)
                if let junit {
                    try AtomicFile.write(Self.junit(report, results: summary.results), to: junit, protected: protectedInputs)
                }
                return (report, summary.results)
            } catch {
                // JUnit is written whenever asked: a check that could not run is one failed case.
                if let junit {
                    try? AtomicFile.write(JUnitWriter.render(suite: "moslab check", cases: [
                        JUnitWriter.Case(className: "moslab check", name: "check", failures: ["\(error)"]),
                    ]), to: junit, protected: protectedInputs)
                }
                throw error
            }
        }
        _ = results
        var changeLines: [String] = []
        for change in changes {
            changeLines.append(change.isNew ? "\(change.file): new spec (not in the baseline)"
                                            : "\(change.file) changed since the baseline: " + change.changes.joined(separator: ", "))
        }
        for run in report.newRuns { changeLines.append("new run (no baseline entry): \(run.scenario)/\(run.clip) seed \(run.seed)") }
        if json {
            for line in changeLines { printError(line) }
            struct Row: Encodable { var scenario, clip, field: String; var baseline, current, change: Double; var regressed: Bool }
            print(try ResultWriters.json(report.comparisons.map {
                Row(scenario: $0.scenario, clip: $0.clip, field: $0.field, baseline: $0.baseline, current: $0.current,
                    change: $0.change, regressed: $0.regressed)
            }), terminator: "")
        } else {
            for line in changeLines { print(line) }
            let changed = report.comparisons.filter { $0.regressed || $0.change != 0 }
            let rows: [[String]] = changed.map { (item: RegressionCheck.Comparison) -> [String] in
                let sign = item.change >= 0 ? "+" : ""
                let status = item.regressed ? "REGRESSED" : "ok"
                return [item.scenario, item.clip, item.field, fixed(item.baseline, 3), fixed(item.current, 3),
                        sign + fixed(item.change, 3), status]
            }
            if rows.isEmpty {
                print("no change in \(report.comparisons.count) compared figures")
            } else {
                print(table(["scenario", "clip", "field", "baseline", "now", "change", "status"], rows))
            }
        }
        for failure in report.failedExpectations {
            printError("expectation failed: \(failure.scenario)/\(failure.clip): \(failure.failures.joined(separator: "; "))")
        }
        if !report.passed {
            printError("check failed: \(report.regressions.count) regression\(report.regressions.count == 1 ? "" : "s"), \(report.failedExpectations.count) failed expectation\(report.failedExpectations.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
        printError("check passed: \(report.comparisons.count) figures within tolerance")
    }

    static func junit(_ report: RegressionCheck.Report, results: [Reporting.RunResult]) -> String {
        let cases = results.map { result -> JUnitWriter.Case in
            var failures = report.regressions.filter { $0.scenario == result.scenario && $0.clip == result.clip }.map {
                "\($0.field) regressed: \(fixed($0.baseline, 3)) → \(fixed($0.current, 3))"
            }
            failures += result.failed_expectations.map { "expectation failed: \($0)" }
            return JUnitWriter.Case(className: result.scenario, name: result.clip, failures: failures)
        }
        return JUnitWriter.render(suite: "moslab check", cases: cases)
    }
}
