import ArgumentParser
import Foundation
import LabCore
import LabPipeline
import Reporting

/// `moslab merge`: shard folders of one sweep → the folder an unsharded `moslab run` would have written.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard folders of a sweep (moslab run … --shard I/N) into one run folder.",
        discussion: """
            Writes DIR/<scenario>/ (every run's files), DIR/<scenario>/result.json, DIR/results.csv and DIR/report.html,
            byte-identical to what `moslab run` without --shard writes into DIR (paths in the results name DIR).
            Refuses, naming the folder: a folder without shard.json, shards of a different sweep (other specs,
            clips, --seed or --no-signal-mos), other MOSLab releases, other N, a shard given twice, a missing shard,
            and a DIR that is not empty. Exits 1 when a merged run failed its `expect:` bounds or failed in its shard.

            Example (3 shards, any machines):
              moslab run Scenarios/sweep.yaml --shard 1/3 --out shards/1   # … 2/3, 3/3
              moslab merge shards/1 shards/2 shards/3 --out out
            Score shards: given files written by `moslab score --pairs FILE --shard I/N > FILE.jsonl`, merge writes
            their lines to the --out file in pair order, as one unsharded `moslab score --pairs FILE` prints them.
            See docs/cluster.md for Slurm, Kubernetes and GNU parallel.
            """)

    @Argument(help: "Shard folders (the --out of each `moslab run … --shard I/N`), or score shard files, in any order.")
    var folders: [String]

    @Option(name: .long, help: "Merged folder (new or empty); for score files, the merged JSON-lines file.")
    var out: String

    @Option(name: .long, help: "Parallel workers for the report (the bytes are identical for any value).")
    var jobs: Int = 1

    @Flag(name: .long, help: "Print the merged results as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        if !folders.isEmpty && folders.allSatisfy(Self.isFile) {
            try failing {
                let text = try ScoreShardMerger.merge(files: folders)
                try AtomicFile.write(text, to: out, protected: Set(folders))
            }
            return
        }
        if let file = folders.first(where: Self.isFile) {
            try failing { throw InputError(file: file, "is a file among shard folders", hint: "merge run shard folders, or score shard files, not both") }
        }
        let summary = try failing { try ShardMerger(folders: folders, outputDirectory: out).merge() }
        let reportPath = try failing { try ReportBuilder(directory: out, jobs: jobs).build() }
        if json {
            print(try ResultWriters.json(summary.results), terminator: "")
        } else {
            print(RunCommand.render(summary.results))
            print("\nMerged \(summary.shardCount) shard\(summary.shardCount == 1 ? "" : "s"), \(summary.totalRuns) run\(summary.totalRuns == 1 ? "" : "s"): \(out)/<scenario>/   All results: \(summary.csvPath)")
            print("Report: \(reportPath)")
        }
        for result in summary.results where !result.failed_expectations.isEmpty {
            printError("expectation failed: \(result.scenario)/\(result.clip): \(result.failed_expectations.joined(separator: "; "))")
        }
        for failure in summary.failures {
            printError("run failed: \(failure.scenario)/\(failure.clip): \(failure.message)")
        }
        if summary.results.contains(where: { !$0.failed_expectations.isEmpty }) || !summary.failures.isEmpty { throw ExitCode(1) }
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
