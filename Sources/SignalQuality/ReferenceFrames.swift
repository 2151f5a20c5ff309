/// The reference-only part of the perceptual model (P.862 §10.2.1; P862.md §7.2–§7.5) for one Lmax: the active
/// interval, the reference's pitch power densities of every frame (before the frequency compensation, which
/// depends on the degraded signal), its silent frames and its per-band audible sums. None of these reads the
/// degraded signal, so a reference analysed once (`P862.reference`) keeps them and every score against it reuses
/// them: half the perceptual model's frame transforms.
///
/// They are computed by the same code whether kept or not (`PerceptualModel.run` builds them when none is given),
/// so a reused value is the value the one-shot score computes, bit for bit. They hold for the model signal they
/// were made from, that is for its Lmax and input peak: `SignalAnalysis.frames` is attached to the reference's
/// analysis and travels with it, and a pair whose Lmax or peak differs analyses the reference again (P862.swift)
/// and gets fresh frames.
///
/// Size: frames × bands doubles, about 2.7 bytes per sample at 8 kHz (42 bands every 128 samples) and 1.5 at
/// 16 kHz (49 bands every 256 samples): 0.21 MB for 10 s narrowband, 0.24 MB for 10 s wideband.
struct ReferenceFrames: Sendable, Equatable {
    /// Lmax the frames were made for.
    let lMax: Int
    /// First and last frame of the active interval (P862.md §7.2).
    let startFrame: Int
    let stopFrame: Int
    /// Pitch power densities, `bands` per frame for frames 0…stopFrame, before the frequency compensation.
    let bark: [Double]
    /// Frames whose audible power (above 100·P0) is below 10⁷ (P862.md §7.4).
    let silent: [Bool]
    /// Per band, the sum over non-silent frames of the densities above 100·P0, in frame order: the reference's
    /// half of the frequency compensation's averages (P862.md §7.5).
    let audibleSums: [Double]

    /// Number of frames (stopFrame + 1; 0 when the active interval is empty).
    var count: Int { max(stopFrame + 1, 0) }

    /// Bytes held (for cache accounting).
    var byteCount: Int { bark.count * 8 + silent.count + audibleSums.count * 8 + 64 }

    /// The frames of the reference model signal `ref` (Lmax + DP samples).
    init(ref: [Float], lMax: Int, p: P862Parameters, transform: AuditoryTransform) {
        self.lMax = lMax
        let nb = p.bands, hop = p.hop, sbs = p.sbs
        // §7.2 active interval: the first (last) position where five consecutive |samples| reach 500.
        func quiet(_ idx: (Int) -> Int) -> Int {
            var k = 0
            while k < lMax / 2 {
                var s = 0.0
                for i in 0..<5 { s += abs(Double(ref[idx(k + i)])) }
                if s >= 500 { break }
                k += 1
            }
            return k
        }
        let skipStart = quiet { sbs + $0 }
        let skipEnd = quiet { lMax - sbs + p.dataPadding - 1 - $0 }
        startFrame = skipStart / hop
        stopFrame = (lMax - 2 * sbs + p.dataPadding - skipEnd) / hop - 1
        let frames = max(stopFrame + 1, 0)

        // §7.3 pitch power densities of every frame.
        var bark = [Double](repeating: 0, count: frames * nb)
        ref.withUnsafeBufferPointer { r in
            bark.withUnsafeMutableBufferPointer { out in
                for f in 0..<frames { transform.bark(r.baseAddress!, start: sbs + f * hop, into: out.baseAddress! + f * nb) }
            }
        }
        // §7.4 silent frames.
        var silent = [Bool](repeating: false, count: frames)
        bark.withUnsafeBufferPointer { pr in
            for f in 0..<frames { silent[f] = transform.audiblePower(pr.baseAddress! + f * nb, factor: 100) < 1e7 }
        }
        // §7.5 the reference's audible sums, over non-silent frames in order.
        var sums = [Double](repeating: 0, count: nb)
        for f in 0..<frames where !silent[f] {
            for b in 0..<nb {
                let r = bark[f * nb + b]
                if r > 100 * transform.threshold[b] { sums[b] += r }
            }
        }
        self.bark = bark
        self.silent = silent
        audibleSums = sums
    }
}
