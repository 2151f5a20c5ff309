import CFFTStages

/// Entry points of the AVX2 FFT kernels, one per operation and precision, called by `SignalQuality/FFT.swift`
/// only after its CPUID check (`CCPUFeatures.moslab_cpu_has_avx2`) said the processor and the OS support AVX2.
///
/// This whole module is compiled with `-Xcc -mavx2` (Package.swift): every function in it may contain VEX-encoded
/// instructions, so nothing here may run on an older x86-64, not even a check (that one lives in C, built for the
/// baseline). Functions are public, concrete and not inlinable, so their code is generated here, with AVX2, and
/// never copied into a caller built for the baseline. Float runs 8 lanes per instruction (`SIMD8<Float>`, 4 for the
/// four-value runs of the first stages), Double 4 (`SIMD4<Double>`). All of them compute bit for bit what the
/// portable kernels compute (`Lanes`; checked by `Tests/SignalQualityTests/FFTDispatchTests.swift`).
public enum AVX2FFT {
    /// `TransformTables.forwardBitReversed`: DIF, natural-order input, bit-reversed output; count ≥ 16.
    public static func forwardBitReversed(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count: Int,
                                          stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>) {
        WideButterflies<SIMD8<Float>, SIMD4<Float>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(re, im)
    }

    public static func forwardBitReversed(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count: Int,
                                          stageCos: UnsafePointer<Double>, stageSin: UnsafePointer<Double>) {
        WideButterflies<SIMD4<Double>, SIMD4<Double>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(re, im)
    }

