import PacketTraces
import AudioIO
import Foundation
import LabCore
import Playout
import Reporting
import ScenarioSpecs

/// Runs scenarios over their clips and writes `DIR/<scenario>/<clip>.wav`, `DIR/<scenario>/result.json` and
/// `DIR/results.csv`, every file atomically. Results are ordered by (scenario, clip) whatever `jobs` is, and each
/// run is a pure function of (spec, clip, seed), so the bytes never depend on parallelism.
public struct ScenarioRunner: Sendable {
    public var outputDirectory: String
    public var seedOverride: UInt64?
    public var jobs: Int
    /// Skip runs whose result already exists in the output directory with the same spec hash and seed.
    public var resume: Bool
    /// Run only this slice of the sweep and write `DIR/shard.json` for `moslab merge` (docs/cluster.md).
    public var shard: Shard?
    /// False for `--no-signal-mos`: no run measures P.862 (a spec's `signal_mos: false` turns it off for its own runs).
    public var measuresSignalMOS: Bool
    /// Compute what the sweep's runs share once (`SweepCache`); off only to check that reuse changes no byte.
    public var reusesSharedWork = true

    public init(outputDirectory: String, seedOverride: UInt64? = nil, jobs: Int = 1, resume: Bool = false,
                shard: Shard? = nil, measuresSignalMOS: Bool = true) {
        self.outputDirectory = outputDirectory
        self.seedOverride = seedOverride
        self.jobs = max(1, jobs)
        self.resume = resume
        self.shard = shard
        self.measuresSignalMOS = measuresSignalMOS
    }

    /// The runs a set of specs expands to, without running them: the sweep's stable order, spec files (folders
    /// sorted by name) × matrix combinations (last axis fastest) × clips. A run's 1-based position in it is the
    /// index `--shard` slices by.
    public func experiments(for specs: [ScenarioSpec]) throws -> [Experiment] {
        var memo = ClipMemo()
        return try specs.flatMap { spec in
            try memo.clips(for: spec).map {
                Experiment(spec: spec, clipPath: $0, seed: seedOverride, measuresSignalMOS: measuresSignalMOS && spec.signalMOS)
            }
        }
    }

    /// The runs this invocation makes, with their 1-based positions in the sweep: all of them, or the shard's.
    public func scheduled(_ experiments: [Experiment]) -> [(position: Int, experiment: Experiment)] {
        experiments.enumerated().compactMap { offset, experiment in
            shard.map { $0.contains(position: offset + 1) } ?? true ? (offset + 1, experiment) : nil
        }
    }

    public struct Summary: Sendable {
        public var results: [RunResult]
        public var csvPath: String
        /// Runs whose external jitter buffer failed (crashed, hung, answered out of protocol): no result, the
        /// others are written as usual.
        public var failures: [RunFailure] = []
        /// What the sweep's runs shared (zero when reuse is off).
        public var reuse = SweepCache.Statistics()
        public var failedExpectations: Int { results.filter { !$0.failed_expectations.isEmpty }.count }
    }

    public struct RunFailure: Sendable {
        public var scenario: String
        public var clip: String
        public var message: String
    }

