/// Envelope cross-correlation, the crude delay estimate of P.862 §10.1.3 (P862.md §5.3, §5.5 "Crude").
enum CrudeDelay {
    /// Linear cross-correlation C[m] = Σ_j a[j]·b[j + m − (na − 1)], m = 0…na+nb−2, by FFT of length
    /// 2·nextpow2(max(na, nb)) as the reference does (P862.md §5.3). `body` sees C (na + nb − 1 values) in
    /// scratch memory of `plans`, valid only during the call.
    static func withCorrelation<R>(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans,
                                   _ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
        let na = a.count, nb = b.count
        let c = plans.scratch(3, count: na + nb - 1)
        withCircularCorrelation(a, b, plans: plans) { out, m in
            for idx in 0..<(na - 1) { c[idx] = Double(out[m + idx - (na - 1)]) }
            for idx in (na - 1)..<(na + nb - 1) { c[idx] = Double(out[idx - (na - 1)]) }
        }
        return body(UnsafeMutableBufferPointer(start: c, count: na + nb - 1))
    }

    /// The transform length of `withCorrelation` for inputs of na and nb values: 2·nextpow2(max(na, nb)) as the
    /// reference, at least 32 points (the packed transform's minimum); any length ≥ na + nb − 1 gives the same
    /// values. Callers that release plans by length ask here.
    static func correlationLength(_ na: Int, _ nb: Int) -> Int {
        max(32, 2 * nextPowerOfTwo(max(na, nb)))
    }

    /// The circular correlation of length m behind `withCorrelation`, in float scratch: lag l ≥ 0 at index l, lag
    /// l < 0 at m + l (C[idx] of `withCorrelation` is lag idx − (na − 1)).
    private static func withCircularCorrelation(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans,
                                                _ body: (UnsafeMutablePointer<Float>, Int) -> Void) {
        let na = a.count, nb = b.count
        let m = correlationLength(na, nb)
        // Single precision, as the reference's FFTNXCorr (P862.md §9 item 6); the values handed on are doubles.
        let fft = plans.realFloat(m)
        let sa = plans.floatScratch(0, count: m), sb = plans.floatScratch(1, count: m), out = plans.floatScratch(2, count: m)
        a.withUnsafeBufferPointer { fft.forwardPacked($0.baseAddress!, count: na, zr: sa, zi: sa + m / 2) }
        b.withUnsafeBufferPointer { fft.forwardPacked($0.baseAddress!, count: nb, zr: sb, zi: sb + m / 2) }
        // conj(A)·B gives corr[l] = Σ a[j]·b[j + l], circular over m ≥ na + nb − 1: lag l < 0 sits at m + l.
        fft.inverseCorrelation(xr: sa, xi: sa + m / 2, yr: sb, yi: sb + m / 2, into: out)
        body(out, m)
    }

    /// The correlation as an array (for the rare callers that keep it).
    static func correlate(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans) -> [Double] {
        withCorrelation(a, b, plans: plans) { Array($0) }
    }

    /// Lag of the correlation maximum in envelope frames (argmax from an initial best of 0, so a correlation with
    /// no positive value gives lag 0). If `window` is given, the correlation values from index `window.offset` on
    /// overwrite it (the reference's shared scratch, P862.md §6.7).
    static func lag(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>, plans: FFTPlans,
                    window: OverwrittenWindow? = nil) -> Int {
        // Scanned in place in float (C[idx] = Double(out[…]) exactly, so the comparisons are the same), without the
        // copy into a double array that `withCorrelation` makes.
        let na = a.count, nb = b.count
        var bestIndex = na - 1
        withCircularCorrelation(a, b, plans: plans) { out, m in
            var best: Float = 0
            for idx in 0..<(na - 1) where out[m + idx - (na - 1)] > best {
                best = out[m + idx - (na - 1)]
                bestIndex = idx
            }
            for idx in (na - 1)..<(na + nb - 1) where out[idx - (na - 1)] > best {
                best = out[idx - (na - 1)]
                bestIndex = idx
            }
            window?.overwrite(count: na + nb - 1) { idx in
                Double(idx < na - 1 ? out[m + idx - (na - 1)] : out[idx - (na - 1)])
            }
        }
        return bestIndex - (na - 1)
    }

    /// Crude delay of the reference window [start, end) (frames) against the degraded envelope, given a prior
    /// estimate `estimate` in samples (P862.md §5.5 "Crude"). Returns the new estimate in samples; a computed
    /// correlation also overwrites `window` as in the reference (§6.7).
    static func estimate(reference eRef: [Double], degraded eDeg: [Double], start: Int, end: Int,
                         estimate: Int, p: P862Parameters, plans: FFTPlans, window: OverwrittenWindow? = nil) -> Int {
        var r0 = start
        var d0 = start + estimate / p.ds
        if d0 < 0 {
            r0 = -estimate / p.ds
            d0 = 0
        }
        let nr = end - r0
        let nd = min(nr, eDeg.count - d0)
        guard nr > 1, nd > 1, r0 >= 0, r0 + nr <= eRef.count else { return estimate }
        return lag(eRef[r0..<(r0 + nr)], eDeg[d0..<(d0 + nd)], plans: plans, window: window) * p.ds + estimate
    }
}

/// The split search's Hann window as the reference leaves it (P862.md §6.7): it lives in scratch memory at offset
/// 3·Na + 6, which the envelope correlations computed afterwards overwrite with their values from that index on.
final class OverwrittenWindow {
    private(set) var values: [Double]
    let offset: Int

    init(na: Int) {
        values = FineAligner.hann(na)
        offset = 3 * na + 6
    }

    func overwrite(with c: UnsafeBufferPointer<Double>) {
        overwrite(count: c.count) { c[$0] }
    }

    /// As `overwrite(with:)` for a correlation of `count` values given index by index.
    func overwrite(count: Int, _ value: (Int) -> Double) {
        guard count > offset else { return }
        for i in offset..<min(count, offset + values.count) { values[i - offset] = value(i) }
    }
}
