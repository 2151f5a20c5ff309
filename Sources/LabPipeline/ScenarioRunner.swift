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

    public init(outputDirectory: String, seedOverride: UInt64? = nil, jobs: Int = 1, resume: Bool = false) {
        self.outputDirectory = outputDirectory
        self.seedOverride = seedOverride
        self.jobs = max(1, jobs)
        self.resume = resume
    }

    /// The runs a set of specs expands to (one per spec × clip), without running them.
    public func experiments(for specs: [ScenarioSpec]) throws -> [Experiment] {
        try specs.flatMap { spec in
            try ReferenceResolver.clips(for: spec).map { Experiment(spec: spec, clipPath: $0, seed: seedOverride) }
        }
    }

    public struct Summary: Sendable {
        public var results: [RunResult]
        public var csvPath: String
        /// Runs whose external jitter buffer failed (crashed, hung, answered out of protocol): no result, the
        /// others are written as usual.
        public var failures: [RunFailure] = []
        public var failedExpectations: Int { results.filter { !$0.failed_expectations.isEmpty }.count }
    }

    public struct RunFailure: Sendable {
        public var scenario: String
        public var clip: String
        public var message: String
    }

    public func run(_ specs: [ScenarioSpec], progress: (@Sendable (RunResult) -> Void)? = nil) throws -> Summary {
        let experiments = try experiments(for: specs)
        let previous = resume ? previousResults(for: specs) : [:]
        // Every input is protected from being overwritten by an output.
        let inputs = Set(experiments.map(\.clipPath) + specs.flatMap(\.inputFiles))
        // The results table must not replace an input (a trace named results.csv in --out): refuse before running.
        try AtomicFile.checkNotInput(outputDirectory + "/results.csv", protected: inputs)
        for experiment in experiments {
            let stem = "\(outputDirectory)/\(experiment.spec.name)/\(experiment.clipName)"
            for suffix in [".wav", ".reference.wav", ".trace.csv", ".result.json"] {
                try AtomicFile.checkNotInput(stem + suffix, protected: inputs)
            }
        }
        for spec in specs { try AtomicFile.checkNotInput("\(outputDirectory)/\(spec.name)/result.json", protected: inputs) }
        try AtomicFile.makeDirectory(outputDirectory)
        for spec in specs { try AtomicFile.makeDirectory(outputDirectory + "/" + spec.name) }

        let outcomes = ConcurrentMap.map(experiments, jobs: jobs) { experiment -> Result<RunResult, any Error> in
            let key = ResumeKey(scenario: experiment.spec.name, clip: experiment.clipName)
            let outcome: Result<RunResult, any Error>
            // Reused only when every file it wrote is still exactly as recorded (size and hash).
            if let stored = previous[key], stored.spec_hash == experiment.spec.specHash, stored.seed == experiment.seed,
               let files = stored.output_files, !files.isEmpty, files.allSatisfy(\.isIntact) {
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
            } catch {
                // Any other failure of one run (a clip that cannot be read, …): the runs that can finish, finish.
                failures.append(RunFailure(scenario: experiments[index].spec.name, clip: experiments[index].clipName, message: "\(error)"))
            }
        }

        for spec in specs {
            let mine = results.filter { $0.scenario == spec.name }
            try AtomicFile.write(try ResultWriters.json(mine), to: "\(outputDirectory)/\(spec.name)/result.json", protected: inputs)
        }
        let csvPath = outputDirectory + "/results.csv"
        try AtomicFile.write(ResultWriters.csv(results), to: csvPath, protected: inputs)
        return Summary(results: results, csvPath: csvPath, failures: failures)
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

    func runOne(_ experiment: Experiment, protected: Set<String>) throws -> RunResult {
        var output = try experiment.run()
        let folder = "\(outputDirectory)/\(experiment.spec.name)"
        let degradedPath = "\(folder)/\(experiment.clipName).wav"
        let referencePath = "\(folder)/\(experiment.clipName).reference.wav"
        try AudioFile.writeWAV(output.degraded, to: degradedPath, protected: protected)
        try AudioFile.writeWAV(output.processedReference, to: referencePath, protected: protected)
        let tracePath = "\(folder)/\(experiment.clipName).trace.csv"
        try AtomicFile.write(PacketTraceCSV.render(arrivals: output.arrivals, events: output.events),
                             to: tracePath, protected: protected)
        output.result.degraded_path = degradedPath
        output.result.processed_reference_path = referencePath
        output.result.output_files = [degradedPath, referencePath, tracePath].compactMap(FileDigest.of)
        // This run's result on its own, written as it finishes: an interrupted sweep resumes where it stopped.
        try AtomicFile.write(try ResultWriters.json([output.result]), to: "\(folder)/\(experiment.clipName).result.json", protected: protected)
        return output.result
    }
}