    /// `TransformTables.transform(permuted: true)`: bit-reversed input, natural-order output, unscaled; count ≥ 16.
    public static func transformPermuted(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count: Int,
                                         stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>, inverse: Bool) {
        WideButterflies<SIMD8<Float>, SIMD4<Float>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse)
    }

    public static func transformPermuted(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count: Int,
                                         stageCos: UnsafePointer<Double>, stageSin: UnsafePointer<Double>, inverse: Bool) {
        WideButterflies<SIMD4<Double>, SIMD4<Double>>(count: count, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse)
    }

    /// The octave blocks ≥ 8 of `RealTransform.inverseCorrelation`'s packing (complex length `half` ≥ 16).
    public static func packCorrelation(xr: UnsafePointer<Float>, xi: UnsafePointer<Float>, yr: UnsafePointer<Float>,
                                       yi: UnsafePointer<Float>, half: Int, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
                                       outR: UnsafeMutablePointer<Float>, outI: UnsafeMutablePointer<Float>) {
        moslab_pack_correlation_f32_avx2(xr, xi, yr, yi, half, cos, sin, outR, outI)  // C: fft_packing.c
    }

    public static func packCorrelation(xr: UnsafePointer<Double>, xi: UnsafePointer<Double>, yr: UnsafePointer<Double>,
                                       yi: UnsafePointer<Double>, half: Int, cos: UnsafePointer<Double>, sin: UnsafePointer<Double>,
                                       outR: UnsafeMutablePointer<Double>, outI: UnsafeMutablePointer<Double>) {
        WidePacking<SIMD4<Double>, SIMD4<Double>>(half: half, tc: cos, ts: sin).correlation(xr, xi, yr, yi, outR, outI)
    }

    /// The octave blocks ≥ 8 of `RealTransform.inverseFiltered`'s packing.
    public static func packFiltered(zr: UnsafePointer<Float>, zi: UnsafePointer<Float>, gains: UnsafePointer<Float>,
                                    scale: Float, half: Int, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
                                    outR: UnsafeMutablePointer<Float>, outI: UnsafeMutablePointer<Float>) {
        WidePacking<SIMD8<Float>, SIMD4<Float>>(half: half, tc: cos, ts: sin).filtered(zr, zi, gains, scale, outR, outI)
    }

    public static func packFiltered(zr: UnsafePointer<Double>, zi: UnsafePointer<Double>, gains: UnsafePointer<Double>,
                                    scale: Double, half: Int, cos: UnsafePointer<Double>, sin: UnsafePointer<Double>,
                                    outR: UnsafeMutablePointer<Double>, outI: UnsafeMutablePointer<Double>) {
        moslab_pack_filtered_f64_avx2(zr, zi, gains, scale, half, cos, sin, outR, outI)  // C: fft_packing.c
    }

    /// The octave blocks ≥ 8 of `RealTransform.powerSpectrum`.
    public static func powerSpectrum(zr: UnsafePointer<Float>, zi: UnsafePointer<Float>, half: Int, cos: UnsafePointer<Float>,
                                     sin: UnsafePointer<Float>, bitReverse: UnsafePointer<Int32>,
                                     into power: UnsafeMutablePointer<Float>) {
        moslab_pack_power_f32_avx2(zr, zi, half, cos, sin, bitReverse, power)  // C: fft_packing.c
    }

    public static func powerSpectrum(zr: UnsafePointer<Double>, zi: UnsafePointer<Double>, half: Int, cos: UnsafePointer<Double>,
                                     sin: UnsafePointer<Double>, bitReverse: UnsafePointer<Int32>,
                                     into power: UnsafeMutablePointer<Double>) {
        WidePacking<SIMD4<Double>, SIMD4<Double>>(half: half, tc: cos, ts: sin).power(zr, zi, bitReverse, power)
    }

    /// x[2n] = re[n]·scale, x[2n + 1] = im[n]·scale (converted to the output type), n < pairs.
    public static func interleave(re: UnsafePointer<Float>, im: UnsafePointer<Float>, scale: Float, pairs: Int,
                                  into x: UnsafeMutablePointer<Float>) {
        moslab_interleave_f32_f32_avx2(re, im, scale, pairs, x)
    }

    public static func interleave(re: UnsafePointer<Float>, im: UnsafePointer<Float>, scale: Float, pairs: Int,
                                  into x: UnsafeMutablePointer<Double>) {
        moslab_interleave_f32_f64_avx2(re, im, scale, pairs, x)
    }

    public static func interleave(re: UnsafePointer<Double>, im: UnsafePointer<Double>, scale: Double, pairs: Int,
                                  into x: UnsafeMutablePointer<Double>) {
        moslab_interleave_f64_f64_avx2(re, im, scale, pairs, x)
    }

    /// zr[n] = x[2n], zi[n] = x[2n + 1] (converted), n < pairs.
    public static func deinterleave(_ x: UnsafePointer<Float>, pairs: Int, zr: UnsafeMutablePointer<Float>,
                                    zi: UnsafeMutablePointer<Float>) {
        moslab_deinterleave_f32_f32_avx2(x, pairs, zr, zi)
    }

    public static func deinterleave(_ x: UnsafePointer<Double>, pairs: Int, zr: UnsafeMutablePointer<Float>,
                                    zi: UnsafeMutablePointer<Float>) {
        moslab_deinterleave_f64_f32_avx2(x, pairs, zr, zi)
    }

    public static func deinterleave(_ x: UnsafePointer<Double>, pairs: Int, zr: UnsafeMutablePointer<Double>,
                                    zi: UnsafeMutablePointer<Double>) {
        moslab_deinterleave_f64_f64_avx2(x, pairs, zr, zi)
    }

    /// `AlignmentFilter`'s eight-section cascade on two signals in one 16-lane vector (two ymm registers):
    /// `pairedCascade8`. Same bits as the portable one.
    public static func pairedCascade8(_ x: UnsafeMutablePointer<Double>, count nx: Int, _ y: UnsafeMutablePointer<Double>,
                                      count ny: Int, coefficients: UnsafePointer<Float>) {
        FFTKernelsAVX2.pairedCascade8(x, nx, y, ny, coefficients: coefficients, SIMD16<Float>.self)
    }

    /// `AlignmentFilter`'s twelve-section cascade on two signals (three ymm registers): `pairedCascade12`.
    public static func pairedCascade12(_ x: UnsafeMutablePointer<Double>, count nx: Int, _ y: UnsafeMutablePointer<Double>,
                                       count ny: Int, coefficients: UnsafePointer<Float>) {
        FFTKernelsAVX2.pairedCascade12(x, nx, y, ny, coefficients: coefficients, SIMD16<Float>.self, SIMD8<Float>.self)
    }
}
