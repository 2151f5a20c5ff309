import Foundation
import LabCore

/// `DIR/shard.json`, written by `moslab run … --shard I/N --out DIR`: enough for `moslab merge` to check that its
/// shard folders are the disjoint, complete slices of one sweep made by one MOSLab release (docs/cluster.md).
///
/// The plan is the ordered expansion spec files × matrix combinations × clips (seeds are a matrix axis or the
/// spec's own); `plan_fingerprint` is FNV-1a over it, so two shards agree on it only when they expanded the same
/// specs, clips, seed override and signal-MOS choice into the same order.
public struct ShardManifest: Codable, Sendable, Equatable {
    public static let fileName = "shard.json"
    public static let formatVersion = 1

    public var format_version = ShardManifest.formatVersion
    public var moslab_version: String
    /// `I/N`, and its parts.
    public var shard: String
    public var shard_index: Int
    public var shard_count: Int
    /// Runs in the whole sweep (every shard).
    public var total_runs: Int
    public var plan_fingerprint: String
    /// The `--out` the shard was written to: paths in its results start with it.
    public var output_directory: String
    public var seed_override: UInt64?
    public var signal_mos: Bool
    /// Every scenario of the sweep in plan order, with its spec hash (also those with no run in this shard).
    public var scenarios: [Scenario]
    /// This shard's runs, by 1-based plan position.
    public var runs: [Run]

    public struct Scenario: Codable, Sendable, Equatable {
        public var name: String
        public var spec_hash: String
    }

    public struct Run: Codable, Sendable, Equatable {
        public var index: Int
        public var scenario: String
        public var clip: String
        /// `ok`, or `failed` (an external jitter buffer that failed: no result, as in an unsharded run).
        public var status: String
        public var message: String?
    }

    /// The fingerprint of a plan: one line per run in order (position, scenario, spec hash, clip path, seed),
    /// then the signal-MOS choice.
    public static func fingerprint(of experiments: [Experiment], signalMOS: Bool) -> String {
        var text = ""
        for (offset, experiment) in experiments.enumerated() {
            text += "\(offset + 1)\t\(experiment.spec.name)\t\(experiment.spec.specHash)\t\(experiment.clipPath)\t\(experiment.seed)\n"
        }
        text += "signal_mos=\(signalMOS)\n"
        let digits = String(StreamSeed.fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Reads `folder/shard.json`; a folder without one is not a shard.
    public static func read(folder: String) throws -> ShardManifest {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: folder, "is not a shard folder (no \(fileName))",
                             hint: "give folders written by `moslab run … --shard I/N --out FOLDER`")
        }
        do {
            return try JSONDecoder().decode(ShardManifest.self, from: data)
        } catch {
            throw InputError(file: path, "cannot read the shard manifest: \(error)", hint: "re-run that shard")
        }
    }
}
