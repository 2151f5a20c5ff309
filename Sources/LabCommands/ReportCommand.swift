import ArgumentParser
import Foundation
import LabPipeline

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build DIR/report.html from a run directory: tables, players, packet timelines, spectrograms, sweeps.",
        discussion: """
            DIR is the --out folder of `moslab run` (which writes the report itself at the end); use this command to \
            rebuild it, e.g. after adding runs. The page is self-contained (no network) and links the WAVs in DIR \
            with relative paths, so keep it beside them. What it shows: docs/report.md.
            """)

    @Argument(help: "A run directory (the --out folder of `moslab run`).")
    var directory: String

    @Option(name: .long, help: "Draw per-run plots (timeline, spectrograms) for the first N runs only.")
    var plots: Int?

    @OptionGroup var parallel: JobsOption  // --jobs, one default for every command (all cores)
    var jobs: Int { parallel.jobs }

    func run() throws {
        let path = try failing {
            try ReportBuilder(directory: directory, plotLimit: plots ?? .max, jobs: jobs).build()
        }
        print("Report: \(path)")
    }
}
