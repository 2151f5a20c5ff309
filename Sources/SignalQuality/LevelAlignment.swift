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
/// Filters `count` samples of `x` starting at `start`, circularly over M = nextpow2(count) samples, with
/// gain 10^((G(f) − G(1000))/20) on bins 0…M/2 (f_i = i·Fs/M computed in float, as the reference does).
func applyFFTFilter(_ x: inout [Double], start: Int, count n: Int, rate: Int, table: DecibelTable, plans: FFTPlans) {
    let m = nextPowerOfTwo(n)
    let fft = plans.real(m)
    var re = [Double](repeating: 0, count: m / 2 + 1)
    var im = [Double](repeating: 0, count: m / 2 + 1)
    x.withUnsafeBufferPointer { xp in
        fft.forward(xp.baseAddress! + start, count: n, re: &re, im: &im)
    }
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
    for i in 0...(m / 2) {
        re[i] *= gains[i]
        im[i] *= gains[i]
    }
    var out = [Double](repeating: 0, count: m)
    fft.inverse(re: re, im: im, into: &out)
    for i in 0..<n { x[start + i] = out[i] }
}

/// Level alignment (P.862 §10.1.1; P862.md §3): the gain that brings the 350–3250 Hz band power of a padded
/// signal to 1·10^7 (16-bit units²).
///
/// `padded` holds SBS zeros, the N samples, SBS zeros and DP zeros; `lMax` is the longer padded length L of the
/// two signals, which divides both powers. Returns nil if the band power is zero (digital silence in the band),
/// which the reference would turn into NaN.
func levelAlignmentGain(_ padded: [Double], signalCount: Int, lMax: Int, p: P862Parameters, plans: FFTPlans) -> Double? {
    var filtered = padded
    let n = signalCount + p.dataPadding
    applyFFTFilter(&filtered, start: p.sbs, count: n, rate: p.rate, table: .levelAlignment, plans: plans)
    var power = 0.0
    for i in p.sbs..<(p.sbs + n) { power += filtered[i] * filtered[i] }
    power /= Double(lMax - 2 * p.sbs + p.dataPadding)
    guard power > 0, power.isFinite else { return nil }
    return Double(Float(sqrt(1e7 / power)))
}
