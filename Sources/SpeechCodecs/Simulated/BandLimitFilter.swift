#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear-phase FIR band-pass, streaming one frame at a time.
///
/// Linear phase means a pure delay of `(taps − 1) / 2` samples at every frequency, which the codec declares as
/// look-ahead, so the output lines up with the input exactly.
///
/// Two designs, both windowed-sinc differences of two low-passes:
/// - `telephoneBand` (narrowband MNRU): a Kaiser window (Kaiser & Schafer 1980; Oppenheim & Schafer,
///   *Discrete-Time Signal Processing* §7.5.3) with the cut-offs placed half a transition band *outside*
///   300 and 3400 Hz, so the pass band is flat within ±0.5 dB from 300 to 3400 Hz as G.712's telephone channel and
///   the STL's MNRU + G.712 chain are (the Hamming design it replaces was −6 dB at 300 and 3400 Hz, passed only
///   ~350–3350 Hz and cost 2–3 dB of level on female voices);
/// - `init(lowHz:highHz:sampleRate:taps:)`: Hamming-windowed, cut-offs at the edges (−6 dB there), used for the
///   wideband 50–7000 Hz limit, whose 50 Hz edge leaves no room for a transition band at 257 taps.
struct BandLimitFilter: Sendable {
    let coefficients: [Float]
    private var history: [Float]

    /// Pass band `lowHz…highHz` at `sampleRate`; `taps` odd. Hamming window, −6 dB at the edges.
    init(lowHz: Double, highHz: Double, sampleRate: Int, taps: Int) {
        let window = (0..<taps).map { 0.54 - 0.46 * cos(2 * Double.pi * Double($0) / Double(taps - 1)) }
        self.init(cutoffs: (lowHz, highHz), sampleRate: sampleRate, window: window, unitGainAt: (lowHz * highHz).squareRoot())
    }

    /// The narrowband telephone band: flat (±0.5 dB) 300–3400 Hz at 8 kHz, 129 taps, ≥ 40 dB down below 100 Hz and
    /// above 3800 Hz. Kaiser β for 50 dB side lobes: 0.1102·(A − 8.7) (Kaiser's formula), A = 50.
    static func telephoneBand(sampleRate: Int = 8000, taps: Int = 129) -> BandLimitFilter {
        let beta = 0.1102 * (50 - 8.7)
        let window = (0..<taps).map { n -> Double in
            let r = 2 * Double(n) / Double(taps - 1) - 1
            return besselI0(beta * (1 - r * r).squareRoot()) / besselI0(beta)
        }
        // Transition bands 100–300 Hz and 3400–3800 Hz: cut-offs at their middles.
        return BandLimitFilter(cutoffs: (200, 3600), sampleRate: sampleRate, window: window, unitGainAt: 1000)
    }

    private init(cutoffs: (Double, Double), sampleRate: Int, window: [Double], unitGainAt centreHz: Double) {
        let taps = window.count
        precondition(taps % 2 == 1, "odd tap count for an integer delay")
        let middle = taps / 2
        let f1 = cutoffs.0 / Double(sampleRate), f2 = cutoffs.1 / Double(sampleRate)
        func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x) }
        var h = (0..<taps).map { n -> Double in
            let k = Double(n - middle)
            return (2 * f2 * sinc(2 * f2 * k) - 2 * f1 * sinc(2 * f1 * k)) * window[n]
        }
        let gain = Self.response(h, at: centreHz / Double(sampleRate))
        h = h.map { $0 / gain }
        coefficients = h.map(Float.init)
        history = [Float](repeating: 0, count: taps - 1)
    }

    /// |H(f)| at the normalised frequency f (cycles per sample).
    static func response(_ h: [Double], at f: Double) -> Double {
        var re = 0.0, im = 0.0
        for (n, c) in h.enumerated() {
            re += c * cos(2 * Double.pi * f * Double(n))
            im -= c * sin(2 * Double.pi * f * Double(n))
        }
        return (re * re + im * im).squareRoot()
    }

    /// Gain in dB at `hz` for this filter at `sampleRate`.
    func gainDB(atHz hz: Double, sampleRate: Int) -> Double {
        20 * log10(Self.response(coefficients.map(Double.init), at: hz / Double(sampleRate)))
    }

    /// Zeroth-order modified Bessel function of the first kind, by its power series (A&S 9.6.12).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0, k = 1.0
        while term > sum * 1e-17 {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }

    var delay: Int { coefficients.count / 2 }

    /// Filters one block, carrying the last `taps − 1` inputs into the next call.
    mutating func process(_ input: [Float]) -> [Float] {
        let taps = coefficients.count
        let buffer = history + input
        var output = [Float](repeating: 0, count: input.count)
        coefficients.withUnsafeBufferPointer { c in
            buffer.withUnsafeBufferPointer { x in
                for i in 0..<input.count {
                    var sum: Float = 0
                    // y[i] = Σ c[k]·x[i + taps − 1 − k]
                    for k in 0..<taps { sum += c[k] * x[i + taps - 1 - k] }
                    output[i] = sum
                }
            }
        }
        history = Array(buffer.suffix(taps - 1))
        return output
    }
}
