import Foundation

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
/// M = nextpow2(count); the gain 10^((G(f) − G(1000))/20) applies to bins 0…M/2 (f_i = i·Fs/M computed in float,
/// as the reference does) and the first `count` samples of the circular inverse are the filtered signal.
/// Both filters of a signal share one forward transform (the IRS filter acts on the level-aligned signal g·x,
/// whose spectrum is g·X).
struct FFTFilterInput<T: FFTScalar> {
    let count: Int
    let size: Int
    let rate: Int
    /// The packed half-length transform, bit-reversed (see `RealFFT.forwardPacked`): M/2 real parts and M/2
    /// imaginary parts (`SplitStorage`: aligned, the halves in different cache sets).
    /// In `T`: float for the narrowband level and IRS filters, as the reference's FFT filter (P862.md §9 item 6;
    /// half the memory and butterfly work, and closer to the reference on the fixtures); double for the wideband
    /// level filter, whose band power fixes the float gain of the float high-pass (`Pipeline.inputPeak`), where
    /// float rounding of the power moved a low-rate wideband pair away from the reference.
    private let z: SplitStorage<T>
    private let plans: FFTPlans

    init(_ x: UnsafePointer<Double>, count n: Int, rate: Int, plans: FFTPlans) {
        let m = nextPowerOfTwo(max(n, 32))
        count = n
        size = m
        self.rate = rate
        self.plans = plans
        let fft = plans.real(m, T.self)
        z = SplitStorage<T>(count: m / 2)
        fft.forwardPacked(x, count: n, zr: z.re, zi: z.im)
    }

    /// Writes the filtered samples (circular over M, the first `count` kept), scaled by `gain`, to `out`.
    func filter(by table: DecibelTable, gain: Double = 1, into out: UnsafeMutablePointer<Double>) {
        let m = size
        let gains = FilterGains<T>.shared(table: table, rate: rate, size: m)
        plans.real(m, T.self).inverseFiltered(zr: z.re, zi: z.im, reversedGains: gains.reversed, nyquistGain: gains.nyquist,
                                              scale: T(gain), count: count, into: out)
    }
}

/// Level alignment (P.862 §10.1.1; P862.md §3): the gain that brings the 350–3250 Hz band power of a padded
/// signal to 1·10^7 (16-bit units²).
///
/// `input` is the spectrum of the N samples and the DP padding after them; `lMax` is the longer padded length L
/// of the two signals, which divides both powers. Returns nil if the band power is zero (digital silence in the
/// band), which the reference would turn into NaN. The filtered signal (`input.count` samples) is left in `scratch`.
func levelAlignmentGain<T>(_ input: FFTFilterInput<T>, lMax: Int, p: P862Parameters,
                        scratch: UnsafeMutablePointer<Double>) -> Double? {
    guard let power = levelAlignmentPower(input, lMax: lMax, p: p, scratch: scratch) else { return nil }
    return Double(Float(sqrt(1e7 / power)))
}

/// The 350–3250 Hz band power that `levelAlignmentGain` divides 10^7 by (nil if zero).
func levelAlignmentPower<T>(_ input: FFTFilterInput<T>, lMax: Int, p: P862Parameters,
                         scratch: UnsafeMutablePointer<Double>) -> Double? {
    input.filter(by: .levelAlignment, into: scratch)
    var power = 0.0
    for i in 0..<input.count { power += scratch[i] * scratch[i] }
    power /= Double(lMax - 2 * p.sbs + p.dataPadding)
    guard power > 0, power.isFinite else { return nil }
    return power
}

/// Per-bin gains of an FFT-domain filter for one (table, rate, length, precision), computed once per process.
final class FilterGains<T: FFTScalar>: @unchecked Sendable {
    /// G[rev(p)] at position p < M/2 (bit reversal over log2(M/2) bits), for `RealFFT.inverseFiltered`; 64-byte
    /// aligned, as the spectrum it multiplies (`SplitLayout`).
    let reversed: UnsafePointer<T>
    /// G[M/2].
    let nyquist: T
    private let storage: UnsafeMutableRawPointer

    private init(_ values: [Double]) {
        // The tables of the transform that will use the gains (built once per process anyway).
        let half = values.count - 1
        let tables = TransformTables<T>.shared(half)
        storage = .allocate(byteCount: half * MemoryLayout<T>.stride, alignment: 64)
        let g = storage.bindMemory(to: T.self, capacity: half)
        for p in 0..<half { g[p] = T(values[Int(tables.bitReverse[p])]) }
        reversed = UnsafePointer(g)
        nyquist = T(values[half])
    }

    deinit { storage.deallocate() }

    static func shared(table: DecibelTable, rate: Int, size m: Int) -> FilterGains<T> {
        let key = "\(table.name)/\(rate)/\(m)/\(T.self)"
        filterGainsLock.lock()
        defer { filterGainsLock.unlock() }
        if let g = filterGainsCache[key] as? FilterGains<T> { return g }
        let reference = table.gain(at: 1000)
        let binWidth = Float(rate) / Float(m)
        let g = FilterGains<T>((0...(m / 2)).map { i in
            let f = Double(Float(i) * binWidth)
            return pow(10, (table.gain(at: f) - reference) / 20)
        })
        filterGainsCache[key] = g
        return g
    }
}

private let filterGainsLock = NSLock()
nonisolated(unsafe) private var filterGainsCache: [String: AnyObject] = [:]
