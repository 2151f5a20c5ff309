/// Entry point of `LoudnessKernel` built for AVX-512F (one zmm register); called by `SignalQuality/LoudnessPower.swift` only
/// after the CPUID check of `FFTKernels`. Public, concrete and not inlinable, so the kernel's code is generated in
/// this module, for these instructions (as `AVX2FFT` explains).
public enum AVX512Loudness {
    /// Loudness of `dens[0..<bands]` into `out[0..<bands]` from `LoudnessKernel`'s group tables; returns the number
    /// of bands computed by the scalar fallback.
    public static func apply(_ dens: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, bands: Int,
                             tables: UnsafePointer<Double>) -> Int {
        LoudnessKernel.run(dens, out, bands: bands, tables: tables)
    }
}
