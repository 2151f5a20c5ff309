/// Re-alignment of "bad" intervals inside the perceptual model (P.862 §10.2.2; P862.md §7.12): runs of
/// frames with a symmetric disturbance above 30 are searched for a better delay over ±128 ms on the absolute
/// waveforms; where one is found (normalised correlation ≥ 0.5) the frames are recomputed and the smaller
/// disturbance kept.
extension PerceptualModel {
    func realignBadIntervals(d: inout [Double], a: inout [Double], pRef: [Double], stopFrame: Int) {
        let nb = p.bands, hop = p.hop, nf = p.frame, sbs = p.sbs
        let frames = stopFrame + 1
        // 2–4. Bad frames, smeared, runs of at least 5 frames.
        var bad = [Bool](repeating: false, count: frames)
        for f in 1..<frames { bad[f] = d[f] > DisturbanceModel.badFrameThreshold }
        var smeared = [Bool](repeating: false, count: frames)
        if stopFrame - 2 > 2 {
            for f in 2..<(stopFrame - 2) {
                let before = bad[f - 2] || bad[f - 1] || bad[f]
                let after = bad[f] || bad[f + 1] || bad[f + 2]
                smeared[f] = before && after
            }
        }
        var intervals: [(Int, Int)] = []
        var f = 0
        while f < frames {
            if smeared[f] {
                var e = f
                while e < frames && smeared[e] { e += 1 }
                if e - f >= 5 && e <= stopFrame { intervals.append((f, e)) }
                f = e
            } else {
                f += 1
            }
        }
        guard !intervals.isEmpty else { return }
        // 1. The degraded re-timed by the utterance delays, tw[i] = deg[i + delay(i)] (clamped to [SBS, total −
        // SBS − 1]) on [SBS, total − SBS) and 0 elsewhere. Steps 5–6 read it only within `range` of the intervals
        // (the delays found are less than `range`) and at the clamping bounds, so it is formed there, per interval,
        // into buffers of the interval's size (`retimed`; no Lmax + DP arrays: they were the perceptual model's peak).
        let range = 4 * nf
        // 5. Delay search per interval, longest interval first: each search is independent, and the FFT scratch
        // (`FFTPlans`' slots, grown by reallocation) is then sized once by the longest correlation instead of
        // growing step by step and leaving the smaller buffers as holes in the heap.
        // A transform length's plan is released once the searches of that length are done.
        var delays = [Int](repeating: 0, count: intervals.count)
        let order = intervals.indices.sorted { intervals[$0].1 - intervals[$0].0 > intervals[$1].1 - intervals[$1].0 }
        func transformLength(_ k: Int) -> Int {  // both inputs of `absoluteDelay` hold 2·range + n values
            let len = 2 * range + (intervals[k].1 - intervals[k].0) * hop + nf
            return CrudeDelay.correlationLength(len, len)
        }
        for (position, k) in order.enumerated() {
            let (fa, fb) = intervals[k]
            defer {
                if position + 1 == order.count || transformLength(order[position + 1]) != transformLength(k) {
                    plans.release(transformLength(k))
                }
            }
            let s0 = fa * hop + sbs, s1 = fb * hop + nf + sbs
            let n = s1 - s0
            let len = 2 * range + n
            var x = [Double](repeating: 0, count: len), y = x
            for i in 0..<n { x[range + i] = abs(Double(ref[s0 + i])) }
            let top = lMax - sbs + p.dataPadding - 1
            y.withUnsafeMutableBufferPointer { b in
                retimed(from: s0 - range, count: len, clampedTo: sbs, top, into: b.baseAddress!)
                for i in 0..<len { b[i] = abs(b[i]) }
            }
            delays[k] = absoluteDelay(x, y, range: range)
        }
        // 6–7. Per interval, the doubly re-timed signal over [s0, s1) (the frames of the interval read only that:
        // the next interval starts at least one frame after fb), tw2[i] = tw[min(max(i + delay, 0), Lmax − 1)];
        // its frames recomputed and the smaller disturbances kept.
        var pDeg = [Double](repeating: 0, count: nb)
        var lRef = pDeg, lDeg = pDeg
        var tw2: [Float] = []
        pRef.withUnsafeBufferPointer { pr in
            for (k, (fa, fb)) in intervals.enumerated() {
                let s0 = fa * hop + sbs, s1 = fb * hop + nf + sbs
                if tw2.count < s1 - s0 { tw2 = [Float](repeating: 0, count: s1 - s0) }
                tw2.withUnsafeMutableBufferPointer { t in
                    retimed(from: s0 + delays[k], count: s1 - s0, clampedTo: 0, lMax - 1, into: t.baseAddress!)
                }
                tw2.withUnsafeBufferPointer { t in
                    var previous = 1.0
                    for f in fa..<fb {
                        transform.bark(t.baseAddress!, start: sbs + f * hop - s0, into: &pDeg)
                        let rp = pr.baseAddress! + f * nb
                        pDeg.withUnsafeMutableBufferPointer { dp in
                            previous = gainCompensation(ref: rp, deg: dp.baseAddress!, frame: f, previous: previous,
                                                        transform: transform).previous
                        }
                        transform.loudness(rp, into: &lRef)
                        transform.loudness(pDeg, into: &lDeg)
                        let v = disturbance.frame(lRef: lRef, lDeg: lDeg, pRef: rp, pDeg: pDeg)
                        d[f] = min(d[f], v.symmetric)
                        a[f] = min(a[f], v.asymmetric)
                    }
                }
            }
        }
    }

