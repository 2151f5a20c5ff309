import AudioIO
import Foundation
import LabCore
import Reporting
import ScenarioSpecs
import Testing
@testable import LabPipeline

@Suite struct ScenarioRunnerTests {
    func specs() throws -> [ScenarioSpec] {
        let directory = TestSupport.temporaryDirectory()
        let yaml = """
            name: wifi
            seed: 9
            reference: [\(TestSupport.corpusClip), \(TestSupport.corpusClip2)]
            network:
              latency_ms: 60
              jitter: {distribution: normal, stddev_ms: 12}
              loss: {model: gilbert-elliott, p: 0.03, r: 0.3}
            jitter_buffer: {type: fixed, depth_ms: 40}
            """
        try TestSupport.write(yaml, to: directory + "/wifi.yaml")
        try TestSupport.write("name: lan\nreference: [\(TestSupport.corpusClip)]\nnetwork: {latency_ms: 5}\n", to: directory + "/lan.yaml")
        return try ScenarioLoader.load(paths: [directory])
    }

    /// Same scenario + same seed ⇒ byte-identical outputs, whatever --jobs is.
    @Test func outputsAreByteIdenticalAcrossRunsAndJobs() throws {
        let specs = try specs()
        let first = TestSupport.temporaryDirectory(), second = TestSupport.temporaryDirectory()
        _ = try ScenarioRunner(outputDirectory: first, jobs: 1).run(specs)
        let summary = try ScenarioRunner(outputDirectory: second, jobs: 2).run(specs)
        #expect(summary.results.map(\.clip) == ["nb01-directory", "nb01-directory", "nb02-conference"])
        for relative in ["wifi/nb01-directory.wav", "wifi/nb02-conference.wav", "lan/nb01-directory.wav",
                         "wifi/nb01-directory.reference.wav"] {
            let a = TestSupport.bytes(first + "/" + relative), b = TestSupport.bytes(second + "/" + relative)
            #expect(a != nil && a == b, "\(relative)")
        }
        // result.json and results.csv carry paths, which differ by output folder; compare them with it removed.
        for relative in ["wifi/result.json", "lan/result.json", "results.csv"] {
            let a = String(decoding: TestSupport.bytes(first + "/" + relative)!, as: UTF8.self).replacingOccurrences(of: first, with: "OUT")
            let b = String(decoding: TestSupport.bytes(second + "/" + relative)!, as: UTF8.self).replacingOccurrences(of: second, with: "OUT")
            #expect(a == b, "\(relative)")
        }
        let csv = String(decoding: TestSupport.bytes(second + "/results.csv")!, as: UTF8.self)
        #expect(csv.hasPrefix("scenario,clip,codec,seed,"))
        #expect(csv.split(separator: "\n").count == 4)
        let json = try JSONSerialization.jsonObject(with: TestSupport.bytes(second + "/wifi/result.json")!) as! [[String: Any]]
        for key in ["scenario", "clip", "codec", "seed", "packets_sent", "loss_rate", "late_loss_rate", "mean_burst_length",
                    "one_way_delay_ms", "r_factor", "predicted_mos", "mos_band", "signal_mos"] {
            #expect(json[0].keys.contains(key), "result.json lacks \(key)")
        }
    }

    @Test func seedOverrideChangesTheRun() throws {
        let specs = try specs()
        let a = try ScenarioRunner(outputDirectory: TestSupport.temporaryDirectory(), seedOverride: 1).run(specs)
        let b = try ScenarioRunner(outputDirectory: TestSupport.temporaryDirectory(), seedOverride: 2).run(specs)
        #expect(a.results[1].seed == 1 && b.results[1].seed == 2)
        #expect(a.results[1].packets_lost != b.results[1].packets_lost || a.results[1].packets_late != b.results[1].packets_late)
    }

    @Test func unwritableOutputDirectoryIsRefused() throws {
        #expect {
            _ = try ScenarioRunner(outputDirectory: "/proc/moslab-out").run(try specs())
        } throws: { error in "\(error)".hasPrefix("/proc/moslab-out:") }
    }

    @Test func neverOverwritesAnInput() throws {
        // A reference that lives exactly where the run would write its degraded file.
        let out = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: out + "/trap", withIntermediateDirectories: true)
        let clip = out + "/trap/victim.wav"
        try FileManager.default.copyItem(atPath: TestSupport.corpusClip, toPath: clip)
        let before = TestSupport.bytes(clip)
        let spec = ScenarioSpec(name: "trap", reference: .files([clip]))
        #expect {
            _ = try ScenarioRunner(outputDirectory: out).run([spec])
        } throws: { error in "\(error)".contains("refusing to overwrite an input") }
        #expect(TestSupport.bytes(clip) == before)
    }
}
