import Foundation

/// One transform pair of the P.862 filter path at a given length, precision and kernel set, for moslab-bench's `fft`
/// section (docs/p862.md, "FFT choice"): `forwardPacked` then `inverseFiltered`, i.e. the DIF forward, the real
/// unpacking with the per-bin gain and the packing, the DIT inverse and the interleaving, with the scratch made
/// once. Timing is the benchmark's business; this only exposes the work.
public enum FFTTiming {
    /// Whether this processor runs the AVX2 kernels (CPUID, `FFTKernels.avx2Available`).
    public static var avx2Available: Bool { FFTKernels.avx2Available }

    /// Whether it also runs the AVX-512 Float butterflies.
    public static var avx512Available: Bool { FFTKernels.avx512Available }

    /// A closure that runs one forward + inverse pair of real length `n` (a power of two ≥ 32) in Float or Double,
    /// on kernel set `level` (0 portable, 1 AVX2, 2 AVX2 with the AVX-512 Float butterflies; lowered to what the
    /// processor has); returns a value of the output so the work cannot be optimised away.
    public static func pair(length n: Int, double: Bool, level: Int) -> () -> Double {
        let kernels: FFTKernels = level >= 2 ? .avx512 : level == 1 ? .avx2 : .portable
        return double ? pair(Double.self, n, kernels) : pair(Float.self, n, kernels)
    }

    private static func pair<T: FFTScalar>(_: T.Type, _ n: Int, _ kernels: FFTKernels) -> () -> Double {
        let work = Pair<T>(n, kernels)
        return { work.run() }
    }

    /// The transform, its input, gains and buffers.
    private final class Pair<T: FFTScalar> {
        let n: Int
        let fft: RealTransform<T>
        let x: UnsafeMutablePointer<T>, gains: UnsafeMutablePointer<T>, out: UnsafeMutablePointer<T>
        /// The spectrum in the layout of `FFTFilterInput` (`SplitStorage`).
        let z: SplitStorage<T>

        init(_ n: Int, _ kernels: FFTKernels) {
            self.n = n
            fft = RealTransform<T>(count: n, kernels: kernels)
            x = .allocate(capacity: n)
            gains = .allocate(capacity: n / 2)
            z = SplitStorage<T>(count: n / 2)
            out = .allocate(capacity: n)
            for i in 0..<n {
                let v: Double = sin(Double(i) * 0.37) * 1000 + Double(i % 7)
                x[i] = T(v)
            }
            gains.initialize(repeating: 0.5, count: n / 2)
        }

        deinit {
            for p in [x, gains, out] { p.deallocate() }
        }

        func run() -> Double {
            fft.forwardPacked(UnsafePointer(x), count: n, zr: z.re, zi: z.im)
            fft.inverseFiltered(zr: z.re, zi: z.im, reversedGains: gains, nyquistGain: 0.5, scale: 1, into: out)
            return Double(out[n / 3])
        }
    }
}
