#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A frequency response given as (Hz, dB) points, interpolated linearly in dB (P862.md §3).
struct DecibelTable: Sendable {
    /// A name for caches.
    let name: String
    let points: [(hz: Double, dB: Double)]

    /// Gain in dB at `f`; outside the table the first/last segment is extrapolated.
    func gain(at f: Double) -> Double {
        let n = points.count
        var seg = 0
        if f <= points[0].hz {
            seg = 0
        } else if f >= points[n - 1].hz {
            seg = n - 2
        } else {
            while seg < n - 2 && f > points[seg + 1].hz { seg += 1 }
        }
        let (f0, g0) = points[seg], (f1, g1) = points[seg + 1]
        return g0 + (f - f0) * (g1 - g0) / (f1 - f0)
    }

    /// The level-alignment band-pass, 350–3250 Hz (P.862 §10.1.1; table `align_filter_dB`, P862.md §3).
    static let levelAlignment = DecibelTable(name: "align", points: [
        (0, -500), (50, -500), (100, -500), (125, -500), (160, -500), (200, -500), (250, -500), (300, -500),
        (350, 0), (400, 0), (500, 0), (600, 0), (630, 0), (800, 0), (1000, 0), (1250, 0), (1600, 0), (2000, 0),
        (2500, 0), (3000, 0), (3250, 0), (3500, -500), (4000, -500), (5000, -500), (6300, -500), (8000, -500),
    ])
}

/// The FFT-domain filter used by level alignment and the IRS receive filter (P862.md §3, "FFT-domain filter").
///
/// Holds the spectrum of `count` samples of a padded signal starting at `start`, zero-padded to
/// M = nextpow2(count); `filtered(by:)` applies the gain 10^((G(f) − G(1000))/20) to bins 0…M/2 (f_i = i·Fs/M
/// computed in float, as the reference does) and returns the first `count` samples of the circular inverse.
/// Both filters of a signal share one forward transform (the IRS filter acts on the level-aligned signal g·x,
/// whose spectrum is g·X).
struct FFTFilterInput {
    let count: Int
    let size: Int
    let rate: Int
    private let re: [Double]
    private let im: [Double]
    private let plans: FFTPlans

    init(_ x: [Double], start: Int, count n: Int, rate: Int, plans: FFTPlans) {
        let m = nextPowerOfTwo(n)
        count = n
        size = m
        self.rate = rate
        self.plans = plans
        var re = [Double](repeating: 0, count: m / 2 + 1)
        var im = re
        let fft = plans.real(m)
        x.withUnsafeBufferPointer { xp in
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in
                    fft.forward(xp.baseAddress! + start, count: n, re: r.baseAddress!, im: i.baseAddress!)
                }
            }
        }
        self.re = re
        self.im = im
    }

    /// The filtered samples (circular over M, first `count` kept), scaled by `gain`.
    func filtered(by table: DecibelTable, gain: Double = 1) -> [Double] {
        let m = size
        let key = "\(table.name)/\(rate)/\(m)"
        let gains: [Double]
        if let cached = plans.filterGains[key] {
            gains = cached
        } else {
            let reference = table.gain(at: 1000)
            let binWidth = Float(rate) / Float(m)
            gains = (0...(m / 2)).map { i in
                let f = Double(Float(i) * binWidth)
                return pow(10, (table.gain(at: f) - reference) / 20)
            }
            plans.filterGains[key] = gains
        }
        var fr = re, fi = im
        for i in 0...(m / 2) {
            let g = gains[i] * gain
            fr[i] *= g
            fi[i] *= g
        }
        var out = [Double](repeating: 0, count: m)
        plans.real(m).inverse(re: fr, im: fi, into: &out)
        out.removeLast(m - count)
        return out
    }
}

/// Level alignment (P.862 §10.1.1; P862.md §3): the gain that brings the 350–3250 Hz band power of a padded
/// signal to 1·10^7 (16-bit units²).
///
/// `input` is the spectrum of the N samples and the DP padding after them; `lMax` is the longer padded length L
/// of the two signals, which divides both powers. Returns nil if the band power is zero (digital silence in the
/// band), which the reference would turn into NaN.
func levelAlignmentGain(_ input: FFTFilterInput, lMax: Int, p: P862Parameters) -> Double? {
    let filtered = input.filtered(by: .levelAlignment)
    var power = 0.0
    for v in filtered { power += v * v }
    power /= Double(lMax - 2 * p.sbs + p.dataPadding)
    guard power > 0, power.isFinite else { return nil }
    return Double(Float(sqrt(1e7 / power)))
}
