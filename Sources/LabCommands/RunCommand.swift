import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import Reporting
import ScenarioSpecs

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenarios over their reference clips and write degraded WAVs and results.",
        discussion: """
            Writes DIR/<scenario>/<clip>.wav (degraded, aligned to the reference), DIR/<scenario>/<clip>.reference.wav
            (the level-normalised reference it is compared with), DIR/<scenario>/result.json and DIR/results.csv.
            Exits 1 when a spec's `expect:` bounds fail or a run fails (an external jitter buffer that crashed, hung or
            answered out of protocol: the other runs' outputs are still written), 2 on bad input.

            Cluster sweeps: --shard I/N runs the runs at positions k ≡ I (mod N) of the sweep's stable order (spec files
            × matrix × clips, 1-based) and writes DIR/shard.json; `moslab merge` joins shard folders into the folder an
            unsharded run would have written, byte for byte (docs/cluster.md).
            """)

    @Argument(help: "Scenario files or folders of .yaml specs.")
    var paths: [String]

    @Option(name: .long, help: "Output directory.")
    var out: String = "out"

    @Option(name: .long, help: "Override every spec's seed.")
    var seed: UInt64?

    @Option(name: .long, help: "Parallel runs (results are identical for any value).")
    var jobs: Int = 1

    @Flag(name: .long, help: "Print the results as JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "Skip runs whose results already exist in --out for the same spec and seed.")
    var resume = false

    @Flag(name: .long, help: "Run even when a matrix expands to more than \(RunCommand.runLimit) runs.")
    var yes = false

    @Option(name: .long, help: ArgumentHelp("Run only shard I of N of the sweep (1 ≤ I ≤ N) and write DIR/shard.json; combine the shards with `moslab merge`.", valueName: "I/N"))
    var shard: String?

    @Flag(name: .long, help: "Do not measure P.862 (signal MOS): network-only sweeps; results say it was not measured.")
    var noSignalMOS = false

    static let runLimit = 1000

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let summary = try failing {
            let slice = try shard.map { try Shard(parsing: $0) }
            let specs = try ScenarioLoader.load(paths: paths)
            let runner = ScenarioRunner(outputDirectory: out, seedOverride: seed, jobs: jobs, resume: resume,
                                        shard: slice, measuresSignalMOS: !noSignalMOS)
            // The limit guards this machine: a shard counts only its own runs.
            let total = runner.scheduled(try runner.experiments(for: specs)).count
            if total > Self.runLimit && !yes {
                throw InputError("the specs expand to \(total) runs\(slice.map { " in shard \($0)" } ?? "") (more than \(Self.runLimit))",
                                 hint: "narrow the matrix, shard it (--shard I/N), or pass --yes to run them all")
            }
            let progress = ProgressBar(total: total)
            return try runner.run(specs) { _ in progress.advance() }
        }
        // The HTML report of every run in DIR (this run's and earlier ones); see `moslab report`. A shard has none:
        // `moslab merge` writes the sweep's.
        let reportPath = shard != nil ? nil : try failing { try ReportBuilder(directory: out, jobs: jobs).build() }
        if json {
            print(try ResultWriters.json(summary.results), terminator: "")
        } else {
            print(Self.render(summary.results))
            print("\nDegraded WAVs and result.json: \(out)/<scenario>/   All results: \(summary.csvPath)")
            if let reportPath {
                print("Report: \(reportPath)")
            } else if let shard {
                print("Shard \(shard) of the sweep: \(out)/shard.json. Combine all shards with `moslab merge SHARD_DIRS... --out DIR`.")
            }
        }
        for result in summary.results where !result.failed_expectations.isEmpty {
            printError("expectation failed: \(result.scenario)/\(result.clip): \(result.failed_expectations.joined(separator: "; "))")
        }
        for failure in summary.failures {
            printError("run failed: \(failure.scenario)/\(failure.clip): \(failure.message)")
        }
        if summary.failedExpectations > 0 || !summary.failures.isEmpty { throw ExitCode(1) }
    }

    static func render(_ results: [RunResult]) -> String {
        let rows = results.map { r in
            [r.scenario, r.clip, r.codec, r.loss_model, fixed(100 * r.effective_loss_rate, 1) + " %",
             fixed(r.one_way_delay_ms, 0) + " ms", r.r_factor.map { fixed($0, 1) } ?? "-", r.predicted_mos.map { fixed($0, 2) } ?? "-", r.mos_band ?? "-",
             r.signal_mos.map { fixed($0, 2) } ?? "-"]
        }
        return table(["scenario", "clip", "codec", "loss model", "lost+late", "delay", "R", "predicted", "band", "signal"], rows)
    }
}