    public func run(_ specs: [ScenarioSpec], progress: (@Sendable (RunResult) -> Void)? = nil) throws -> Summary {
        _ = AllocatorReuse.applied  // freed run buffers stay in the heap for the next run (LabCore)
        let plan = try experiments(for: specs)
        let scheduled = scheduled(plan)
        let cache = reusesSharedWork ? SweepCache() : nil
        let experiments = scheduled.map { slot in
            var experiment = slot.experiment
            experiment.cache = cache
            return experiment
        }
        let previous = resume ? previousResults(for: specs) : [:]
        // Every input is protected from being overwritten by an output.
        let inputs = Set(experiments.map(\.clipPath) + specs.flatMap(\.inputFiles))
        let guarded = ProtectedInputs(inputs, outputFolders: specs.map { "\(outputDirectory)/\($0.name)" })
        // The results table must not replace an input (a trace named results.csv in --out): refuse before running.
        try guarded.check(outputDirectory + "/results.csv")
        for experiment in experiments {
            let stem = "\(outputDirectory)/\(experiment.spec.name)/\(experiment.clipName)"
            for suffix in [".wav", ".reference.wav", ".trace.csv", ".result.json"] {
                try guarded.check(stem + suffix)
            }
        }
        for spec in specs { try guarded.check("\(outputDirectory)/\(spec.name)/result.json") }
        try AtomicFile.makeDirectory(outputDirectory)
        for spec in specs { try AtomicFile.makeDirectory(outputDirectory + "/" + spec.name) }
        let absoluteFolder = OutputFolder.absolute(outputDirectory)
        // The clips' paths as stored (relative to DIR), resolved once per clip rather than once per run.
        var clipsFromOutput: [String: String] = [:]
        for clip in Set(experiments.map(\.clipPath)) { clipsFromOutput[clip] = Baseline.relative(clip, to: absoluteFolder) }
        // Scenario folders that are real folders (not symbolic links, which the full resolution would follow).
        let plainFolders = Set(specs.map(\.name).filter { name in
            var status = stat()
            return lstat(outputDirectory + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        })
        let paths = StoredPaths(folder: absoluteFolder, known: clipsFromOutput, plainFolders: plainFolders)
        let encoded = EncodedResults()

        let outcomes = ConcurrentMap.map(experiments, jobs: jobs) { experiment -> Result<RunResult, any Error> in
            let key = ResumeKey(scenario: experiment.spec.name, clip: experiment.clipName)
            let outcome: Result<RunResult, any Error>
            // Reused only when every file it wrote is still exactly as recorded (size and hash).
            if var stored = previous[key], stored.spec_hash == experiment.spec.specHash, stored.seed == experiment.seed,
               stored.notes.contains(Experiment.signalMOSOffNote) == !experiment.measuresSignalMOS,
               let files = stored.output_files, !files.isEmpty,
               files.allSatisfy({ FileDigest(path: outputDirectory + "/" + $0.path, bytes: $0.bytes, fnv1a64: $0.fnv1a64).isIntact }) {
                stored.degraded_path = self.inOutput(stored.degraded_path)
                stored.processed_reference_path = self.inOutput(stored.processed_reference_path)
                outcome = .success(stored)
            } else {
                outcome = Result { try self.runOne(experiment, inputs: guarded, paths: paths, encoded: encoded) }
            }
            if case .success(let result) = outcome, let progress { progress(result) }
            return outcome
        }
        var results: [RunResult] = []
        var failures: [RunFailure] = []
        for (index, slot) in outcomes.enumerated() {
            do {
                results.append(try slot.get())
            } catch let error as ExternalBufferError {
                failures.append(RunFailure(scenario: experiments[index].spec.name, clip: experiments[index].clipName, message: error.message))
            } catch {
                // Any other failure of one run (a clip that cannot be read, …): the runs that can finish, finish.
                failures.append(RunFailure(scenario: experiments[index].spec.name, clip: experiments[index].clipName, message: "\(error)"))
            }
        }

        // Stored results hold paths relative to DIR, so a results folder can be moved or archived (issue 15).
        let stored = results.map { relativeToOutput($0, paths: paths) }
        var csvPath = try Self.writeSweepFiles(stored, scenarios: specs.map(\.name), to: outputDirectory, protected: inputs,
                                               encoded: encoded.all)
        if shard == nil {
            // A re-run of a spec replaces its earlier runs; results.csv then lists every run in the folder (this
            // run's, then other specs' earlier ones), as report.html does.
            try OutputFolder(directory: outputDirectory).removeStale(runNow: specs, clips: Dictionary(grouping: experiments, by: \.spec.name).mapValues { $0.map(\.clipName) })
            let current = Set(specs.map(\.name))
            // This sweep's own folders hold only its own results (written just above): not read back.
            let others = ((try? ReportBuilder(directory: outputDirectory).loadResults(skipping: current)) ?? [])
                .filter { !current.contains($0.scenario) }
            if !others.isEmpty {
                csvPath = outputDirectory + "/results.csv"
                try AtomicFile.write(ResultWriters.csv(stored + others), to: csvPath, protected: inputs)
            }
        }
        if let shard {
            try writeManifest(shard: shard, plan: plan, scheduled: scheduled, outcomes: outcomes, specs: specs, protected: inputs)
        }
        return Summary(results: results, csvPath: csvPath, failures: failures, reuse: cache?.statistics ?? SweepCache.Statistics())
    }

    /// The files a sweep writes from all its results: `DIR/<scenario>/result.json` per scenario (in plan order,
    /// also for a scenario with no result) and `DIR/results.csv`. `moslab merge` writes a merged sweep through this
    /// same function, so its bytes equal an unsharded run's: write any new sweep-level file here. Returns the CSV path.
    ///
    /// `encoded`: results already encoded as elements of an array (`ResultJSON.element`, by `EncodedResults.key`),
    /// as each run's own result file did; the others are encoded here.
    public static func writeSweepFiles(_ results: [RunResult], scenarios: [String], to directory: String,
                                       protected: Set<String> = [], encoded: [String: [UInt8]] = [:]) throws -> String {
        // Inputs known by file identity once (ProtectedInputs), not resolved again for every file written.
        let guarded = ProtectedInputs(protected)
        let byScenario = Dictionary(grouping: results, by: \.scenario)
        // Reused only when scenario and clip name each result alone (two clips of one name would share a key).
        let unique = Set(results.map { EncodedResults.key($0.scenario, $0.clip) }).count == results.count
        for scenario in scenarios {
            let elements = try (byScenario[scenario] ?? []).map {
                try (unique ? encoded[EncodedResults.key($0.scenario, $0.clip)] : nil) ?? ResultJSON.element($0)
            }
            try guarded.write(ResultJSON.array(of: elements), to: "\(directory)/\(scenario)/result.json")
        }
        let csvPath = directory + "/results.csv"
        try guarded.write(Array(ResultWriters.csv(results).utf8), to: csvPath)
        // The comparison summary of a matrix sweep (issue 11): written here so a merged sweep has it too.
        let comparison = ComparisonSummary(results: results)
        if !comparison.rows.isEmpty {
            try guarded.write(Array(comparison.csv.utf8), to: directory + "/summary.csv")
        }
        return csvPath
    }

    /// The result as stored in DIR: its paths relative to DIR, so a results folder can be moved or archived.
    func relativeToOutput(_ result: RunResult) -> RunResult {
        relativeToOutput(result, paths: StoredPaths(folder: OutputFolder.absolute(outputDirectory)))
    }

    /// What a sweep resolves once for `relativeToOutput`: DIR as an absolute path, and paths already made relative
    /// to it (the clips).
    struct StoredPaths: Sendable {
        var folder: String
        var known: [String: String] = [:]
        /// `<scenario>` folders in DIR known to be folders, not links.
        var plainFolders: Set<String> = []
    }

    func relativeToOutput(_ result: RunResult, paths: StoredPaths) -> RunResult {
        var result = result
        result.reference_path = relative(result.reference_path, paths)
        result.degraded_path = relative(result.degraded_path, paths)
        result.processed_reference_path = relative(result.processed_reference_path, paths)
        return result
    }

    /// `Baseline.relative(path, to: folder)`, without resolving anything for the files this runner wrote: the path
    /// `outputDirectory/<scenario>/<file>` of a scenario folder that is a real folder, and a file name with no
    /// special component, is `<scenario>/<file>` from DIR, which is what the full resolution gives (standardising
    /// the common head changes both sides alike, and the files are written by rename, never links).
    func relative(_ path: String, _ paths: StoredPaths) -> String {
        if let known = paths.known[path] { return known }
        if let tail = Self.plainTail(path, under: outputDirectory), paths.plainFolders.contains(tail.folder) { return tail.relative }
        if !outputDirectory.isEmpty, path.hasPrefix(outputDirectory + "/") {
            let tail = path.dropFirst(outputDirectory.count + 1)
            let components = tail.split(separator: "/", omittingEmptySubsequences: false)
            if components.count == 2, paths.plainFolders.contains(String(components[0])),
               components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix("~") }) {
                return String(tail)
            }
        }
        return Baseline.relative(path, to: paths.folder)
    }

    /// The common case of `relative`'s check, on bytes: `path` is `directory/<folder>/<file>` with both names
    /// non-empty, not `.`, `..` or starting with `~`, and everything after `directory/` ASCII — where the character
    /// view that `relative`'s general check splits (`hasPrefix`, `split`) sees exactly these bytes, so the two agree.
    /// Nil when it does not apply (then the general check decides). Splitting the path was ≈ 4 % of a network-only
    /// run (issue 16, runcost3).
    static func plainTail(_ path: String, under directory: String) -> (folder: String, relative: String)? {
        var path = path, directory = directory
        return directory.withUTF8 { head -> (folder: String, relative: String)? in
            guard !head.isEmpty else { return nil }
            return path.withUTF8 { bytes -> (folder: String, relative: String)? in
                let start = head.count + 1
                guard bytes.count > start, bytes[head.count] == UInt8(ascii: "/"),
                      memcmp(bytes.baseAddress!, head.baseAddress!, head.count) == 0 else { return nil }
                // The directory must end where a character ends: its last byte ASCII (the "/" that follows is then its
                // own character, as `hasPrefix(directory + "/")` requires).
                guard head[head.count - 1] < 0x80 else { return nil }
                var slash = -1
                for index in start..<bytes.count {
                    let byte = bytes[index]
                    guard byte < 0x80 else { return nil }
                    if byte == UInt8(ascii: "/") {
                        guard slash < 0 else { return nil }
                        slash = index
                    }
                }
                guard slash > start, slash < bytes.count - 1 else { return nil }
                func plain(_ range: Range<Int>) -> Bool {
                    let count = range.count
                    if bytes[range.lowerBound] == UInt8(ascii: "~") { return false }
                    if count == 1, bytes[range.lowerBound] == UInt8(ascii: ".") { return false }
                    if count == 2, bytes[range.lowerBound] == UInt8(ascii: "."), bytes[range.lowerBound + 1] == UInt8(ascii: ".") { return false }
                    return true
                }
                guard plain(start..<slash), plain((slash + 1)..<bytes.count) else { return nil }
                let folder = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<slash]), as: UTF8.self)
                let relative = String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
                return (folder, relative)
            }
        }
    }

    /// A stored path as a path from here (stored paths are relative to DIR; older result files held full paths).
    func inOutput(_ path: String) -> String {
        path.isEmpty || path.hasPrefix("/") ? path : outputDirectory + "/" + path
    }

    struct ResumeKey: Hashable {
        var scenario: String
        var clip: String
    }

    /// Results already in the output directory, by (scenario, clip); unreadable files are simply not reused.
    func previousResults(for specs: [ScenarioSpec]) -> [ResumeKey: RunResult] {
        var stored: [ResumeKey: RunResult] = [:]
        for spec in specs {
            let folder = "\(outputDirectory)/\(spec.name)"
            // The scenario's result.json, then each run's own <clip>.result.json (written as each run finished).
            let perRun = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".result.json") }.sorted().map { folder + "/" + $0 }
            for path in [folder + "/result.json"] + perRun {
                guard let data = FileManager.default.contents(atPath: path),
                      let results = try? JSONDecoder().decode([RunResult].self, from: data) else { continue }
                for result in results { stored[ResumeKey(scenario: result.scenario, clip: result.clip)] = result }
            }
        }
        return stored
    }

    /// One run and its files: `<clip>.wav`, `<clip>.reference.wav`, `<clip>.trace.csv` and `<clip>.result.json`,
    /// each built in memory, hashed there for `output_files` and written with one atomic write (issue 16 part 2).
    func runOne(_ experiment: Experiment, inputs: ProtectedInputs, paths: StoredPaths, encoded: EncodedResults? = nil) throws -> RunResult {
        var output = try experiment.run()
        let folder = "\(outputDirectory)/\(experiment.spec.name)"
        let degradedPath = "\(folder)/\(experiment.clipName).wav"
        let referencePath = "\(folder)/\(experiment.clipName).reference.wav"
        let tracePath = "\(folder)/\(experiment.clipName).trace.csv"
        // The reference file is the same for every run of a clip, and runs with identical audio have identical
        // degraded files: the sweep's cache holds their bytes and digests, and each is stored once (SharedWAV).
        let degraded = output.degradedWAV ?? SharedWAV(WAVBytes.pcm16(output.degraded))
        let reference = output.processedReferenceWAV ?? SharedWAV(WAVBytes.pcm16(output.processedReference))
        let trace = output.trace ?? {
            var trace = Array(PacketTraceCSV.header.utf8)
            trace.reserveCapacity(trace.count + output.events.count * 48)
            PacketTraceCSV.append(output.arrivals, output.events, to: &trace)
            return trace
        }()
        try inputs.check(degradedPath)
        try degraded.write(to: degradedPath)
        try inputs.check(referencePath)
        try reference.write(to: referencePath)
        try inputs.write(trace, to: tracePath)
        output.result.degraded_path = degradedPath
        output.result.processed_reference_path = referencePath
        // Paths relative to the output directory, so results stay the same wherever the folder lives (shards, merge).
        let prefix = outputDirectory.count + 1
        output.result.output_files = [
            FileDigest(path: String(degradedPath.dropFirst(prefix)), bytes: degraded.bytes.count, fnv1a64: degraded.digest),
            FileDigest(path: String(referencePath.dropFirst(prefix)), bytes: reference.bytes.count, fnv1a64: reference.digest),
            output.traceDigest.map { FileDigest(path: String(tracePath.dropFirst(prefix)), bytes: trace.count, fnv1a64: $0) }
                ?? FileDigest.of(bytes: trace, path: String(tracePath.dropFirst(prefix))),
        ]
        // This run's result on its own, written as it finishes: an interrupted sweep resumes where it stopped.
        // Stored like the sweep's result.json (paths relative to DIR), so `moslab merge` writes the same bytes; the
        // sweep's result.json reuses the encoding.
        let element = try ResultJSON.element(relativeToOutput(output.result, paths: paths))
        try inputs.write(ResultJSON.array(of: [element]), to: "\(folder)/\(experiment.clipName).result.json")
        encoded?.store(element, for: EncodedResults.key(output.result.scenario, output.result.clip))
        return output.result
    }
}

