#if canImport(Glibc)
import FFTKernelsAVX2
import FFTKernelsAVX512
import Glibc
#elseif canImport(Darwin)
import Darwin
import FFTKernelsAVX2
import FFTKernelsAVX512
#endif

/// The power law of Zwicker's loudness (P862.md §7.7) for a frame's Bark bands, bit for bit as the reference's
/// scalar computation Double(Float(S_b·(pow(0.5 + 0.5·P/P0_b, γ_b) − 1))) with glibc's `pow`, at a fraction of its
/// cost: `LoudnessKernel` (FFTKernelsAVX2/LoudnessKernel.swift) estimates the power for eight bands at a time with a
/// proven error bound and keeps the float it rounds to only where that bound decides it; elsewhere (5–8 in 10⁵
/// of the fixtures' active bands; docs/p862.md, "Issue 16, loudness without pow") it calls `pow`. The kernel runs in the build
/// matching the FFT kernels chosen for the process (`FFTKernels.processDefault`; the AVX2 and AVX-512 builds only
/// after the CPUID check), all three giving the same results. `LoudnessPowerTests` compares the decisions with the
/// scalar definition on millions of arguments per γ, and checks the error bound and the fallback.
struct LoudnessPower {
    let bands: Int
    let threshold: [Double]
    let gamma: [Double]
    let factor: [Double]
    /// Per group of eight bands: P0 (+∞ in padding lanes), γ, γ·2/ln 2, S_b (`LoudnessKernel.groupStride`).
    private let tables: [Double]
    private let kernels: FFTKernels

    init(threshold: [Double], gamma: [Double], factor: [Double], kernels: FFTKernels = .processDefault) {
        precondition(threshold.count == gamma.count && gamma.count == factor.count)
        bands = threshold.count
        self.threshold = threshold
        self.gamma = gamma
        self.factor = factor
        self.kernels = kernels.usable
        let n = LoudnessKernel.lanes
        var t: [Double] = []
        var b = 0
        while b < bands {
            var group = [Double](repeating: 0, count: LoudnessKernel.groupStride)
            for j in 0..<n {
                let k = b + j
                group[j] = k < bands ? threshold[k] : .infinity
                group[n + j] = k < bands ? gamma[k] : 0
                group[2 * n + j] = k < bands ? gamma[k] * (2 / M_LN2) : 0
                group[3 * n + j] = k < bands ? factor[k] : 0
            }
            t += group
            b += n
        }
        tables = t
    }

    /// The same tables run by another build of the kernel (tests).
    func with(kernels: FFTKernels) -> LoudnessPower {
        LoudnessPower(threshold: threshold, gamma: gamma, factor: factor, kernels: kernels)
    }

    /// Loudness of `dens[0..<bands]` into `out[0..<bands]`. Returns the number of bands that took the fallback.
    @discardableResult
    func apply(_ dens: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) -> Int {
        tables.withUnsafeBufferPointer { t in
            switch kernels {
            case .avx512: AVX512Loudness.apply(dens, out, bands: bands, tables: t.baseAddress!)
            case .avx2: AVX2Loudness.apply(dens, out, bands: bands, tables: t.baseAddress!)
            case .portable: LoudnessKernel.run(dens, out, bands: bands, tables: t.baseAddress!)
            }
        }
    }
}
