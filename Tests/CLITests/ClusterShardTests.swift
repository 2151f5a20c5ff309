import Foundation
import Testing

/// Cluster sweeps (issue 16 part 3, docs/cluster.md): `--shard I/N` + `moslab merge` give the unsharded bytes.
@Suite struct ClusterShardTests {
    /// A 2 × 2 × 2 sweep (codec × loss × seed) over two clips: 16 runs, in 3 shards of 6, 5 and 5.
    static func writeSweep(in directory: String) throws -> String {
        let root = CLIRunner.repositoryRoot
        let spec = """
            name: shardable
            reference: [\(root)/Corpus/nb/nb01-directory.wav, \(root)/Corpus/nb/nb02-conference.wav]
            codec: {name: g711u, ptime_ms: 20}
            network:
              latency_ms: 40
              jitter: {distribution: normal, stddev_ms: 10}
              loss: {model: bernoulli, rate: 0.0}
            jitter_buffer: {type: fixed, depth_ms: 40}
            matrix:
              codec.name: [g711u, g711a]
              network.loss.rate: [0, 0.05]
              seed: [1, 2]
            """
        let path = directory + "/shardable.yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every file under `root`, relative, sorted.
    static func files(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var names: [String] = []
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(name)
            }
        }
        return names.sorted()
    }

    @Test func threeShardsMergeToTheUnshardedBytes() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeSweep(in: directory)
        let whole = directory + "/whole", sharded = directory + "/sharded"
        for folder in [whole, sharded] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

        let unsharded = try CLIRunner.run(["run", spec, "--out", "out", "--jobs", "2"], in: whole)
        #expect(unsharded.status == 0, "\(unsharded.stderr)")
        // Each shard with another --jobs: the slice and its bytes depend on neither.
        for (index, jobs) in [(1, "1"), (2, "2"), (3, "1")] {
            let shard = try CLIRunner.run(["run", spec, "--shard", "\(index)/3", "--out", "s\(index)", "--jobs", jobs], in: sharded)
            #expect(shard.status == 0, "\(shard.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(sharded)/s\(index)/report.html"))
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sharded + "/s2/shard.json"))) as! [String: Any]
        #expect(manifest["total_runs"] as? Int == 16)
        #expect((manifest["runs"] as! [[String: Any]]).map { $0["index"] as! Int } == [2, 5, 8, 11, 14])

        // Shards given out of order.
        let merged = try CLIRunner.run(["merge", "s3", "s1", "s2", "--out", "out"], in: sharded)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("Merged 3 shards, 16 runs"))

        let expected = Self.files(under: whole + "/out"), actual = Self.files(under: sharded + "/out")
        // results.csv, summary.csv, report.html, 8 scenarios × result.json, 16 runs × 4 files (2 WAVs, trace, own result)
        #expect(expected.count == 1 + 1 + 1 + 8 + 16 * 4)
        #expect(actual == expected)
        for name in expected {
            let a = FileManager.default.contents(atPath: whole + "/out/" + name)
            let b = FileManager.default.contents(atPath: sharded + "/out/" + name)
            #expect(a != nil && a == b, "\(name) differs between the unsharded run and the merged shards")
        }
    }

    @Test func badShardFormsExitTwoWithTheForm() throws {
        for form in ["0/3", "4/3", "1/0", "a/b", "1", "1/3/4", "1/-3", "x", " 1/3"] {
            let output = try CLIRunner.run(["run", "Scenarios/office-lan-g711.yaml", "--shard", form, "--out", CLIRunner.temporaryDirectory()])
            #expect(output.status == 2, "--shard \(form)")
            #expect(output.stderr.contains("I/N with whole numbers 1 ≤ I ≤ N"), "--shard \(form): \(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1, "--shard \(form): \(output.stderr)")
        }
        let score = try CLIRunner.run(["score", "--pairs", "x.csv", "--shard", "4/3"])
        #expect(score.status == 2)
        #expect(score.stderr.contains("I/N with whole numbers"))
    }

    @Test func mergeRefusesOverlappingMissingAndForeignShards() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeSweep(in: directory)
        // A smaller sweep: one seed, one clip (4 runs), so the shards are cheap.
        let text = try String(contentsOfFile: spec, encoding: .utf8)
            .replacingOccurrences(of: "\n  seed: [1, 2]", with: "")
            .replacingOccurrences(of: ", \(CLIRunner.repositoryRoot)/Corpus/nb/nb02-conference.wav", with: "")
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        for index in 1...2 {
            let run = try CLIRunner.run(["run", spec, "--shard", "\(index)/2", "--out", "s\(index)", "--no-signal-mos"], in: directory)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let twice = try CLIRunner.run(["merge", "s1", "s2", "s1", "--out", "m1"], in: directory)
        #expect(twice.status == 2)
        #expect(twice.stderr.hasPrefix("error: s1: overlaps s1: both are shard 1/2"), "\(twice.stderr)")

        let missing = try CLIRunner.run(["merge", "s2", "--out", "m2"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: shard 1/2 missing; given s2 (2/2)"), "\(missing.stderr)")

        let notShard = try CLIRunner.run(["merge", "s1", directory, "--out", "m3"], in: directory)
        #expect(notShard.status == 2)
        #expect(notShard.stderr.contains("is not a shard folder (no shard.json)"))

        // The same sweep with signal MOS on is another sweep; so is an edited spec.
        let other = try CLIRunner.run(["run", spec, "--shard", "2/2", "--out", "t2"], in: directory)
        #expect(other.status == 0, "\(other.stderr)")
        let foreign = try CLIRunner.run(["merge", "s1", "t2", "--out", "m4"], in: directory)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.hasPrefix("error: t2: is a shard of a different sweep than s1: signal MOS on, not off"), "\(foreign.stderr)")

        try (text + "\ndescription: edited\n").write(toFile: spec, atomically: true, encoding: .utf8)
        let edited = try CLIRunner.run(["run", spec, "--shard", "2/2", "--out", "e2", "--no-signal-mos"], in: directory)
        #expect(edited.status == 0, "\(edited.stderr)")
        let changed = try CLIRunner.run(["merge", "s1", "e2", "--out", "m5"], in: directory)
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("error: e2: is a shard of a different sweep than s1: scenario shardable--codec.name=g711u--network.loss.rate=0 has spec hash"), "\(changed.stderr)")

        // Another MOSLab release.
        let manifestPath = directory + "/s2/shard.json"
        let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        try manifest.replacingOccurrences(of: "\"moslab_version\" : \"", with: "\"moslab_version\" : \"0.0.1-").write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let release = try CLIRunner.run(["merge", "s1", "s2", "--out", "m6"], in: directory)
        #expect(release.status == 2)
        #expect(release.stderr.hasPrefix("error: s2: was made by MOSLab 0.0.1-"), "\(release.stderr)")
        for name in ["m1", "m2", "m3", "m4", "m5", "m6"] {
            #expect(!FileManager.default.fileExists(atPath: directory + "/" + name), "\(name) was written")
        }
    }

    @Test func noSignalMOSSaysSoAndNeverScores() throws {
        let directory = CLIRunner.temporaryDirectory()
        let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"
        try "name: net-only\nreference: \(clip)\nsignal_mos: false\nexpect: {signal_mos: {min: 4.4}}\n".write(toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        try "name: measured\nreference: \(clip)\n".write(toFile: directory + "/b.yaml", atomically: true, encoding: .utf8)
        let both = try CLIRunner.run(["run", directory, "--out", directory + "/out", "--json"])
        #expect(both.status == 0, "\(both.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as! [[String: Any]]
        let byName = Dictionary(uniqueKeysWithValues: results.map { ($0["scenario"] as! String, $0) })
        #expect(byName["net-only"]?["signal_mos"] is NSNull)
        #expect((byName["net-only"]?["notes"] as? [String])?.contains { $0.hasPrefix("signal MOS not measured") } == true)
        #expect(byName["measured"]?["signal_mos"] is Double)
        // A bound on what was not measured is neither passed nor failed silently: the notes say so.
        #expect((byName["net-only"]?["notes"] as? [String])?.contains("expect: the signal_mos bound was not checked (no signal MOS)") == true)
        #expect((byName["net-only"]?["failed_expectations"] as? [String])?.isEmpty == true)

        let off = try CLIRunner.run(["run", directory + "/b.yaml", "--out", directory + "/off", "--no-signal-mos", "--json"])
        #expect(off.status == 0, "\(off.stderr)")
        let offResults = try JSONSerialization.jsonObject(with: Data(off.stdout.utf8)) as! [[String: Any]]
        #expect(offResults[0]["signal_mos"] is NSNull)
        #expect((offResults[0]["notes"] as? [String])?.contains { $0.hasPrefix("signal MOS not measured") } == true)
        // The network-side figures are the same with or without P.862.
        #expect(offResults[0]["predicted_mos"] as? Double == byName["measured"]?["predicted_mos"] as? Double)
        let csv = try String(contentsOfFile: directory + "/off/results.csv", encoding: .utf8)
        #expect(csv.contains(",,,"))  // signal_mos and signal_band empty, never a number
    }

    @Test func scorePairsShardsMergeToTheUnshardedLines() throws {
        let directory = CLIRunner.temporaryDirectory()
        let root = CLIRunner.repositoryRoot
        // Pairs from the run fixtures: clean against itself and against another clip.
        let pairs = """
            reference,degraded
            \(root)/Corpus/nb/nb01-directory.wav,\(root)/Corpus/nb/nb01-directory.wav
            \(root)/Corpus/nb/nb01-directory.wav,\(root)/Corpus/nb/nb02-conference.wav
            \(root)/Corpus/nb/nb02-conference.wav,\(root)/Corpus/nb/nb02-conference.wav
            """
        try pairs.write(toFile: directory + "/pairs.csv", atomically: true, encoding: .utf8)
        let whole = try CLIRunner.run(["score", "--pairs", "pairs.csv", "--jobs", "2"], in: directory)
        #expect(whole.status == 0, "\(whole.stderr)")
        for index in 1...2 {
            let shard = try CLIRunner.run(["score", "--pairs", "pairs.csv", "--shard", "\(index)/2", "--jobs", "1"], in: directory)
            #expect(shard.status == 0, "\(shard.stderr)")
            try shard.stdout.write(toFile: directory + "/s\(index).jsonl", atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOfFile: directory + "/s1.jsonl", encoding: .utf8).split(separator: "\n").count == 2)
        let merged = try CLIRunner.run(["merge", "s2.jsonl", "s1.jsonl", "--out", "all.jsonl"], in: directory)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try String(contentsOfFile: directory + "/all.jsonl", encoding: .utf8) == whole.stdout)

        let missing = try CLIRunner.run(["merge", "s2.jsonl", "--out", "part.jsonl"], in: directory)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("error: pairs 1, 3 of 3 missing from s2.jsonl"), "\(missing.stderr)")
        let twice = try CLIRunner.run(["merge", "s1.jsonl", "s1.jsonl", "--out", "dup.jsonl"], in: directory)
        #expect(twice.status == 2)
        #expect(twice.stderr.hasPrefix("error: s1.jsonl:1: overlaps s1.jsonl: both hold pair 1"), "\(twice.stderr)")
    }

    /// Runs a shell script of Examples/cluster/ with `moslab` from this build.
    static func script(_ arguments: [String], environment: [String: String], in directory: String) throws -> CLIRunner.Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["MOSLAB": CLIRunner.binary]) { $1 }) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A cheap network-only sweep (signal_mos: false): 8 runs on one clip, for the example scripts.
    static func writeNetworkSweep(in directory: String) throws -> String {
        let text = try String(contentsOfFile: try writeSweep(in: directory), encoding: .utf8)
            .replacingOccurrences(of: ", \(CLIRunner.repositoryRoot)/Corpus/nb/nb02-conference.wav", with: "") + "\nsignal_mos: false\n"
        try text.write(toFile: directory + "/shardable.yaml", atomically: true, encoding: .utf8)
        return directory + "/shardable.yaml"
    }

    static func expectSameTree(_ expected: String, _ actual: String) {
        let names = files(under: expected)
        #expect(!names.isEmpty)
        #expect(files(under: actual) == names)
        for name in names {
            let a = FileManager.default.contents(atPath: expected + "/" + name), b = FileManager.default.contents(atPath: actual + "/" + name)
            #expect(a != nil && a == b, "\(name) differs")
        }
    }

    @Test func slurmArrayScriptShardsAndMerges() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeNetworkSweep(in: directory)
        let whole = try CLIRunner.run(["run", spec, "--out", "whole/out"], in: directory)
        #expect(whole.status == 0, "\(whole.stderr)")
        let sbatch = CLIRunner.repositoryRoot + "/Examples/cluster/slurm-sweep.sbatch"
        for task in 1...3 {
            let shard = try Self.script([sbatch, spec, "shards"], environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "3"], in: directory)
            #expect(shard.status == 0, "task \(task): \(shard.stderr)")
        }
        try FileManager.default.createDirectory(atPath: directory + "/merged", withIntermediateDirectories: true)
        let merged = try CLIRunner.run(["merge", "../shards/1", "../shards/2", "../shards/3", "--out", "out"], in: directory + "/merged")
        #expect(merged.status == 0, "\(merged.stderr)")
        // The unsharded run wrote paths under whole/out, the merge under out: compare the run files and the CSV without them.
        let csvWhole = try String(contentsOfFile: directory + "/whole/out/results.csv", encoding: .utf8)
        let csvMerged = try String(contentsOfFile: directory + "/merged/out/results.csv", encoding: .utf8)
        #expect(csvWhole.replacingOccurrences(of: "whole/out/", with: "out/") == csvMerged)
        let outside = try Self.script([sbatch, spec], environment: ["SLURM_ARRAY_TASK_ID": "", "SLURM_ARRAY_TASK_COUNT": ""], in: directory)
        #expect(outside.status != 0)
        #expect(outside.stderr.contains("submit with sbatch --array=1-N"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/parallel"), "needs GNU parallel"))
    func gnuParallelLineShardsAndMerges() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeNetworkSweep(in: directory)
        for folder in ["w", "p"] { try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true) }
        let whole = try CLIRunner.run(["run", spec, "--out", "out"], in: directory + "/w")
        #expect(whole.status == 0, "\(whole.stderr)")
        let script = CLIRunner.repositoryRoot + "/Examples/cluster/gnu-parallel.sh"
        let run = try Self.script([script, spec, "3", "out"], environment: ["JOBS": "2"], in: directory + "/p")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Merged 3 shards, 8 runs"))
        Self.expectSameTree(directory + "/w/out", directory + "/p/out")
    }
}
