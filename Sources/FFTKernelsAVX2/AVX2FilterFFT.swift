/// Entry points of the large FFT-domain filters' fused first and last passes (`WideFilterPasses.swift`) on AVX2: 8 float or 4 double lanes.
/// Concrete and not inlinable, like the module's other entry points: their code is generated here, with the
/// module's instruction set, and runs only after the CPUID check in `SignalQuality/FFTDispatch.swift`.
public enum AVX2FilterFFT {
    /// `forwardBitReversed` of the packed real sequence x[0..<m] (zero-padded), its first pass reading x.
    public static func forwardPacked(_ x: UnsafePointer<Double>, count m: Int, re: UnsafeMutablePointer<Float>,
                                     im: UnsafeMutablePointer<Float>, count n: Int, stageCos: UnsafePointer<Float>,
                                     stageSin: UnsafePointer<Float>) {
        WideButterflies<SIMD8<Float>, SIMD4<Float>>(count: n, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(packed: x, count: m, re, im)
    }

    public static func forwardPacked(_ x: UnsafePointer<Double>, count m: Int, re: UnsafeMutablePointer<Double>,
                                     im: UnsafeMutablePointer<Double>, count n: Int, stageCos: UnsafePointer<Double>,
                                     stageSin: UnsafePointer<Double>) {
        WideButterflies<SIMD4<Double>, SIMD4<Double>>(count: n, stageCos: stageCos, stageSin: stageSin)
            .forwardBitReversed(packed: x, count: m, re, im)
    }

    /// `transformPermuted` whose last pass writes x[2n] = re[n]·scale, x[2n + 1] = im[n]·scale (n < pairs) and, if
    /// `tail`, x[2·pairs] = re[pairs]·scale; re/im are left undefined.
    public static func transformInterleaved(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count n: Int,
                                            stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>, inverse: Bool,
                                            scale: Float, pairs: Int, tail: Bool, into x: UnsafeMutablePointer<Double>) {
        WideButterflies<SIMD8<Float>, SIMD4<Float>>(count: n, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse, scale: scale, pairs: pairs, tail: tail, into: x)
    }

    public static func transformInterleaved(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count n: Int,
                                            stageCos: UnsafePointer<Float>, stageSin: UnsafePointer<Float>, inverse: Bool,
                                            scale: Float, pairs: Int, tail: Bool, into x: UnsafeMutablePointer<Float>) {
        WideButterflies<SIMD8<Float>, SIMD4<Float>>(count: n, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse, scale: scale, pairs: pairs, tail: tail, into: x)
    }

    public static func transformInterleaved(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, count n: Int,
                                            stageCos: UnsafePointer<Double>, stageSin: UnsafePointer<Double>, inverse: Bool,
                                            scale: Double, pairs: Int, tail: Bool, into x: UnsafeMutablePointer<Double>) {
        WideButterflies<SIMD4<Double>, SIMD4<Double>>(count: n, stageCos: stageCos, stageSin: stageSin)
            .transformPermuted(re, im, inverse: inverse, scale: scale, pairs: pairs, tail: tail, into: x)
    }
}
