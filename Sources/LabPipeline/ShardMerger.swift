import Foundation
import LabCore
import Reporting

/// Joins the shard folders of one sweep (`moslab run … --shard I/N`) into the folder an unsharded run would have
/// written: the same run files, `result.json` per scenario, `results.csv` (and, from the command, the report),
/// byte for byte. It refuses folders that are not the N disjoint slices of one plan made by this MOSLab release,
/// naming the folder at fault (docs/cluster.md).
public struct ShardMerger: Sendable {
    public var folders: [String]
    public var outputDirectory: String

    public init(folders: [String], outputDirectory: String) {
        self.folders = folders
        self.outputDirectory = outputDirectory
    }

    public struct Summary: Sendable {
        public var results: [RunResult]
        public var csvPath: String
        /// Runs that failed in their shard (no result, as in an unsharded run).
        public var failures: [ScenarioRunner.RunFailure]
        public var shardCount: Int
        public var totalRuns: Int
    }

    /// Checks every manifest against the first, and that shards 1…N are each given exactly once.
    public func checkedManifests() throws -> [(folder: String, manifest: ShardManifest)] {
        guard !folders.isEmpty else { throw InputError("no shard folders given", hint: "moslab merge SHARD_DIR... --out DIR") }
        let shards = try folders.map { (folder: $0, manifest: try ShardManifest.read(folder: $0)) }
        let first = shards[0]
        for (folder, manifest) in shards {
            guard manifest.format_version == ShardManifest.formatVersion else {
                throw InputError(file: folder, "shard manifest format \(manifest.format_version) is not \(ShardManifest.formatVersion)",
                                 hint: "re-run that shard with this MOSLab (\(MOSLabVersion.current))")
            }
            guard manifest.moslab_version == MOSLabVersion.current else {
                throw InputError(file: folder, "was made by MOSLab \(manifest.moslab_version); this is MOSLab \(MOSLabVersion.current)",
                                 hint: "run every shard and the merge with one MOSLab release")
            }
            guard manifest.shard_count == first.manifest.shard_count else {
                throw InputError(file: folder, "is shard \(manifest.shard) but \(first.folder) is shard \(first.manifest.shard)",
                                 hint: "merge the shards of one sharding (the same N)")
            }
            guard manifest.plan_fingerprint == first.manifest.plan_fingerprint else {
                throw InputError(file: folder, "is a shard of a different sweep than \(first.folder): \(Self.difference(manifest, first.manifest))",
                                 hint: "run every shard from the same spec files, clips, --seed and --no-signal-mos")
            }
            let expected = (try? Shard(index: manifest.shard_index, count: manifest.shard_count))?.positions(of: manifest.total_runs)
            guard manifest.runs.map(\.index) == expected else {
                throw InputError(file: folder + "/" + ShardManifest.fileName, "does not list the runs of shard \(manifest.shard)",
                                 hint: "re-run that shard")
            }
        }
        var seen: [Int: String] = [:]
        for (folder, manifest) in shards {
            if let other = seen[manifest.shard_index] {
                throw InputError(file: folder, "overlaps \(other): both are shard \(manifest.shard)",
                                 hint: "give each shard 1…\(manifest.shard_count) once")
            }
            seen[manifest.shard_index] = folder
        }
        let count = first.manifest.shard_count
        let missing = (1...count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            let given = shards.sorted { $0.manifest.shard_index < $1.manifest.shard_index }
                .map { "\($0.folder) (\($0.manifest.shard))" }.joined(separator: ", ")
            throw InputError("shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing; given \(given)",
                             hint: "run the missing shard\(missing.count == 1 ? "" : "s") with --shard, then merge all \(count)")
        }
        return shards.sorted { $0.manifest.shard_index < $1.manifest.shard_index }
    }

    /// Where two plans part: the first scenario that differs, else the other choices.
    static func difference(_ a: ShardManifest, _ b: ShardManifest) -> String {
        for (x, y) in zip(a.scenarios, b.scenarios) where x != y {
            return x.name == y.name ? "scenario \(x.name) has spec hash \(x.spec_hash), not \(y.spec_hash)"
                : "scenario \(x.name) where it has \(y.name)"
        }
        if a.scenarios.count != b.scenarios.count { return "\(a.scenarios.count) scenarios, not \(b.scenarios.count)" }
        if a.total_runs != b.total_runs { return "\(a.total_runs) runs, not \(b.total_runs) (other clips?)" }
        if a.seed_override != b.seed_override {
            return "--seed \(a.seed_override.map(String.init) ?? "none"), not \(b.seed_override.map(String.init) ?? "none")"
        }
        if a.signal_mos != b.signal_mos { return "signal MOS \(a.signal_mos ? "on" : "off"), not \(b.signal_mos ? "on" : "off")" }
        return "other clips or seeds"
    }

