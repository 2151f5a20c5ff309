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
        let names = Self.files(under: fresh)
        #expect(names.count == 1 + 1 + 8 + 16 * 4)  // results.csv, summary.csv, 8 result.json, 16 runs × 4 files
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
    }
}
