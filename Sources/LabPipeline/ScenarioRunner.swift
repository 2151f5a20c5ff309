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
        try specs.flatMap { spec in
            try ReferenceResolver.clips(for: spec).map {
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
        let inputs = Set(experiments.map(\.clipPath) + specs.map(\.sourcePath).filter { !$0.isEmpty })
        try AtomicFile.makeDirectory(outputDirectory)
        for spec in specs { try AtomicFile.makeDirectory(outputDirectory + "/" + spec.name) }

        let outcomes = ConcurrentMap.map(experiments, jobs: jobs) { experiment -> Result<RunResult, any Error> in
            let key = ResumeKey(scenario: experiment.spec.name, clip: experiment.clipName)
            let outcome: Result<RunResult, any Error>
            if let stored = previous[key], stored.spec_hash == experiment.spec.specHash, stored.seed == experiment.seed,
               stored.notes.contains(Experiment.signalMOSOffNote) == !experiment.measuresSignalMOS,
               FileManager.default.fileExists(atPath: stored.degraded_path) {
                outcome = .success(stored)
            } else {
                outcome = Result { try self.runOne(experiment, protected: inputs) }
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
            }
        }

        let csvPath = try Self.writeSweepFiles(results, scenarios: specs.map(\.name), to: outputDirectory, protected: inputs)
        if let shard {
            try writeManifest(shard: shard, plan: plan, scheduled: scheduled, outcomes: outcomes, specs: specs, protected: inputs)
        }
        return Summary(results: results, csvPath: csvPath, failures: failures, reuse: cache?.statistics ?? SweepCache.Statistics())
    }

    /// The files a sweep writes from all its results: `DIR/<scenario>/result.json` per scenario (in plan order,
    /// also for a scenario with no result) and `DIR/results.csv`. `moslab merge` writes a merged sweep through this
    /// same function, so its bytes equal an unsharded run's: write any new sweep-level file here. Returns the CSV path.
    public static func writeSweepFiles(_ results: [RunResult], scenarios: [String], to directory: String,
                                       protected: Set<String> = []) throws -> String {
        for scenario in scenarios {
            let mine = results.filter { $0.scenario == scenario }
            try AtomicFile.write(try ResultWriters.json(mine), to: "\(directory)/\(scenario)/result.json", protected: protected)
        }
        let csvPath = directory + "/results.csv"
        try AtomicFile.write(ResultWriters.csv(results), to: csvPath, protected: protected)
        return csvPath
    }

    struct ResumeKey: Hashable {
        var scenario: String
        var clip: String
    }

    /// Results already in the output directory, by (scenario, clip); unreadable files are simply not reused.
    func previousResults(for specs: [ScenarioSpec]) -> [ResumeKey: RunResult] {
        var stored: [ResumeKey: RunResult] = [:]
        for spec in specs {
            let path = "\(outputDirectory)/\(spec.name)/result.json"
            guard let data = FileManager.default.contents(atPath: path),
                  let results = try? JSONDecoder().decode([RunResult].self, from: data) else { continue }
            for result in results { stored[ResumeKey(scenario: result.scenario, clip: result.clip)] = result }
        }
        return stored
    }

    func runOne(_ experiment: Experiment, protected: Set<String>) throws -> RunResult {
        var output = try experiment.run()
        let folder = "\(outputDirectory)/\(experiment.spec.name)"
        let degradedPath = "\(folder)/\(experiment.clipName).wav"
        let referencePath = "\(folder)/\(experiment.clipName).reference.wav"
        try AudioFile.writeWAV(output.degraded, to: degradedPath, protected: protected)
        try AudioFile.writeWAV(output.processedReference, to: referencePath, protected: protected)
        try AtomicFile.write(PacketTraceCSV.render(arrivals: output.arrivals, events: output.events),
                             to: "\(folder)/\(experiment.clipName).trace.csv", protected: protected)
        output.result.degraded_path = degradedPath
        output.result.processed_reference_path = referencePath
        return output.result
    }
}
