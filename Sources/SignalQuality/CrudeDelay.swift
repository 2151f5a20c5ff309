/// Envelope cross-correlation, the crude delay estimate of P.862 §10.1.3 (P862.md §5.3, §5.5 "Crude").
enum CrudeDelay {
    /// Linear cross-correlation C[m] = Σ_j a[j]·b[j + m − (na − 1)], m = 0…na+nb−2, by FFT of length
    /// 2·nextpow2(max(na, nb)) as the reference does (P862.md §5.3).
    static func correlate(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans) -> [Double] {
        let na = a.count, nb = b.count
        let m = 2 * nextPowerOfTwo(max(na, nb))
        let fft = plans.real(m)
        var ar = [Double](repeating: 0, count: m / 2 + 1), ai = ar
        var br = ar, bi = ar
        Array(a).withUnsafeBufferPointer { fft.forward($0.baseAddress!, count: na, re: &ar, im: &ai) }
        Array(b).withUnsafeBufferPointer { fft.forward($0.baseAddress!, count: nb, re: &br, im: &bi) }
        // conj(A)·B gives corr[l] = Σ a[j]·b[j + l].
        for k in 0...(m / 2) {
            let r = ar[k] * br[k] + ai[k] * bi[k]
            let i = ar[k] * bi[k] - ai[k] * br[k]
            ar[k] = r
            ai[k] = i
        }
        var out = [Double](repeating: 0, count: m)
        fft.inverse(re: ar, im: ai, into: &out)
        var c = [Double](repeating: 0, count: na + nb - 1)
        for idx in 0..<(na + nb - 1) {
            let lag = idx - (na - 1)
            c[idx] = out[lag >= 0 ? lag : m + lag]
        }
        return c
    }

    /// Lag of the correlation maximum in envelope frames (argmax from an initial best of 0, so a
    /// correlation with no positive value gives lag 0), and the correlation itself.
    static func lag(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans) -> (lag: Int, correlation: [Double]) {
        let c = correlate(a, b, plans: plans)
        var best = 0.0
        var bestIndex = a.count - 1
        for (i, v) in c.enumerated() where v > best {
            best = v
            bestIndex = i
        }
        return (bestIndex - (a.count - 1), c)
    }

    /// Crude delay of the reference window [start, end) (frames) against the degraded envelope, given a prior
    /// estimate `estimate` in samples (P862.md §5.5 "Crude"). Returns the new estimate in samples, and the
    /// correlation output (nil if it was not computed) for the window bookkeeping of §6.7.
    static func estimate(reference eRef: [Double], degraded eDeg: [Double], start: Int, end: Int,
                         estimate: Int, p: P862Parameters, plans: FFTPlans) -> (delay: Int, correlation: [Double]?) {
        var r0 = start
        var d0 = start + estimate / p.ds
        if d0 < 0 {
            r0 = -estimate / p.ds
            d0 = 0
        }
        let nr = end - r0
        let nd = min(nr, eDeg.count - d0)
        guard nr > 1, nd > 1, r0 >= 0, r0 + nr <= eRef.count else { return (estimate, nil) }
        let result = lag(eRef[r0..<(r0 + nr)], eDeg[d0..<(d0 + nd)], plans: plans)
        return (result.lag * p.ds + estimate, result.correlation)
    }
}