    /// The degraded re-timed by the utterance delays (P862.md §7.12 step 1), tw[j] = deg[min(max(j + delay(j), SBS),
    /// total − SBS − 1)] for j in [SBS, total − SBS) and 0 elsewhere, read at clamped indices:
    /// out[i] = tw[min(max(j0 + i, lo), up)] for i < count (`RealignmentTests` compares it with the whole array).
    /// In float (the model signal's values) or double (the same values).
    func retimed<T: BinaryFloatingPoint>(from j0: Int, count: Int, clampedTo lo: Int, _ up: Int,
                                         into out: UnsafeMutablePointer<T>) {
        let sbs = p.sbs, hi = total - sbs - 1
        func tw(_ j: Int) -> T { j >= sbs && j < total - sbs ? T(deg[min(max(j + delay(at: j), sbs), hi)]) : 0 }
        let first = max(j0, lo), last = min(j0 + count, up + 1)  // indices j0 + i that are not clamped
        guard first < last else {
            let v = tw(j0 < lo ? lo : up)
            for i in 0..<count { out[i] = v }
            return
        }
        if first > j0 {
            let v = tw(lo)
            for i in 0..<(first - j0) { out[i] = v }
        }
        if last < j0 + count {
            let v = tw(up)
            for i in (last - j0)..<count { out[i] = v }
        }
        let d0 = max(first, sbs), d1 = max(min(last, total - sbs), d0)  // [d0, d1): where tw is defined
        for j in first..<last where j < d0 || j >= d1 { out[j - j0] = 0 }
        if d0 < d1 {
            forEachDelay(in: d0..<d1) { j, delay in out[j - j0] = T(deg[min(max(j + delay, sbs), hi)]) }
        }
    }

    /// Lag in −R…R−1 maximising the normalised correlation of |x| and |y| (scan −R…−1, then 0…R−1; ≥ 0.5
    /// required, else 0) (P862.md §7.12 step 5). `x` and `y` hold the absolute values already (the energies are
    /// the same: v·v = |v|·|v| exactly); the correlation is scanned in `withCorrelation`'s scratch (no array of its own).
    func absoluteDelay(_ x: [Double], _ y: [Double], range: Int) -> Int {
        let m = nextPowerOfTwo(2 * x.count)
        var ex = 0.0, ey = 0.0
        for v in x { ex += v * v }
        for v in y { ey += v * v }
        if ex / Double(m) <= 1e-6 || ey / Double(m) <= 1e-6 { return 0 }
        // c[idx] holds lag idx − (n − 1).
        let zero = x.count - 1
        let norm = (ex * ey).squareRoot()
        return CrudeDelay.withCorrelation(x[...], y[...], plans: plans) { c in
            var best = 0.0
            var bestLag = 0
            var first = true
            for lag in -range..<range {
                let v = abs(c[zero + lag]) / norm
                if first || v > best {
                    best = v
                    bestLag = lag
                    first = false
                }
            }
            return best < 0.5 ? 0 : bestLag
        }
    }
}
