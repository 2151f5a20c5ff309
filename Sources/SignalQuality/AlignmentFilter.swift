import FFTKernelsAVX2
import FFTKernelsAVX512

/// The alignment-only processing of P.862 §10.1.3 (P862.md §5.1–5.2): DC removal, edge ramps, the IIR
/// band-pass that emphasises the mid band, then energy envelopes with a voice-activity mask.
enum AlignmentFilter {
    /// Biquads (b0, b1, b2, a1, a2) of the alignment input filter, applied in order in direct form II
    /// (Annex A `pesqpar.h` `InIIR_Hsos`, listed in P862.md §10.2).
    static let sections8k: [[Double]] = [
        [0.885535424, -0.885535424, 0, -0.771070709, 0],
        [0.895092588, 1.292907193, 0.449260174, 1.268869037, 0.442025372],
        [4.049527940, -7.865190042, 3.815662102, -1.746859852, 0.786305963],
        [0.500002353, -0.500002353, 0, 0, 0],
        [0.565002834, -0.241585934, -0.306009671, 0.259688659, 0.249979657],
        [2.115237288, 0.919935084, 1.141240051, -1.587313419, 0.665935315],
        [0.912224584, -0.224397719, -0.641121413, -0.246029464, -0.556720590],
        [0.444617727, -0.307589321, 0.141638062, -0.996391149, 0.502251622],
    ]
    static let sections16k: [[Double]] = [
        [0.325631521, -0.086782860, -0.238848661, -1.079416490, 0.434583902],
        [0.403961804, -0.556985881, 0.153024077, -0.415115835, 0.696590244],
        [4.736162769, 3.287251046, 1.753289019, -1.859599046, 0.876284034],
        [0.365373469, 0, 0, -0.634626531, 0],
        [0.884811506, 0, 0, -0.256725271, 0.141536777],
        [0.723593055, -1.447186099, 0.723593044, -1.129587469, 0.657232737],
        [1.644910855, -1.817280902, 1.249658063, -1.778403899, 0.801724355],
        [0.633692689, -0.284644314, -0.319789663, 0, 0],
        [1.032763031, 0.268428979, 0.602913323, 0, 0],
        [1.001616361, -0.823749013, 0.439731942, -0.885778255, 0],
        [0.752472096, -0.375388990, 0.188977609, -0.077258216, 0.247230734],
        [1.023700575, 0.001661628, 0.521284240, -0.183867259, 0.354324187],
    ]

    /// §5.1 of the receive-filtered padded signal `model` (at least L + DP samples, the N signal samples at
    /// [SBS, L − SBS)): its alignment-filtered copy, L + DP samples.
    static func filtered(_ model: [Double], paddedCount l: Int, p: P862Parameters) -> [Double] {
        // 1. DC: float accumulation, divided by the padded length L (P862.md §9 item 5).
        var sum: Float = 0
        for i in p.sbs..<(l - p.sbs) { sum += Float(model[i]) }
        var x = prepared(model, paddedCount: l, sum: sum, p: p)
        if p.rate == 8000 {
            cascade(&x, sections: sections8k, as: SIMD8<Float>.self)
        } else {
            cascade12(&x, sections: sections16k)
        }
        return x
    }

