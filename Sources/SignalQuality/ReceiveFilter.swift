extension DecibelTable {
    /// IRS receive characteristic (P.862 §10.1.2 and P.830 Annex D; table `standard_IRS_filter_dB`,
    /// P862.md §4), normalised to 0 dB at 1 kHz by `FFTFilterInput`.
    static let irsReceive = DecibelTable(name: "irs", points: [
        (0, -200), (50, -40), (100, -20), (125, -12), (160, -6), (200, 0), (250, 4), (300, 6), (350, 8),
        (400, 10), (500, 11), (600, 12), (700, 12), (800, 12), (1000, 12), (1300, 12), (1600, 12), (2000, 12),
        (2500, 12), (3000, 12), (3250, 12), (3500, 4), (4000, -200), (5000, -200), (6300, -200), (8000, -200),
    ])
}

/// The receive-side filter applied to both level-aligned signals before the model and the alignment
/// (P862.md §4): IRS receive for P.862/P.862.1, a 100 Hz high-pass for P.862.2.
enum ReceiveFilter {
    /// P.862.2 (11/2005) wideband input high-pass at 16 kHz: one biquad (b0, b1, b2, a1, a2), P862.md §4.
    static let wideband16k: (b0: Float, b1: Float, b2: Float, a1: Float, a2: Float) =
        (2.740826, -5.4816519, 2.740826, -1.9444777, 0.94597794)
    /// P.862 Corrigendum 2 (03/2018): the numerator scaled by 0.251188 (−12 dB).
    static let corrigendum2Scale: Float = 0.251188

    /// IRS receive filter of the level-aligned signal g·x, on the N signal samples and the DP padding after them;
    /// writes [SBS, SBS + N + DP) of `x` (the rest of a level-aligned padded buffer is zero).
    static func irs<T>(_ input: FFTFilterInput<T>, gain: Double, into x: UnsafeMutablePointer<Double>, p: P862Parameters) {
        input.filter(by: .irsReceive, gain: gain, into: x + p.sbs)
    }

    /// One signal of the P.862.2 wideband path: its N samples, the input scale `peak` and gain, and where the N
    /// filtered samples go.
    struct WidebandSignal {
        let samples: [Float]
        let peak: Float
        let gain: Float
        let output: UnsafeMutablePointer<Double>
    }

    /// P.862.2 wideband path of one or two signals: x/peak in float times the gain, 16-sample fades at both ends,
    /// then the high-pass in float, direct form II, over exactly the N signal samples (P862.md §4; float matters,
    /// §9 item 2).
    ///
    /// The recursion of the biquad (multiply, subtract, subtract per sample) bounds the loop by its latency, so two
    /// signals run in one loop, each with exactly the operations it has alone, and the input (a division, the gain
    /// and the fade, off the recursion) is formed in the same loop. Float(Double(s)/Double(peak)) is the float
    /// quotient s/peak (a double quotient rounded to float is: 53 ≥ 2·24 + 2 bits); a fade weight of 1 in the middle
    /// leaves the product unchanged.
    static func wideband(_ signals: [WidebandSignal], corrigendum2: Bool) {
        precondition(signals.count <= 2 && signals.allSatisfy { $0.samples.count >= 32 })
        var (b0, b1, b2, a1, a2) = wideband16k
        if corrigendum2 {
            b0 *= corrigendum2Scale
            b1 *= corrigendum2Scale
            b2 *= corrigendum2Scale
        }
        /// One sample of one signal: its input, then the recursion.
        @inline(__always)
        func step(_ s: UnsafePointer<Float>, _ n: Int, _ peak: Float, _ gain: Float, _ out: UnsafeMutablePointer<Double>,
                  _ i: Int, _ w1: inout Float, _ w2: inout Float) {
            let fade: Float = i < 15 ? Float(i + 1) / 16 : (i >= n - 15 ? Float(n - i) / 16 : 1)
            let x = s[i] / peak * gain * fade
            var w0 = x - a1 * w1
            w0 = w0 - a2 * w2
            var y = b0 * w0 + b1 * w1
            y = y + b2 * w2
            out[i] = Double(y)
            w2 = w1
            w1 = w0
        }
        func single(_ s: WidebandSignal, from start: Int, _ w1: inout Float, _ w2: inout Float) {
            s.samples.withUnsafeBufferPointer { x in
                for i in start..<x.count { step(x.baseAddress!, x.count, s.peak, s.gain, s.output, i, &w1, &w2) }
            }
        }
        var w1: Float = 0, w2: Float = 0, v1: Float = 0, v2: Float = 0
        if signals.count == 2 {
            let a = signals[0], b = signals[1]
            let done = min(a.samples.count, b.samples.count)
            a.samples.withUnsafeBufferPointer { x in
                b.samples.withUnsafeBufferPointer { y in
                    let xp = x.baseAddress!, yp = y.baseAddress!, nx = x.count, ny = y.count
                    for i in 0..<done {
                        step(xp, nx, a.peak, a.gain, a.output, i, &w1, &w2)
                        step(yp, ny, b.peak, b.gain, b.output, i, &v1, &v2)
                    }
                }
            }
            if a.samples.count > done { single(a, from: done, &w1, &w2) }
            if b.samples.count > done { single(b, from: done, &v1, &v2) }
        } else if let s = signals.first {
            single(s, from: 0, &w1, &w2)
        }
    }
}
