import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import Playout
import ScenarioSpecs

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Run specs and store their results as the baseline `moslab check` compares against.")

    @Argument(help: "Scenario files or folders of .yaml specs.")
    var paths: [String]

    @Option(name: .long, help: "Baseline file to write (JSON).")
    var out: String

    @Option(name: .long, help: "Keep the runs' audio and results in DIR (default: a temporary folder, removed afterwards).")
    var runs: String?

    @Option(name: .long, help: "Override every spec's seed.")
    var seed: UInt64?

    @OptionGroup var parallel: JobsOption  // --jobs, one default for every command (all cores)
    var jobs: Int { parallel.jobs }

    func run() throws {
        try failing {
            let files = try ScenarioLoader.specFiles(paths)
            let specs = try ScenarioLoader.load(paths: paths)
            // Never over a spec (or any other input): `baseline s.yaml --out s.yaml` used to replace the spec.
            try AtomicFile.checkNotInput(out, protected: Set(specs.flatMap(\.inputFiles)))
            let directory = runs ?? NSTemporaryDirectory() + "moslab-baseline-\(getpid())"
            defer { if runs == nil { try? FileManager.default.removeItem(atPath: directory) } }  // no litter in /tmp
            let summary = try ScenarioRunner(outputDirectory: directory, seedOverride: seed, jobs: jobs).run(specs)
            if let failure = summary.failures.first {
                throw ExternalBufferError(message: "\(failure.scenario)/\(failure.clip): \(failure.message)")
            }
            try Baseline(specFiles: files, results: summary.results, baselinePath: out, runsKept: runs != nil).write(to: out)
            print("baseline: \(summary.results.count) runs from \(files.count) spec\(files.count == 1 ? "" : "s") → \(out)")
        }
    }
}
