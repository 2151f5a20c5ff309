import Foundation
import ScenarioSpecs
import Testing
@testable import LabPipeline

/// Reuse inside a sweep (issue 16 part 2) must not change a byte: the same sweep with and without the per-sweep
/// cache, and with 1 and 2 jobs, writes identical files.
@Suite struct SweepReuseTests {
    func sweep() throws -> [ScenarioSpec] {
        let directory = TestSupport.temporaryDirectory()
        let yaml = """
            name: reuse
            reference: [\(TestSupport.corpusClip), \(TestSupport.corpusClip2)]
            codec: {name: g711u, ptime_ms: 20}
            network:
              latency_ms: 40
              jitter: {distribution: normal, stddev_ms: 10}
              loss: {model: bernoulli, rate: 0.0}
            jitter_buffer: {type: fixed, depth_ms: 40}
            matrix:
              codec.name: [g711u, g722]
              network.loss.rate: [0, 0.05]
              seed: [1, 2]
            """
        try TestSupport.write(yaml, to: directory + "/reuse.yaml")
        return try ScenarioLoader.load(paths: [directory + "/reuse.yaml"])
    }

    static func files(under root: String) -> [String] {
        var names: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue { names.append(name) }
        }
        return names.sorted()
    }

    /// Every file of two output folders is the same, their own path aside.
    static func expectSameFiles(_ fresh: String, _ reused: String) throws -> [String] {
        let names = Self.files(under: fresh)
        #expect(Self.files(under: reused) == names)
        for name in names {
            var x = try #require(FileManager.default.contents(atPath: fresh + "/" + name))
            var y = try #require(FileManager.default.contents(atPath: reused + "/" + name))
            if name.hasSuffix(".json") || name.hasSuffix(".csv") {  // they hold their folder's path
                x = Data(String(decoding: x, as: UTF8.self).replacingOccurrences(of: fresh, with: "OUT").utf8)
                y = Data(String(decoding: y, as: UTF8.self).replacingOccurrences(of: reused, with: "OUT").utf8)
            }
            #expect(x == y, "\(name) differs with reuse")
        }
        return names
    }

    static func links(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_nlink) : 0
    }

    /// A network-only sweep over decoders with and without state and with their own concealment, buffers that
    /// stretch time, and buffer depths that play identical audio (shared degraded files, hard-linked).
    @Test func networkOnlyReuseChangesNoByte() throws {
        let directory = TestSupport.temporaryDirectory()
        let yaml = """
            name: receive
            reference: [\(TestSupport.corpusClip)]
            codec: {name: g711u, ptime_ms: 20}
            plc: g711-appendix-i
            network:
              latency_ms: 40
              jitter: {distribution: normal, stddev_ms: 8}
              loss: {model: bernoulli, rate: 0.0}
            jitter_buffer: {type: fixed, depth_ms: 40}
            matrix:
              codec.name: [g711u, g726-32, amr-nb-12.2, codec2-3200]
              network.loss.rate: [0, 0.04]
              jitter_buffer.depth_ms: [60, 80, 100]
              plc: [g711-appendix-i, repeat]
            """
        try TestSupport.write(yaml, to: directory + "/receive.yaml")
        let stretching = "name: stretch\nreference: [\(TestSupport.corpusClip)]\ncodec: {name: g726-32, ptime_ms: 20}\n"
            + "network: {latency_ms: 40, jitter: {distribution: normal, stddev_ms: 20}, loss: {model: bernoulli, rate: 0.03}}\n"
            + "jitter_buffer: {type: neteq, time_stretch: true}\nmatrix:\n  codec.name: [g711u, g726-32]\n"
        try TestSupport.write(stretching, to: directory + "/stretch.yaml")
        let specs = try ScenarioLoader.load(paths: [directory + "/receive.yaml", directory + "/stretch.yaml"])
        let fresh = TestSupport.temporaryDirectory() + "/out", reused = TestSupport.temporaryDirectory() + "/out"
        var plain = ScenarioRunner(outputDirectory: fresh, jobs: 1, measuresSignalMOS: false)
        plain.reusesSharedWork = false
        let a = try plain.run(specs)
        let b = try ScenarioRunner(outputDirectory: reused, jobs: 2, measuresSignalMOS: false).run(specs)
        #expect(a.results.count == 50 && b.results.count == 50)
        #expect(b.reuse.reusedDegradedFiles > 0)
        // Deep buffers make the same calls: their audio is rendered once (per concealment: the key holds `plc`).
        #expect(b.reuse.reusedRenders > 0 && a.reuse.reusedRenders == 0)
        let names = try Self.expectSameFiles(fresh, reused)
        #expect(names.count == 2 + 50 + 50 * 4)  // results.csv, summary.csv, 50 result.json, 50 runs × 4 files
        // The reference is stored once per clip and codec rate; identical degraded audio once.
        let references = names.filter { $0.hasSuffix(".reference.wav") }
        #expect(references.allSatisfy { Self.links(reused + "/" + $0) > 1 })
        #expect(references.allSatisfy { Self.links(fresh + "/" + $0) == 1 })
    }

    @Test func reuseChangesNoByte() throws {
        let specs = try sweep()
        let fresh = TestSupport.temporaryDirectory() + "/out", reused = TestSupport.temporaryDirectory() + "/out"
        var plain = ScenarioRunner(outputDirectory: fresh, jobs: 1)
        plain.reusesSharedWork = false
        let a = try plain.run(specs)
        let b = try ScenarioRunner(outputDirectory: reused, jobs: 2).run(specs)
        #expect(a.results.count == 16 && a.results.allSatisfy { $0.signal_mos != nil })
        #expect(b.reuse.preparedReferences == 4)  // 2 clips × 2 codecs, each prepared once for 16 runs
        #expect(b.reuse.encodedStreams == 4)
        #expect(b.reuse.p862References == 4)
        let names = try Self.expectSameFiles(fresh, reused)
        #expect(names.count == 1 + 1 + 8 + 16 * 4)  // results.csv, summary.csv, 8 result.json, 16 runs × 4 files
    }

    /// Runs whose degraded audio is identical share one P.862 score (deep buffers lose nothing late).
    @Test func identicalAudioIsScoredOnce() throws {
        let directory = TestSupport.temporaryDirectory()
        let yaml = """
            name: depth
            reference: [\(TestSupport.corpusClip)]
            codec: {name: g711u, ptime_ms: 20}
            network: {latency_ms: 40, jitter: {distribution: normal, stddev_ms: 5}, loss: {model: bernoulli, rate: 0.03}}
            matrix:
              jitter_buffer.depth_ms: [80, 100, 120]
            """
        try TestSupport.write(yaml, to: directory + "/depth.yaml")
        let specs = try ScenarioLoader.load(paths: [directory + "/depth.yaml"])
        let fresh = TestSupport.temporaryDirectory() + "/out", reused = TestSupport.temporaryDirectory() + "/out"
        var plain = ScenarioRunner(outputDirectory: fresh, jobs: 1)
        plain.reusesSharedWork = false
        let a = try plain.run(specs)
        let b = try ScenarioRunner(outputDirectory: reused, jobs: 1).run(specs)
        #expect(a.results.allSatisfy { $0.packets_late == 0 && $0.signal_mos != nil })
        #expect(b.reuse.reusedSignalScores == 2 && b.reuse.reusedDegradedFiles == 2)
        _ = try Self.expectSameFiles(fresh, reused)
    }
}
