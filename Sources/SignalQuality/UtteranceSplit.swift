/// Utterance splitting: a delay change inside an utterance cuts it in two (P.862 §10.1.4; P862.md §6).
enum UtteranceSplit {
    /// An upper bound of a fine-delay confidence (at most 1 in exact arithmetic), with room for rounding.
    static let confidenceBound = 1 + 0x1p-20

    static func split(_ utterances: inout [Utterance], refVAD: [Double], refEnvelope: [Double],
                      degEnvelope: [Double], degLength: Int, aligner: FineAligner, p: P862Parameters,
                      plans: FFTPlans) {
        let ds = p.ds, na = p.alignFFT, sb = p.searchFrames
        var u = 0
        while u < utterances.count && utterances.count < P862Limits.maxUtterances {
            let utt = utterances[u]
            // §6.1 speech extent.
            var speechStart = utt.start
            while speechStart < utt.end && refVAD[speechStart] <= 0 { speechStart += 1 }
            var k = utt.end
            while k > utt.start && refVAD[k] <= 0 { k -= 1 }
            let speechEnd = k + 1
            let length = speechEnd - speechStart
            guard length >= 200 else {
                u += 1
                continue
            }
            // §6.2 candidate breakpoints.
            let delta = na / (4 * ds)
            let step = delta * Int((0.801 * Double(length) + Double(40 * delta) - 1) / Double(40 * delta))
            let pad = max(length / 10, 75)
            var breakpoints = [speechStart + pad]
            while breakpoints.count < 40, breakpoints[breakpoints.count - 1] + step <= speechEnd - pad {
                breakpoints.append(breakpoints[breakpoints.count - 1] + step)
            }
            // §6.3 crude delays of both halves; §6.7 the correlation outputs overwrite the window scratch.
            let window = OverwrittenWindow(na: na)
            func crude(_ start: Int, _ end: Int) -> Int {
                CrudeDelay.estimate(reference: refEnvelope, degraded: degEnvelope, start: start, end: end,
                                    estimate: utt.delayEstimate, p: p, plans: plans, window: window)
            }
            // A correlation of two halves has at most 2·(end − start) − 1 values; when that is not more than the
            // window's offset none of them overwrites the window, and the second half's crude delay is computed only
            // for the breakpoints whose first half passes (the same values, fewer correlations). Otherwise all are
            // computed first, in the reference's order, as their overwrites decide the window.
            let overwrites = 2 * (utt.end - utt.start) - 1 > window.offset
            var ed1 = [Int](repeating: 0, count: breakpoints.count)
            var ed2 = [Int?](repeating: nil, count: breakpoints.count)
            for (j, bp) in breakpoints.enumerated() {
                ed1[j] = crude(utt.start, bp)
                if overwrites { ed2[j] = crude(bp, utt.end) }
            }
            aligner.setWindow(window.values)
            // §6.4–6.6.
            var bestScore = 0.0
            var best: (bp: Int, ed1: Int, d1: Int, dc1: Double, ed2: Int, d2: Int, dc2: Double)?
            for (j, bp) in breakpoints.enumerated() {
                let leftPairs = aligner.forwardPairs(from: utt.start * ds, estimate: ed1[j], refEnd: bp * ds)
                let left = aligner.delay(pairs: leftPairs)
                let d1 = ed1[j] + left.lag, dc1 = left.confidence
                guard dc1 > utt.confidence else { continue }
                // A confidence is the smoothed histogram's peak over its unsmoothed sum (`FineAligner.delay`): the
                // triangle's weights are at most 1, so dc2 ≤ 1 up to rounding (bounded here by 1 + 2⁻²⁰). When even
                // that cannot lift dc1 + dc2 above the best score (rounded addition is monotone), the right half
                // cannot win and its crude delay and histogram are skipped: the chosen breakpoint is unchanged.
                guard dc1 + Self.confidenceBound > bestScore else { continue }
                let e2 = ed2[j] ?? crude(bp, utt.end)
                let rightPairs = aligner.backwardPairs(refEnd: utt.end * ds, estimate: e2, refStart: bp * ds)
                let right = aligner.delay(pairs: rightPairs)
                let d2 = e2 + right.lag, dc2 = right.confidence
                if abs(d2 - d1) >= ds && dc2 > utt.confidence && dc1 + dc2 > bestScore {
                    bestScore = dc1 + dc2
                    best = (bp, ed1[j], d1, dc1, e2, d2, dc2)
                }
            }
            guard let b = best else {
                u += 1
                continue
            }
            var first = utt
            var second = utt
            first.delayEstimate = b.ed1
            first.delay = b.d1
            first.confidence = b.dc1
            second.delayEstimate = b.ed2
            second.delay = b.d2
            second.confidence = b.dc2
            if b.d2 < b.d1 {
                first.end = b.bp
                second.start = b.bp
            } else {
                first.end = b.bp + (b.d2 - b.d1) / (2 * ds)
                second.start = b.bp - (b.d2 - b.d1) / (2 * ds)
            }
            if (first.start - sb) * ds + b.d1 < 0 {
                first.start = sb + (ds - 1 - b.d1) / ds
            }
            if second.end * ds + b.d2 > degLength - p.sbs {
                second.end = (degLength - b.d2) / ds - sb
            }
            utterances[u] = first
            utterances.insert(second, at: u + 1)
        }
    }
}
