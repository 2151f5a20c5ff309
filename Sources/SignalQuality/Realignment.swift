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
        // 1. The degraded re-timed by the utterance delays, tw[i] = deg[i + delay(i)] on [SBS, total − SBS) and 0
        // elsewhere; computed only where steps 5–6 read it: within `range` of the intervals (the delays found are
        // less than `range`) and at the clamping bounds.
        let range = 4 * nf
        var tw = [Double](repeating: 0, count: total)
        let hi = total - sbs - 1
        var needed = [0, sbs, hi, lMax - 1].map { $0..<($0 + 1) }
        for (fa, fb) in intervals { needed.append((fa * hop + sbs - range)..<(fb * hop + nf + sbs + range)) }
        for r in needed {
            let lo = max(r.lowerBound, sbs), up = min(r.upperBound, total - sbs)
            guard lo < up else { continue }
            forEachDelay(in: lo..<up) { i, delay in tw[i] = deg[min(max(i + delay, sbs), hi)] }
        }
        // 5. Delay search per interval.
        var delays: [Int] = []
        for (fa, fb) in intervals {
            let s0 = fa * hop + sbs, s1 = fb * hop + nf + sbs
            let n = s1 - s0
            let len = 2 * range + n
            var x = [Double](repeating: 0, count: len), y = x
            for i in 0..<n { x[range + i] = ref[s0 + i] }
            let top = lMax - sbs + p.dataPadding - 1
            for i in 0..<len { y[i] = tw[min(max(s0 - range + i, sbs), top)] }
            delays.append(absoluteDelay(x, y, range: range))
        }
        // 6. Doubly re-timed signal (step 7 reads it only inside the intervals, all of which are written here).
        var tw2 = [Double](repeating: 0, count: total)
        for (k, (fa, fb)) in intervals.enumerated() {
            let s0 = fa * hop + sbs, s1 = fb * hop + nf + sbs
            for i in s0..<s1 { tw2[i] = tw[min(max(i + delays[k], 0), lMax - 1)] }
        }
        // 7. Recompute the frames of each interval and keep the smaller disturbances.
        var pDeg = [Double](repeating: 0, count: nb)
        var lRef = pDeg, lDeg = pDeg
        tw2.withUnsafeBufferPointer { t in
            pRef.withUnsafeBufferPointer { pr in
                for (fa, fb) in intervals {
                    var previous = 1.0
                    for f in fa..<fb {
                        transform.bark(t.baseAddress!, start: sbs + f * hop, into: &pDeg)
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

    /// Lag in −R…R−1 maximising the normalised correlation of |x| and |y| (scan −R…−1, then 0…R−1; ≥ 0.5
    /// required, else 0) (P862.md §7.12 step 5).
    func absoluteDelay(_ x: [Double], _ y: [Double], range: Int) -> Int {
        let m = nextPowerOfTwo(2 * x.count)
        var ex = 0.0, ey = 0.0
        for v in x { ex += v * v }
        for v in y { ey += v * v }
        if ex / Double(m) <= 1e-6 || ey / Double(m) <= 1e-6 { return 0 }
        let c = CrudeDelay.correlate(x.map(abs)[...], y.map(abs)[...], plans: plans)
        // c[idx] holds lag idx − (n − 1).
        let zero = x.count - 1
        let norm = (ex * ey).squareRoot()
        var best = 0.0
        var bestLag = 0
        var first = true
        for lag in Array(-range..<0) + Array(0..<range) {
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
