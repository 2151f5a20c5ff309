import AudioIO
import ChannelModels
import EModel
import Foundation
import LabCore
import LabPipeline
import Playout
import ScenarioSpecs
import SpeechCodecs

/// Times each stage of the pipeline on the narrowband corpus and prints × real time (audio seconds per
/// wall-clock second; higher is faster) and packets per second. Medians of 7 repetitions.
func runPipelineBenchmark(corpus: String) throws {
    let folder = corpus + "/nb"
    let clips = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }.sorted()
        .map { folder + "/" + $0 }
    let buffers = try clips.map { try AudioFile.read(path: $0) }
    let audioSeconds = buffers.map(\.duration).reduce(0, +)
    print("Pipeline stages on \(clips.count) narrowband corpus clips (\(format(audioSeconds)) s of speech), median of 7:")
    let widths = [38, 12, 12]
    print(row(["stage", "× real time", "packets/s"], widths: widths))

    func report(_ stage: String, _ seconds: Double, packets: Int? = nil) {
        let packetsPerSecond = packets.map { format(Double($0) / seconds / 1e6, 2) + " M" } ?? "-"
        print(row([stage, format(audioSeconds / seconds, 0), packetsPerSecond], widths: widths))
    }

    report("read WAV (libsndfile)", try Stopwatch.median { for clip in clips { _ = try AudioFile.read(path: clip) } })
    let wide = try buffers.map { try Resampler.resample($0, to: 16000, quality: .mediumSinc) }
    report("resample 16 → 8 kHz (libsamplerate)", try Stopwatch.median { for b in wide { _ = try Resampler.resample(b, to: 8000) } })
    report("P.56 active level", Stopwatch.median { for b in buffers { _ = ActiveSpeechLevel.measure(b) } })
    let pcm = buffers.map(\.int16Samples)
    report("G.711 µ-law encode+decode", Stopwatch.median {
        for p in pcm { _ = G711.decode(G711.encode(p, law: .mu), law: .mu) }
    })
    let packetCounts = buffers.map { Int(($0.duration * 50).rounded(.up)) }
    let totalPackets = packetCounts.reduce(0, +)
    let channel = NetworkChannel(delay: NormalJitterDelay(latencyMs: 60, stddevMs: 12),
                                 loss: GilbertElliottLoss(p: 0.02, r: 0.3))
    let sendTimes = packetCounts.map { count in (0..<count).map { Double($0) * 20 } }
    report("network (normal jitter + GE loss)", Stopwatch.median {
        for s in sendTimes { _ = channel.transmit(sendTimesMs: s, seed: 7) }
    }, packets: totalPackets)
    let arrivals = sendTimes.map { channel.transmit(sendTimesMs: $0, seed: 7) }
    let buffer = FixedJitterBuffer(depthMs: 60)
    report("fixed jitter buffer", Stopwatch.median { for a in arrivals { _ = buffer.schedule(a, ptimeMs: 20) } }, packets: totalPackets)
    report("G.107 E-model (per clip)", Stopwatch.median { for _ in clips { _ = G107.evaluate(G107Parameters()) } })

    let spec = try ScenarioLoader.load(file: corpus + "/../Scenarios/remote-agent-wifi.yaml")
    report("whole run (Experiment, no files out)", try Stopwatch.median(repetitions: 3) {
        for clip in clips { _ = try Experiment(spec: spec, clipPath: clip).run() }
    }, packets: totalPackets)
}
