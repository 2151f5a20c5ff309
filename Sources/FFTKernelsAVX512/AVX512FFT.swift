/// The single-precision FFT butterflies on 16 lanes (`SIMD16<Float>`, one AVX-512 register), for processors with
/// AVX-512F (CPUID check `moslab_cpu_has_avx512f`). Same source as the AVX2 butterflies (`Lanes.swift` and
/// `WideButterflies.swift` are symbolic links to `FFTKernelsAVX2`'s), compiled with `-Xcc -mavx512f`; the same
/// operations in the same order lane by lane, so the same bits as the portable and the AVX2 kernels
/// (`Tests/SignalQualityTests/FFTDispatchTests.swift`).
///
/// Only the butterflies are here: measured on an AMD EPYC (Zen 4), 16 lanes made the 2¹⁷-point Float
/// transforms about 20 % faster than 8 lanes and narrowband P.862 about 10 %, while the real-transform packing
/// gained nothing (docs/p862.md, "FFT choice"); Double on 8 lanes gained nothing either until the large
/// transforms' arrays were laid out for the cache, then 25 % ("Large transforms: cache sets and alignment").
/// As for `AVX2FFT`, nothing here may run on a processor without AVX-512F.
public enum AVX512FFT {
    /// `TransformTables.forwardBitReversed` in Float; count ≥ 16.
    public static func forwardBitReversed(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count: Int,
                                          stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>) {
        WideButterflies<SIMD16<Float>, SIMD4<Float>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(re, im)
    }

    /// `TransformTables.transform(permuted: true)` in Float; count ≥ 16.
    public static func transformPermuted(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count: Int,
                                         stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>, inverse: Bool) {
        WideButterflies<SIMD16<Float>, SIMD4<Float>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse)
    }

    /// `TransformTables.forwardBitReversed` in Double on 8 lanes (one zmm); count ≥ 16. With the transforms' arrays
    /// laid out for the cache (`SplitStorage`) the 2¹⁷-point Double transform took 25 % less time than on 4 lanes
    /// (docs/p862.md, "Large transforms: cache sets and alignment"); earlier, with the passes waiting on the L1
    /// sets, 8 lanes had gained nothing.
    public static func forwardBitReversed(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count: Int,
                                          stageCos: UnsafePointer<Double>, stageSin: UnsafePointer<Double>) {
        WideButterflies<SIMD8<Double>, SIMD4<Double>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(re, im)
    }

    /// `TransformTables.transform(permuted: true)` in Double on 8 lanes; count ≥ 16.
    public static func transformPermuted(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count: Int,
                                         stageCos: UnsafePointer<Double>, stageSin: UnsafePointer<Double>, inverse: Bool) {
        WideButterflies<SIMD8<Double>, SIMD4<Double>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse)
    }

    /// `AlignmentFilter`'s twelve-section cascade on two signals (a zmm and a ymm register): `pairedCascade12`.
    public static func pairedCascade12(_ x: UnsafeMutablePointer<Double>, count nx: Int, _ y: UnsafeMutablePointer<Double>,
                                       count ny: Int, coefficients: UnsafePointer<Float>) {
        FFTKernelsAVX512.pairedCascade12(x, nx, y, ny, coefficients: coefficients, SIMD16<Float>.self, SIMD8<Float>.self)
    }
}