    /// `filtered` of two signals (reference and degraded) at once. Their DC sums (each a chain of float additions,
    /// bound by its latency) run in one loop, and so do their cascades (`pairedCascade8`, `pairedCascade12`: at
    /// 8 kHz one 16-lane vector, lanes 0–7 and 8–15; at 16 kHz a 16-lane and an 8-lane one; the portable build runs
    /// the two 16 kHz cascades one after the other, where the paired loop measured slower): a cascade is bound
    /// by the latency of its sections' recursions, so the second signal costs little; each lane does exactly what
    /// `filtered` would.
    static func filtered(_ mx: [Double], paddedCount lx: Int, _ my: [Double], paddedCount ly: Int,
                         p: P862Parameters) -> ([Double], [Double]) {
        var sx: Float = 0, sy: Float = 0
        let sbs = p.sbs, common = min(lx, ly) - sbs
        mx.withUnsafeBufferPointer { xb in
            my.withUnsafeBufferPointer { yb in
                if sbs < common {
                    for i in sbs..<common {
                        sx += Float(xb[i])
                        sy += Float(yb[i])
                    }
                }
                for i in max(sbs, common)..<(lx - sbs) { sx += Float(xb[i]) }
                for i in max(sbs, common)..<(ly - sbs) { sy += Float(yb[i]) }
            }
        }
        var x = prepared(mx, paddedCount: lx, sum: sx, p: p), y = prepared(my, paddedCount: ly, sum: sy, p: p)
        if p.rate == 8000 {
            cascadePair(&x, &y, sections: sections8k)
        } else {
            cascadePair12(&x, &y, sections: sections16k)
        }
        return (x, y)
    }

    /// Steps 1–2 of §5.1 given the float sum of the N signal samples: the copy of the first L + DP samples of
    /// `model` with the mean removed from the signal samples (in the same pass as the copy) and the ramps applied.
    private static func prepared(_ model: [Double], paddedCount l: Int, sum: Float, p: P862Parameters) -> [Double] {
        let sbs = p.sbs, count = l + p.dataPadding
        let mean = Double(sum / Float(l))
        var x = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            model.withUnsafeBufferPointer { m in
                for i in 0..<sbs { buffer[i] = m[i] }
                for i in sbs..<(l - sbs) { buffer[i] = m[i] - mean }
                for i in (l - sbs)..<count { buffer[i] = m[i] }
            }
            initialized = count
        }
        // 2. One-frame ramps at each end.
        for k in 0..<p.ds {
            let w = (0.5 + Double(k)) / Double(p.ds)
            x[sbs + k] *= w
            x[l - sbs - 1 - k] *= w
        }
        // 3. (by the caller) the biquad cascade over the whole buffer, padding included.
        return x
    }

    /// Runs a biquad cascade as a skewed pipeline: lane k of the vector holds section k, which at step t
    /// filters sample t − 2k (the output lane k − 1 produced at step t − 2). The arithmetic of each section on
    /// each sample is exactly that of filtering section after section; only the order of independent work
    /// changes, so the result is identical and the sections' recursions run in parallel. With a skew of 1 (lane k
    /// one step behind lane k − 1) each step waited for the previous step's output (subtract, subtract, multiply,
    /// add, add, shuffle: about 18 cycles); with 2, two steps' chains overlap and the loop is bound by its
    /// arithmetic instead (the cascade's share of the wideband profile 9.8 % → 5.3 %, docs/p862.md; skew 3 was no faster).
    ///
    /// In single precision with float coefficients, as the reference filters (P862.md §10.2: "float constants";
    /// §5.1: precision of this filter did not matter in tests): twice the lanes per instruction.
    static func cascade<V: SIMD>(_ x: inout [Double], sections: [[Double]], as _: V.Type) where V.Scalar == Float {
        let k = sections.count
        precondition(k <= V.scalarCount)
        var b0 = V(), b1 = V(), b2 = V(), a1 = V(), a2 = V()
        for (i, s) in sections.enumerated() {
            b0[i] = Float(s[0]); b1[i] = Float(s[1]); b2[i] = Float(s[2]); a1[i] = Float(s[3]); a2[i] = Float(s[4])
        }
        var w1 = V(), w2 = V()
        // Skew 2: lane i at step t filters sample t − 2i, so its input is lane i − 1's output of step t − 2 (`out2`);
        // two steps' recursions are in flight at once, and the loop is bound by throughput rather than by the
        // latency of the chain from one section's output to the next section's state.
        var out1 = V(), out2 = V()
        let n = x.count, lag = 2 * (k - 1)
        x.withUnsafeMutableBufferPointer { buf in
            for t in 0..<(n + lag) {
                // Shift: lane i + 1 takes lane i's output. Over the whole vector (lanes ≥ k hold sections with zero
                // coefficients, whose values are never read), so the loop has a constant trip count and unrolls
                // into a lane shuffle.
                var input = V()
                for i in 1..<V.scalarCount { input[i] = out2[i - 1] }
                input[0] = t < n ? Float(buf[t]) : 0
                let w0 = input - a1 * w1 - a2 * w2
                let out = b0 * w0 + b1 * w1 + b2 * w2
                w2 = w1
                w1 = w0
                if t >= lag { buf[t - lag] = Double(out[k - 1]) }
                out2 = out1
                out1 = out
            }
        }
    }
}

