import AudioIO
import Foundation
import LabCore
import LabPipeline
import ScenarioSpecs
import SignalQuality

#if canImport(Glibc)
import Glibc
#endif

/// Peak memory against clip length (issue 14): whole runs (remote-agent-wifi, all stages and P.862) on clips of
/// 1, 2 and 4 minutes built by repeating corpus clip nb01. The process's peak RSS only grows, so clips run shortest
/// first and each reading is that run's peak; the slope between readings is the memory cost per minute of audio,
/// which sets `AudioFile.maximumSeconds`.
func runMemoryBenchmark(corpus: String) throws {
    let clip = try AudioFile.read(path: corpus + "/nb/nb01-directory.wav")
    let spec = try ScenarioLoader.load(file: corpus + "/../Scenarios/remote-agent-wifi.yaml")
    let folder = NSTemporaryDirectory() + "moslab-bench-memory-\(getpid())"
    try AtomicFile.makeDirectory(folder)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    func peakMB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // kB on Linux
    }
    print("Peak RSS of one whole run against clip length (remote-agent-wifi, nb01 repeated):")
    let widths = [12, 14, 16, 10, 16]
    print(row(["minutes", "peak RSS MB", "MB per minute", "seconds", "signal MOS"], widths: widths))
    var previous: (minutes: Double, mb: Double)? = nil
    for minutes in [1.0, 2.0, 4.0] {
        let count = Int(minutes * 60 * Double(clip.sampleRate))
        var samples = [Float]()
        samples.reserveCapacity(count)
        while samples.count < count { samples += clip.samples.prefix(count - samples.count) }
        let path = folder + "/long-\(Int(minutes)).wav"
        try AudioFile.writeWAV(AudioBuffer(samples: samples, sampleRate: clip.sampleRate), to: path)
        samples = []
        let start = Date()
        let output = try Experiment(spec: spec, clipPath: path).run()
        let seconds = Date().timeIntervalSince(start)
        let mb = peakMB()
        let slope = previous.map { format((mb - $0.mb) / (minutes - $0.minutes), 0) } ?? "-"
        // Above P862.maximumSeconds the run has no signal MOS (P.862 refuses such pairs): say so, as that run's
        // memory then excludes P.862.
        let signal = output.result.signal_mos.map { format($0, 2) } ?? "none (>\(Int(P862.maximumSeconds)) s)"
        print(row([format(minutes, 0), format(mb, 0), slope, format(seconds, 1), signal], widths: widths))
        previous = (minutes, mb)
    }
}
