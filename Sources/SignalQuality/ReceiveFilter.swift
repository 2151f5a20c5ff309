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

    /// One signal of the P.862.2 wideband path: its N samples (x/peak in float), filtered in place, and its gain.
    struct WidebandSignal {
        let samples: UnsafeMutablePointer<Float>
        let count: Int
        let gain: Float
    }

    /// P.862.2 wideband path of one or two signals: the gain, 16-sample fades at both ends, then the high-pass in
    /// float, direct form II, over exactly the N signal samples (P862.md §4; float matters, §9 item 2).
    ///
    /// The recursion of the biquad (multiply, subtract, subtract per sample) bounds the loop by its latency, so two
    /// signals run in one loop, each with exactly the operations it has alone.
    static func wideband(_ signals: [WidebandSignal], corrigendum2: Bool) {
        precondition(signals.count <= 2)
        var (b0, b1, b2, a1, a2) = wideband16k
        if corrigendum2 {
            b0 *= corrigendum2Scale
            b1 *= corrigendum2Scale
            b2 *= corrigendum2Scale
        }
        for s in signals {
            let x = s.samples, n = s.count
            for i in 0..<n { x[i] *= s.gain }
            for i in 1..<16 {
                let w = Float(i) / 16
                x[i - 1] *= w
                x[n - i] *= w
            }
        }
        /// One sample of one signal's recursion.
        @inline(__always)
        func step(_ x: UnsafeMutablePointer<Float>, _ i: Int, _ w1: inout Float, _ w2: inout Float) {
            var w0 = x[i] - a1 * w1
            w0 = w0 - a2 * w2
            var y = b0 * w0 + b1 * w1
            y = y + b2 * w2
            x[i] = y
            w2 = w1
            w1 = w0
        }
        var w1: Float = 0, w2: Float = 0, v1: Float = 0, v2: Float = 0
        var done = 0
        if signals.count == 2 {
            let x = signals[0].samples, y = signals[1].samples
            done = min(signals[0].count, signals[1].count)
            for i in 0..<done {
                step(x, i, &w1, &w2)
                step(y, i, &v1, &v2)
            }
            let rest = signals[0].count > signals[1].count ? (x, signals[0].count, w1, w2) : (y, signals[1].count, v1, v2)
            (w1, w2) = (rest.2, rest.3)
            for i in done..<rest.1 { step(rest.0, i, &w1, &w2) }
        } else if let s = signals.first {
            for i in 0..<s.count { step(s.samples, i, &w1, &w2) }
        }
    }
}
