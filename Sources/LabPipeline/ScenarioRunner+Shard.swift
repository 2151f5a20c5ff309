import Playout
import Foundation
import LabCore
import Reporting
import ScenarioSpecs

extension ScenarioRunner {
    /// Writes `DIR/shard.json` after a sharded run: which slice this is, of which plan, made by which release.
    func writeManifest(shard: Shard, plan: [Experiment], scheduled: [(position: Int, experiment: Experiment)],
                       outcomes: [Result<RunResult, any Error>], specs: [ScenarioSpec], protected: Set<String>) throws {
        let runs = zip(scheduled, outcomes).map { slot, outcome -> ShardManifest.Run in
            var run = ShardManifest.Run(index: slot.position, scenario: slot.experiment.spec.name,
                                        clip: slot.experiment.clipName, status: "ok")
            if case .failure(let error) = outcome {
                run.status = "failed"
                run.message = (error as? ExternalBufferError)?.message ?? "\(error)"
            }
            return run
        }
        let manifest = ShardManifest(
            moslab_version: MOSLabVersion.current, shard: shard.description, shard_index: shard.index,
            shard_count: shard.count, total_runs: plan.count,
            plan_fingerprint: ShardManifest.fingerprint(of: plan, signalMOS: measuresSignalMOS),
            output_directory: outputDirectory, seed_override: seedOverride, signal_mos: measuresSignalMOS,
            scenarios: specs.map { ShardManifest.Scenario(name: $0.name, spec_hash: $0.specHash) }, runs: runs)
        try AtomicFile.write(try ResultWriters.json(manifest), to: outputDirectory + "/" + ShardManifest.fileName,
                             protected: protected)
    }
}
