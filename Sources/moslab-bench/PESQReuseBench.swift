import AudioIO
import Foundation
import LabCore
import SignalQuality

/// What an analysed reference saves per score (issue 16 part 2): sweeps score every run against the same clip, so
/// `P862.reference` runs once per clip and `P862.score(reference: prepared, degraded:)` once per run. Times both
/// and the one-shot `P862.score(reference:degraded:band:)` on one 10.0 s pair per band (a corpus clip, cut or
/// zero-extended to 10 s, against a delayed, attenuated, quantised and noisy copy whose peak stays below the
/// reference's, so the analysed reference applies at wideband too). CPU time of this thread, median of 9 calls,
/// the three kinds alternating call by call so that they see the same machine load.
/// `PESQ_BENCH_REUSE_ONLY=1 moslab-bench pesq` runs this part alone.
func runPESQReuseBenchmark(root: String) {
    print("  reuse of the reference side (one 10.0 s pair per band; median of 9 calls, alternating, CPU time of one thread):")
    for (band, path) in [(P862Band.narrowband, "/Corpus/nb/nb02-conference.wav"), (.wideband, "/Corpus/wb/wb02-last-call.wav")] {
        guard let clip = try? AudioFile.read(path: root + path) else {
            print("    \(band.rawValue): cannot read \(root + path)")
            continue
        }
        let rate = clip.sampleRate, n = 10 * rate
        var ref = AudioBuffer(samples: Array(clip.samples.prefix(n)), sampleRate: rate)
        ref.samples += [Float](repeating: 0, count: n - ref.samples.count)
        var deg = ref
        var seed: UInt64 = 862
        let shift = rate / 20  // 50 ms
        for i in 0..<n {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let noise = Float(Int64(bitPattern: seed >> 11) % 1000) / 1_000_000
            let j = i - shift
            deg.samples[i] = ((j >= 0 ? 0.8 * ref.samples[j] : 0) * 256).rounded() / 256 + noise
        }
        do {
            let analysed = try P862.reference(ref, band: band)
            let once = try P862.score(reference: ref, degraded: deg, band: band)
            guard try P862.score(reference: analysed, degraded: deg) == once else {
                print("    \(band.rawValue): the analysed reference gave another score (a bug)")
                continue
            }
            var prepared: [Double] = [], oneShot: [Double] = [], analysis: [Double] = []
            for _ in 0..<9 {
                var t = reuseThreadCPUSeconds()
                _ = try P862.score(reference: analysed, degraded: deg)
                prepared.append(reuseThreadCPUSeconds() - t)
                t = reuseThreadCPUSeconds()
                _ = try P862.score(reference: ref, degraded: deg, band: band)
                oneShot.append(reuseThreadCPUSeconds() - t)
                t = reuseThreadCPUSeconds()
                _ = try P862.reference(ref, band: band)
                analysis.append(reuseThreadCPUSeconds() - t)
            }
            func ms(_ x: [Double]) -> String { String(format: "%.2f ms", 1000 * x.sorted()[x.count / 2]) }
            let ratio = oneShot.sorted()[4] / prepared.sorted()[4]
            print("    \(band.rawValue): score against the analysed reference \(ms(prepared)), one-shot score \(ms(oneShot)) "
                  + "(\(String(format: "%.2f", ratio))× the analysed one's time), P862.reference \(ms(analysis)) "
                  + "(MOS-LQO \(String(format: "%.3f", once.mosLQO)), analysed reference "
                  + "\(String(format: "%.2f", Double(analysed.byteCount) / 1_048_576)) MB)")
        } catch {
            print("    \(band.rawValue): \(error)")
        }
    }
}

private func reuseThreadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
