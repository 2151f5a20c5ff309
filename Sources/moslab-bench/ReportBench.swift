import PacketTraces
import EModel
import Foundation
import LabCore
import Reporting

/// Builds a 1,000-run HTML report from synthetic runs (3 codecs × loss 0–10 % × burst, 8 s speech-like clips with
/// their packet traces) and prints its size and build time; then, when `chromium` is on PATH, the time headless
/// Chromium takes to load and lay it out (screenshot of the first 2,000 px, minus the time for an empty page).
func runReportBenchmark(runs: Int = 1000, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
    let directory = NSTemporaryDirectory() + "moslab-report-bench"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let results = (0..<runs).map(SyntheticRun.result)
    _ = SyntheticRun.references
    let start = DispatchTime.now().uptimeNanoseconds
    let html = HTMLReport(results: results, title: "MOSLab report (synthetic, \(runs) runs)", source: directory, jobs: jobs)
        .render { SyntheticRun.media($0) }
    let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let path = directory + "/report.html"
    _ = FileManager.default.createFile(atPath: path, contents: Data(html.utf8))
    let megabytes = Double(html.utf8.count) / 1e6
    print("\nHTML report, \(runs) synthetic runs (\(jobs) threads):")
    print("  size        \(format(megabytes, 1)) MB (\(format(Double(html.utf8.count) / Double(runs) / 1000, 1)) kB per run)")
    print("  build time  \(format(buildSeconds, 2)) s")
    print("  written to  \(path)")

    guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first(where: FileManager.default.isExecutableFile(atPath:)) else {
        print("  browser     chromium not on PATH: render time not measured (apt-get install chromium)")
        return
    }
    let blank = directory + "/blank.html"
    _ = FileManager.default.createFile(atPath: blank, contents: Data("<!DOCTYPE html><title>blank</title>".utf8))
    func load(_ file: String) -> Double {
        Stopwatch.median(repetitions: 3) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                                 "--screenshot=\(directory)/shot.png", "--window-size=1280,2000", "file://" + file]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try? process.run()
            process.waitUntilExit()
        }
    }
    let empty = load(blank), full = load(path)
    print("  browser     \(format(full, 2)) s to load, lay out and screenshot (empty page: \(format(empty, 2)) s; render ≈ \(format(full - empty, 2)) s), median of 3")
}

/// Deterministic synthetic runs for the benchmark.
enum SyntheticRun {
    static let codecs: [(name: String, ie: Double, bpl: Double)] = [("g711u", 0, 25.1), ("g729a", 11, 19), ("gsm-fr", 20, 10)]

    static func result(_ i: Int) -> RunResult {
        let codec = codecs[i % codecs.count]
        let lossPercent = Double((i / codecs.count) % 11)
        let burst = 1 + Double((i / (codecs.count * 11)) % 3)
        var p = G107Parameters()
        p.Ie = codec.ie
        p.Bpl = codec.bpl
        p.Ppl = lossPercent
        p.BurstR = burst
        p.Ta = 60 + Double(i % 7) * 20
        let e = G107.evaluate(p)
        let signal: Double? = i % 10 == 9 ? nil : max(1, min(4.5, e.MOS + 0.35 * sin(Double(i)) - 0.004 * (p.Ta - 60)))
        var result = RunResult(
            scenario: "shootout-\(codec.name)-loss\(Int(lossPercent))-burst\(Int(burst))", clip: "clip\(i % 10)",
            codec: codec.name, seed: UInt64(i), ptime_ms: 20, plc: "repeat", jitter_buffer: "fixed 60 ms",
            loss_model: "GE \(Int(lossPercent)) % (burst \(Int(burst)))", reference_path: "Corpus/nb/clip\(i % 10).wav",
            sample_rate: 8000, duration_s: 8, reference_level_dbov: -20, normalized_level_dbov: -26, activity_factor: 0.7,
            packets_sent: 400, packets_lost: Int(4 * lossPercent), packets_late: 0, loss_rate: lossPercent / 100,
            late_loss_rate: 0, effective_loss_rate: lossPercent / 100, mean_burst_length: burst, burst_ratio: burst,
            mean_network_delay_ms: 40, mean_playout_delay_ms: 60, one_way_delay_ms: p.Ta, concealed_ms: 80 * lossPercent,
            longest_concealment_ms: 20 * burst, r_factor: e.R, predicted_mos: e.MOS,
            mos_band: MOSBand(mos: e.MOS).rawValue, emodel_model: G107.edition, signal_mos: signal,
            signal_band: signal == nil ? nil : "P.862.1", emodel_inputs: symbols(p), emodel: symbols(e),
            degraded_path: "", processed_reference_path: "", notes: [], failed_expectations: [])
        result.base_scenario = "shootout"
        result.matrix = ["codec.name": codec.name, "network.loss.rate": String(lossPercent / 100),
                         "network.loss.burst": String(burst)]
        return result
    }

    /// Every numeric field of an E-model value by its symbol (as result.json holds them).
    static func symbols<T: Encodable>(_ value: T) -> [String: Double] {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Five 8 s speech-like clips (voiced syllables with harmonics and pauses), made once.
    static let references: [[Float]] = (0..<5).map { variant in
        let rate = 8000, f0 = 110 + Double(variant) * 20
        return (0..<(8 * rate)).map { n in
            let t = Double(n) / Double(rate)
            let syllable = max(0, sin(2 * Double.pi * 3.1 * t)) * (t.truncatingRemainder(dividingBy: 2.5) < 2 ? 1 : 0)
            var s = 0.0
            for h in 1...12 { s += sin(2 * Double.pi * f0 * Double(h) * t * (1 + 0.03 * sin(t))) / Double(h) }
            return Float(0.25 * syllable * s + 0.001 * sin(Double(n) * 12.9898).truncatingRemainder(dividingBy: 1))
        }
    }

    /// One of the clips (voiced syllables with harmonics and pauses) and a bursty-loss trace; the degraded
    /// clip is the reference with lost packets silenced plus a little noise.
    static func media(_ i: Int) -> ReportRunMedia {
        let r = result(i)
        let rate = 8000, count = 8 * rate
        var state = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let reference = references[i % references.count]
        var packets: [PacketTrace.Packet] = []
        var degraded = reference
        var inBurst = false
        let lossRate = r.loss_rate
        for seq in 0..<(count / 160) {
            let send = Double(seq) * 20
            inBurst = inBurst ? next() > 1 / r.burst_ratio : next() < lossRate / max(1, r.burst_ratio)
            let arrival = send + 30 + 70 * pow(next(), 6)
            let late = !inBurst && arrival > send + 60 + 30
            let fate: PacketTrace.Fate = inBurst ? .lost : (late ? .late : .played)
            packets.append(.init(seq: seq, sendMs: send, arrivalMs: inBurst ? nil : arrival, playoutMs: send + 90, fate: fate))
            if fate != .played { for n in (seq * 160)..<((seq + 1) * 160) { degraded[n] = 0 } }
        }
        for n in 0..<count { degraded[n] += Float(0.004 * (next() - 0.5)) }
        return ReportRunMedia(referenceHref: "\(r.scenario)/\(r.clip).reference.wav", degradedHref: "\(r.scenario)/\(r.clip).wav",
                              trace: PacketTrace(packets: packets), reference: AudioBuffer(samples: reference, sampleRate: rate),
                              degraded: AudioBuffer(samples: degraded, sampleRate: rate))
    }
}
