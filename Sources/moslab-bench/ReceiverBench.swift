import ChannelModels
import Foundation
import LabCore
import LabPipeline
import Playout
import ScenarioSpecs

/// Receiver benchmark (issue 12, Speed): `ReceiverRun` with the NetEq-like buffer and time-stretching, without audio,
/// in packets per second (goal ≥ 2 M); and WSOLA time-stretching alone in × real time (goal ≥ 2,000×): accelerate
/// and preemptive expand alternately on 40 ms blocks of a voiced test signal. Thread CPU time, best of 5.
func runReceiverBenchmark() throws {
    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let packets = 500_000
    var spec = ScenarioSpec(name: "bench", reference: .files([]), seed: 7, codec: CodecSpec(name: "g711u", ptimeMs: 20),
                            network: NetworkSpec(latencyMs: 60, jitter: .paretoNormal(jitterMs: 15),
                                                 loss: .gilbertElliott(p: 0.02, r: 0.3, lossBad: 1, lossGood: 0)),
                            jitterBuffer: JitterBufferSpec(type: "neteq", timeStretch: true))
    spec.network.spikes = DelaySpikes(heightMs: 300, intervalS: 10)
    var best = Double.infinity
    var stretches = 0
    for seed in 0..<5 {
        let start = clock()
        let run = try ReceiverRun(spec: spec, seed: UInt64(seed)).run(packets: packets)
        best = min(best, clock() - start)
        stretches = run.playout.count { if case .accelerate = $0 { return true } else if case .preemptiveExpand = $0 { return true } else { return false } }
    }
    print("receiver: ReceiverRun, NetEq-like + time stretching, GE loss, pareto-normal jitter, 300 ms spikes every 10 s; \(packets) packets × 5, no audio")
    print(String(format: "  %.2f M packets/s (goal ≥ 2), %d stretches per run", Double(packets) / best / 1e6, stretches))

    let rate = 16_000
    let block = 640  // 40 ms at 16 kHz
    let signal = (0..<(rate * 10)).map { i -> Float in
        let t = Double(i) / Double(rate)
        return Float(0.3 * sin(2 * .pi * 140 * t) + 0.15 * sin(2 * .pi * 280 * t + 0.5) + 0.05 * sin(2 * .pi * 420 * t))
    }
    let stretcher = TimeStretch(sampleRate: rate)
    var bestStretch = Double.infinity
    var changed = 0
    for _ in 0..<5 {
        let start = clock()
        changed = 0
        var offset = 0, toggle = false
        while offset + block <= signal.count {
            let piece = Array(signal[offset..<(offset + block)])
            if toggle { changed += stretcher.accelerate(piece, maxMs: 15).removed } else { changed += stretcher.preemptiveExpand(piece, maxMs: 15).inserted }
            toggle.toggle()
            offset += block
        }
        bestStretch = min(bestStretch, clock() - start)
    }
    print(String(format: "  time-stretching alone (WSOLA, 16 kHz, every 40 ms block stretched): %.0f× real time (goal ≥ 2,000×), %d samples changed",
                 10 / bestStretch, changed))
}
