#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear-phase FIR band-pass (Hamming-windowed sinc difference), streaming one frame at a time.
///
/// Linear phase means a pure delay of `(taps − 1) / 2` samples at every frequency, which the codec declares as
/// look-ahead, so the output lines up with the input exactly. 129 taps at 8 kHz (or 257 at 16 kHz) give a
/// transition band of about 3.3·fs/N ≈ 200 Hz, a property of the Hamming window.
struct BandLimitFilter: Sendable {
    let coefficients: [Float]
    private var history: [Float]

    /// Pass band `lowHz…highHz` at `sampleRate`; `taps` odd.
    init(lowHz: Double, highHz: Double, sampleRate: Int, taps: Int) {
        precondition(taps % 2 == 1, "odd tap count for an integer delay")
        let middle = taps / 2
        let f1 = lowHz / Double(sampleRate), f2 = highHz / Double(sampleRate)
        func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x) }
        var h = (0..<taps).map { n -> Double in
            let k = Double(n - middle)
            let ideal = 2 * f2 * sinc(2 * f2 * k) - 2 * f1 * sinc(2 * f1 * k)
            let window = 0.54 - 0.46 * cos(2 * Double.pi * Double(n) / Double(taps - 1))
            return ideal * window
        }
        // Unit gain at the centre of the pass band (geometric mean of the edges).
        let centre = (lowHz * highHz).squareRoot() / Double(sampleRate)
        var re = 0.0, im = 0.0
        for (n, c) in h.enumerated() {
            re += c * cos(2 * Double.pi * centre * Double(n))
            im -= c * sin(2 * Double.pi * centre * Double(n))
        }
        let gain = (re * re + im * im).squareRoot()
        h = h.map { $0 / gain }
        coefficients = h.map(Float.init)
        history = [Float](repeating: 0, count: taps - 1)
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