extension AlignmentFilter {
    /// `cascade` for the 12 sections at 16 kHz in an 8-lane and a 4-lane vector (sections 0–7 and 8–11) instead of
    /// a 16-lane one with 4 idle lanes: section 8 takes section 7's output of two steps before (skew 2, as in
    /// `cascade`). Each section does exactly the same operations as in `cascade`.
    static func cascade12(_ x: inout [Double], sections: [[Double]]) {
        typealias A = SIMD8<Float>
        typealias B = SIMD4<Float>
        precondition(sections.count == 12)
        var ab0 = A(), ab1 = A(), ab2 = A(), aa1 = A(), aa2 = A()
        var bb0 = B(), bb1 = B(), bb2 = B(), ba1 = B(), ba2 = B()
        for (i, s) in sections.enumerated() {
            if i < 8 {
                ab0[i] = Float(s[0]); ab1[i] = Float(s[1]); ab2[i] = Float(s[2]); aa1[i] = Float(s[3]); aa2[i] = Float(s[4])
            } else {
                bb0[i - 8] = Float(s[0]); bb1[i - 8] = Float(s[1]); bb2[i - 8] = Float(s[2])
                ba1[i - 8] = Float(s[3]); ba2[i - 8] = Float(s[4])
            }
        }
        var aw1 = A(), aw2 = A()
        var bw1 = B(), bw2 = B()
        // Outputs of the last two steps (skew 2: lane i at step t filters sample t − 2i, so its input is lane i − 1's
        // output of step t − 2).
        var aout1 = A(), aout2 = A(), bout1 = B(), bout2 = B()
        let n = x.count, k = 12, lag = 2 * (k - 1)
        x.withUnsafeMutableBufferPointer { buf in
            for t in 0..<(n + lag) {
                let ain = A(t < n ? Float(buf[t]) : 0, aout2[0], aout2[1], aout2[2], aout2[3], aout2[4], aout2[5], aout2[6])
                let bin = B(aout2[7], bout2[0], bout2[1], bout2[2])
                let aw0 = ain - aa1 * aw1 - aa2 * aw2
                let aout = ab0 * aw0 + ab1 * aw1 + ab2 * aw2
                aw2 = aw1
                aw1 = aw0
                let bw0 = bin - ba1 * bw1 - ba2 * bw2
                let bout = bb0 * bw0 + bb1 * bw1 + bb2 * bw2
                bw2 = bw1
                bw1 = bw0
                if t >= lag { buf[t - lag] = Double(bout[3]) }
                aout2 = aout1
                aout1 = aout
                bout2 = bout1
                bout1 = bout
            }
        }
    }

