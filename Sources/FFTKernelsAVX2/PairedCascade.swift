/// The alignment filter's biquad cascade (P.862 §10.1.3, P862.md §5.1) on two signals at once, as a skewed
/// pipeline: one lane per section and signal, lane of section k at step t filtering sample t − 2k (its input is the
/// output of section k − 1 two steps before). Each lane does exactly the float operations of filtering section after
/// section (direct form II: w0 = (x − a1·w1) − a2·w2, y = (b0·w0 + b1·w1) + b2·w2), so the results are those of
/// `AlignmentFilter.cascade` bit for bit; only independent work is interleaved.
///
/// One source for three modules (symbolic links in `SignalQuality` and `FFTKernelsAVX512`): compiled for the
/// baseline (SSE, 4 lanes per instruction), with `-mavx2` (8) and with `-mavx512f` (16). No fused multiply-add:
/// none of the modules enables contraction (docs/p862.md, "FFT choice").
///
/// Why two signals in one loop: the recursion of a section (multiply, subtract, subtract from one step's state to
/// the next) bounds a single cascade by its latency; a second signal's lanes fill the idle issue slots.
///
/// `coefficients` holds the sections' b0, b1, b2, a1, a2 in five runs of `sections` floats. `x` and `y` are
/// filtered in place (nx and ny samples, converted to float on input and back to double on output); the shorter
/// one is followed by zeros whose outputs are never stored.
@inline(__always)
func pairedCascade8<V: SIMD>(_ x: UnsafeMutablePointer<Double>, _ nx: Int, _ y: UnsafeMutablePointer<Double>, _ ny: Int,
                             coefficients c: UnsafePointer<Float>, _: V.Type) where V.Scalar == Float {
    // Eight sections: lanes 0–7 filter x, lanes 8–15 filter y.
    let k = 8, half = V.scalarCount / 2
    precondition(half == k)
    var b0 = V(), b1 = V(), b2 = V(), a1 = V(), a2 = V()
    for i in 0..<k {
        for lane in [i, half + i] {
            b0[lane] = c[i]; b1[lane] = c[k + i]; b2[lane] = c[2 * k + i]; a1[lane] = c[3 * k + i]; a2[lane] = c[4 * k + i]
        }
    }
    var w1 = V(), w2 = V()
    var out1 = V(), out2 = V()
    let n = max(nx, ny), lag = 2 * (k - 1)
    for t in 0..<(n + lag) {
        // Whole-vector shift (lane 8 receives lane 7's output, overwritten by y's next sample).
        var input = V()
        for i in 1..<V.scalarCount { input[i] = out2[i - 1] }
        input[0] = t < nx ? Float(x[t]) : 0
        input[half] = t < ny ? Float(y[t]) : 0
        let w0 = input - a1 * w1 - a2 * w2
        let out = b0 * w0 + b1 * w1 + b2 * w2
        w2 = w1
        w1 = w0
        let s = t - lag
        if s >= 0 {
            if s < nx { x[s] = Double(out[k - 1]) }
            if s < ny { y[s] = Double(out[half + k - 1]) }
        }
        out2 = out1
        out1 = out
    }
}

/// `pairedCascade8` for twelve sections (16 kHz): sections 0–7 of x and of y in the 16 lanes of `A` (x in 0–7,
/// y in 8–15), sections 8–11 of x and of y in the 8 lanes of `B` (x in 0–3, y in 4–7).
@inline(__always)
func pairedCascade12<A: SIMD, B: SIMD>(_ x: UnsafeMutablePointer<Double>, _ nx: Int, _ y: UnsafeMutablePointer<Double>,
                                       _ ny: Int, coefficients c: UnsafePointer<Float>, _: A.Type, _: B.Type)
where A.Scalar == Float, B.Scalar == Float {
    let k = 12
    precondition(A.scalarCount == 16 && B.scalarCount == 8)
    var ab0 = A(), ab1 = A(), ab2 = A(), aa1 = A(), aa2 = A()
    var bb0 = B(), bb1 = B(), bb2 = B(), ba1 = B(), ba2 = B()
    for i in 0..<k {
        if i < 8 {
            for lane in [i, 8 + i] {
                ab0[lane] = c[i]; ab1[lane] = c[k + i]; ab2[lane] = c[2 * k + i]; aa1[lane] = c[3 * k + i]; aa2[lane] = c[4 * k + i]
            }
        } else {
            for lane in [i - 8, i - 4] {
                bb0[lane] = c[i]; bb1[lane] = c[k + i]; bb2[lane] = c[2 * k + i]; ba1[lane] = c[3 * k + i]; ba2[lane] = c[4 * k + i]
            }
        }
    }
    var aw1 = A(), aw2 = A(), bw1 = B(), bw2 = B()
    var aout1 = A(), aout2 = A(), bout1 = B(), bout2 = B()
    let n = max(nx, ny), lag = 2 * (k - 1)
    for t in 0..<(n + lag) {
        var ain = A()
        for i in 1..<A.scalarCount { ain[i] = aout2[i - 1] }
        ain[0] = t < nx ? Float(x[t]) : 0
        ain[8] = t < ny ? Float(y[t]) : 0
        var bin = B()
        for i in 1..<B.scalarCount { bin[i] = bout2[i - 1] }
        bin[0] = aout2[7]
        bin[4] = aout2[15]
        let aw0 = ain - aa1 * aw1 - aa2 * aw2
        let aout = ab0 * aw0 + ab1 * aw1 + ab2 * aw2
        aw2 = aw1
        aw1 = aw0
        let bw0 = bin - ba1 * bw1 - ba2 * bw2
        let bout = bb0 * bw0 + bb1 * bw1 + bb2 * bw2
        bw2 = bw1
        bw1 = bw0
        let s = t - lag
        if s >= 0 {
            if s < nx { x[s] = Double(bout[3]) }
            if s < ny { y[s] = Double(bout[7]) }
        }
        aout2 = aout1
        aout1 = aout
        bout2 = bout1
        bout1 = bout
    }
}