    public func merge() throws -> Summary {
        let shards = try checkedManifests()
        try checkOutput(shards.map(\.folder))
        let plan = shards[0].manifest
        try AtomicFile.makeDirectory(outputDirectory)
        for scenario in plan.scenarios { try AtomicFile.makeDirectory(outputDirectory + "/" + scenario.name) }

        var byPosition: [Int: RunResult] = [:]
        var failures: [Int: ScenarioRunner.RunFailure] = [:]
        for (folder, manifest) in shards {
            for scenario in plan.scenarios {
                let runs = manifest.runs.filter { $0.scenario == scenario.name && $0.status == "ok" }
                let stored = try Self.results(in: "\(folder)/\(scenario.name)/result.json", expected: runs.count)
                for (run, var result) in zip(runs, stored) {
                    guard result.clip == run.clip else {
                        throw InputError(file: "\(folder)/\(scenario.name)/result.json", "holds \(result.clip) where shard.json lists \(run.clip)",
                                         hint: "re-run that shard")
                    }
                    try copyRunFiles(scenario: scenario.name, clip: run.clip, from: folder)
                    // As ScenarioRunner stores them: relative to the (merged) folder.
                    result.degraded_path = "\(scenario.name)/\(run.clip).wav"
                    result.processed_reference_path = "\(scenario.name)/\(run.clip).reference.wav"
                    let reference = result.reference_path.hasPrefix("/") ? result.reference_path : "\(folder)/\(result.reference_path)"
                    result.reference_path = Baseline.relative(reference, to: OutputFolder.absolute(outputDirectory))
                    // The run's own result file, as ScenarioRunner writes it when the run finishes (for --resume).
                    try AtomicFile.write(try ResultWriters.json([result]), to: "\(outputDirectory)/\(scenario.name)/\(run.clip).result.json")
                    byPosition[run.index] = result
                }
            }
            for run in manifest.runs where run.status != "ok" {
                failures[run.index] = ScenarioRunner.RunFailure(scenario: run.scenario, clip: run.clip, message: run.message ?? "failed")
            }
        }
        let results = byPosition.keys.sorted().map { byPosition[$0]! }
        let csvPath = try ScenarioRunner.writeSweepFiles(results, scenarios: plan.scenarios.map(\.name), to: outputDirectory)
        return Summary(results: results, csvPath: csvPath, failures: failures.keys.sorted().map { failures[$0]! },
                       shardCount: plan.shard_count, totalRuns: plan.total_runs)
    }

    /// The merged folder must be new (or empty) and not one of the shards: the report reads every result in it.
    func checkOutput(_ inputs: [String]) throws {
        let target = URL(fileURLWithPath: outputDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        for folder in inputs where URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path == target {
            throw InputError(file: outputDirectory, "is one of the shard folders", hint: "merge into a new folder")
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: outputDirectory), !entries.isEmpty {
            throw InputError(file: outputDirectory, "is not empty", hint: "merge into a new folder (or remove this one)")
        }
    }

    static func results(in path: String, expected: Int) throws -> [RunResult] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if expected == 0 { return [] }
            throw InputError(file: path, "is missing (the shard lists \(expected) run\(expected == 1 ? "" : "s") here)", hint: "re-run that shard")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let results: [RunResult]
        do {
            results = try decoder.decode([RunResult].self, from: data)
        } catch {
            throw InputError(file: path, "cannot read results: \(error)", hint: "re-run that shard")
        }
        guard results.count == expected else {
            throw InputError(file: path, "holds \(results.count) results where the shard lists \(expected)", hint: "re-run that shard")
        }
        return results
    }

    /// Copies `<clip>.*` (degraded, reference, trace and whatever else a run writes beside them) of one run.
    func copyRunFiles(scenario: String, clip: String, from folder: String) throws {
        let source = "\(folder)/\(scenario)"
        let names = try FileManager.default.contentsOfDirectory(atPath: source)
            .filter { $0.hasPrefix(clip + ".") && !$0.hasPrefix(".") }.sorted()
        guard names.contains(clip + ".wav") else {
            throw InputError(file: "\(source)/\(clip).wav", "is missing", hint: "re-run that shard")
        }
        for name in names {
            guard let data = FileManager.default.contents(atPath: "\(source)/\(name)") else {
                throw InputError(file: "\(source)/\(name)", "cannot be read", hint: "check permissions, or re-run that shard")
            }
            try AtomicFile.write([UInt8](data), to: "\(outputDirectory)/\(scenario)/\(name)")
        }
    }
}