    /// `cascade` of an 8-section filter on two signals in one 16-lane vector: lanes 0–7 filter `x`, lanes 8–15
    /// filter `y`, each exactly as `cascade` would (the shorter signal is followed by zeros, whose outputs are
    /// not stored). `kernels` picks the build of `pairedCascade8` (portable SSE or AVX2: same bits).
    static func cascadePair(_ x: inout [Double], _ y: inout [Double], sections: [[Double]],
                            kernels: FFTKernels = .processDefault) {
        precondition(sections.count == 8)
        let c = pairedCoefficients(sections)
        x.withUnsafeMutableBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                let xp = xb.baseAddress!, yp = yb.baseAddress!, nx = xb.count, ny = yb.count
                switch kernels.usable {
                // The AVX2 build on AVX-512 processors too: the zmm one measured slower (two 80 000-sample signals
                // 0.55–0.58 ms against 0.45–0.49 ms, same process; portable 0.58–0.61 ms).
                case .avx512, .avx2: AVX2FFT.pairedCascade8(xp, count: nx, yp, count: ny, coefficients: c)
                case .portable: pairedCascade8(xp, nx, yp, ny, coefficients: c, SIMD16<Float>.self)
                }
            }
        }
    }

    /// `cascade12` of two signals in one loop: sections 0–7 of both in a 16-lane vector, sections 8–11 of both in
    /// an 8-lane one (`pairedCascade12`); each signal gets exactly what `cascade12` gives it. The two cascades one
    /// after the other took 6.9 % of the wideband profile, each bound by the latency of its recursions; paired on
    /// the AVX2/AVX-512 builds, two 160 000-sample signals take 0.9–1.2 ms against 1.4–1.9 ms (same-process timing,
    /// loaded machine; skew 3 instead of 2 was no faster).
    static func cascadePair12(_ x: inout [Double], _ y: inout [Double], sections: [[Double]],
                              kernels: FFTKernels = .processDefault) {
        precondition(sections.count == 12)
        if kernels.usable == .portable {
            // On SSE the paired loop (six 4-lane vectors per operation) measured slower than the two cascades one
            // after the other (1.7–2.4 against 1.4–1.9 ms for two 160 000-sample signals); same bits either way.
            cascade12(&x, sections: sections)
            cascade12(&y, sections: sections)
            return
        }
        let c = pairedCoefficients(sections)
        x.withUnsafeMutableBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
                let xp = xb.baseAddress!, yp = yb.baseAddress!, nx = xb.count, ny = yb.count
                switch kernels.usable {
                case .avx512: AVX512FFT.pairedCascade12(xp, count: nx, yp, count: ny, coefficients: c)
                case .avx2: AVX2FFT.pairedCascade12(xp, count: nx, yp, count: ny, coefficients: c)
                case .portable: break
                }
            }
        }
    }

    /// The sections' float coefficients in five runs (b0…, b1…, b2…, a1…, a2…), as `pairedCascade8/12` read them.
    private static func pairedCoefficients(_ sections: [[Double]]) -> [Float] {
        (0..<5).flatMap { j in sections.map { Float($0[j]) } }
    }
}

/// Energy envelope and voice-activity profile of one alignment-filtered signal (P862.md §5.2).
struct SpeechEnvelope {
    /// VAD profile V[k] ≥ 0: > 0 means speech (the frame's energy, or a ramp value).
    var vad: [Double]
    /// Log envelope e[k] = ln(V[k]/T) where V[k] > T, else 0.
    var envelope: [Double]

    init(_ x: [Double], paddedCount l: Int, p: P862Parameters) {
        let ds = p.ds
        let w = l / ds
        var e = [Double](repeating: 0, count: w)
        // 1. Frame energies in float, each frame's sum in sample order; four frames at a time, one per lane (each
        // frame's sum is a chain of additions bound by its latency, the four chains are independent).
        x.withUnsafeBufferPointer { xb in
            e.withUnsafeMutableBufferPointer { eb in
                let x = xb.baseAddress!
                var k = 0
                while k + 4 <= w {
                    var s = SIMD4<Float>()
                    let f0 = x + k * ds, f1 = f0 + ds, f2 = f1 + ds, f3 = f2 + ds
                    for i in 0..<ds {
                        let v = SIMD4<Float>(Float(f0[i]), Float(f1[i]), Float(f2[i]), Float(f3[i]))
                        s += v * v
                    }
                    for j in 0..<4 { eb[k + j] = Double(s[j] / Float(ds)) }
                    k += 4
                }
                while k < w {
                    var s: Float = 0
                    for i in (k * ds)..<((k + 1) * ds) {
                        let v = Float(x[i])
                        s += v * v
                    }
                    eb[k] = Double(s / Float(ds))
                    k += 1
                }
            }
        }
        // 2–3. Initial threshold (before the floor), then the floor at 1e-4 of the maximum.
        var threshold = e.reduce(0, +) / Double(w)
        let peak = e.max() ?? 0
        let floorValue = peak > 0 ? 1e-4 * peak : 1.0
        for k in 0..<w where e[k] < floorValue { e[k] = floorValue }
        // 4. Twelve iterations of the noise-statistics threshold.
        for _ in 0..<12 {
            var count = 0, s = 0.0, s2 = 0.0
            for v in e where v <= threshold {
                count += 1
                s += v
                s2 += v * v
            }
            var mu = 0.0, sigma = 0.0
            if count > 0 {
                mu = s / Double(count)
                sigma = (max(s2 / Double(count) - mu * mu, 0)).squareRoot()
            }
            threshold = 1.001 * (mu + 2 * sigma)
        }
        // 5. Signal and noise levels.
        var nAbove = 0, sumAbove = 0.0, nBelow = 0, sumBelow = 0.0
        for v in e {
            if v > threshold { nAbove += 1; sumAbove += v } else { nBelow += 1; sumBelow += v }
        }
        let signalLevel: Double
        if nAbove > 0 { signalLevel = sumAbove / Double(nAbove) } else { signalLevel = -1; threshold = -1 }
        let noiseLevel = nBelow > 0 ? sumBelow / Double(nBelow) : 1
        // 6. Signed profile: positive = speech, negative = non-speech.
        var v = [Double](repeating: 0, count: w)
        for k in 0..<w { v[k] = e[k] > threshold ? e[k] : -e[k] }
        v[0] = -e[0]
        v[w - 1] = -e[w - 1]
        // Runs of speech as (start, end) with end the first non-speech frame.
        func runs() -> [(Int, Int)] {
            var result: [(Int, Int)] = []
            var k = 1
            while k < w {
                if v[k] > 0 && v[k - 1] <= 0 {
                    var end = k
                    while end < w && v[end] > 0 { end += 1 }
                    result.append((k, end))
                    k = end
                } else {
                    k += 1
                }
            }
            return result
        }
        // 7. Drop bursts of ≤ 4 frames.
        for (s, end) in runs() where end - s <= P862Limits.minSpeechLength {
            for k in s..<end { v[k] = -v[k] }
        }
        // 8. Clean signals: drop runs whose energy is below 3·T per frame.
        if signalLevel >= 1000 * noiseLevel {
            for (s, end) in runs() {
                var total = 0.0
                for k in s..<end { total += v[k] }
                if total < 3 * threshold * Double(end - s) {
                    for k in s..<end { v[k] = -v[k] }
                }
            }
        }
        // 9. Join runs separated by ≤ 50 frames; gap frames become speech at the floor value.
        var previousEnd = 0
        for (s, end) in runs() {
            if previousEnd > 0 && s - previousEnd <= P862Limits.joinSpeechLength {
                for k in previousEnd..<s { v[k] = floorValue }
            }
            previousEnd = end
        }
        // 10. No speech at all: everything but the first and last frame is speech.
        if runs().isEmpty {
            for k in 1..<(w - 1) { v[k] = abs(v[k]) }
        }
        // 11. Onset and offset ramps.
        var k = 3
        while k < w - 2 {
            if v[k] > 0 && v[k - 2] <= 0 {
                v[k - 2] = 0.1 * v[k]
                v[k - 1] = 0.3 * v[k]
                k += 1
            }
            if v[k] <= 0 && v[k - 1] > 0 {
                v[k] = 0.3 * v[k - 1]
                v[k + 1] = 0.1 * v[k - 1]
                k += 3
            }
            k += 1
        }
        // 12–13. Profile and log envelope.
        for k in 0..<w where v[k] <= 0 { v[k] = 0 }
        if threshold <= 0 { threshold = floorValue }
        var env = [Double](repeating: 0, count: w)
        for k in 0..<w where v[k] > threshold { env[k] = log(v[k] / threshold) }
        vad = v
        envelope = env
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
