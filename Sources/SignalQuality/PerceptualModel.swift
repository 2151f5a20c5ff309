/// The perceptual model of P.862 §10.2 (P862.md §7), on the level-aligned, receive-filtered signals.
struct PerceptualModel {
    let p: P862Parameters
    /// The model signals (Lmax + DP samples each), float-exact values held in float.
    let ref: [Float]
    let deg: [Float]
    let lMax: Int
    let utterances: [Utterance]
    let transform: AuditoryTransform
    let disturbance: DisturbanceModel
    let plans: FFTPlans
    /// The reference's frames if an analysed reference kept them for this Lmax (P862Reference); nil: computed here.
    var referenceFrames: ReferenceFrames? = nil
    /// Total length of the model buffers, Lmax + DP.
    var total: Int { lMax + p.dataPadding }

    /// Delay of reference sample `s`: the last utterance starting at or before it (P862.md §7.1).
    func delay(at s: Int) -> Int {
        var u = 0
        for (i, utt) in utterances.enumerated() where utt.start * p.ds <= s { u = i }
        return utterances[u].delay
    }

    /// `delay(at:)` for every sample of `range`, in order, without rescanning the utterances per sample: the
    /// utterances whose start is at or before s only grow with s, so the last of them (the one `delay(at:)` picks)
    /// is found by walking the starts in ascending order once.
    func forEachDelay(in range: Range<Int>, _ body: (Int, Int) -> Void) {
        let starts = utterances.indices.map { (utterances[$0].start * p.ds, $0) }.sorted { $0.0 < $1.0 }
        var next = 0, u = 0
        for s in range {
            while next < starts.count && starts[next].0 <= s {
                u = max(u, starts[next].1)
                next += 1
            }
            body(s, utterances[u].delay)
        }
    }

    struct Output {
        var raw: Double
        var startFrame: Int
        var stopFrame: Int
    }

    func run() -> Output {
        let nb = p.bands, hop = p.hop, nf = p.frame, sbs = p.sbs
        // §7.2 active interval, §7.3 the reference's densities, §7.4 silent frames: reference-only, kept by an
        // analysed reference (ReferenceFrames) or computed here by the same code. Frames also depend on the input
        // peak; they only arrive with an analysis that `Pipeline.reuses` accepted for this pair (same Lmax and peak),
        // the Lmax check being a second guard.
        let frameSet = referenceFrames.flatMap { $0.lMax == lMax ? $0 : nil }
            ?? ReferenceFrames(ref: ref, lMax: lMax, p: p, transform: transform)
        let startFrame = frameSet.startFrame
        let stopFrame = frameSet.stopFrame
        let frames = stopFrame + 1
        guard frames > 0 else { return Output(raw: 4.5, startFrame: 0, stopFrame: -1) }

        // §7.3 the degraded's densities, at the reference frame's position plus its utterance's delay.
        var pRef = frameSet.bark
        var pDeg = [Double](repeating: 0, count: frames * nb)
        deg.withUnsafeBufferPointer { d in
            pDeg.withUnsafeMutableBufferPointer { pd in
                for f in 0..<frames {
                    let sd = sbs + f * hop + delay(at: sbs + f * hop)
                    if sd > 0 && sd + nf < total {
                        transform.bark(d.baseAddress!, start: sd, into: pd.baseAddress! + f * nb)
                    }
                }
            }
        }
        // §7.5 frequency compensation.
        let totalFrames = (lMax - 2 * sbs + p.dataPadding) / hop - 1
        frequencyCompensation(ref: &pRef, referenceSums: frameSet.audibleSums, deg: pDeg, frames: frames,
                              silent: frameSet.silent, totalFrames: totalFrames, transform: transform)

        // §7.6–7.10 per frame.
        var dFrame = [Double](repeating: 0, count: frames)
        var aFrame = dFrame
        var refPower = dFrame
        var lRef = [Double](repeating: 0, count: nb), lDeg = lRef
        var previous = 0.0
        pRef.withUnsafeBufferPointer { pr in
            pDeg.withUnsafeMutableBufferPointer { pd in
                for f in 0..<frames {
                    let rp = pr.baseAddress! + f * nb, dp = pd.baseAddress! + f * nb
                    let g = gainCompensation(ref: rp, deg: dp, frame: f, previous: previous, transform: transform)
                    previous = g.previous
                    refPower[f] = g.refPower
                    transform.loudness(rp, into: &lRef)
                    transform.loudness(dp, into: &lDeg)
                    let v = disturbance.frame(lRef: lRef, lDeg: lDeg, pRef: rp, pDeg: dp)
                    dFrame[f] = v.symmetric
                    aFrame[f] = v.asymmetric
                }
            }
        }
        let anyBad = dFrame.contains { $0 > DisturbanceModel.badFrameThreshold }

        // §7.11 frames across a delay decrease.
        let ds = p.ds, sb = p.searchFrames
        for u in 1..<max(utterances.count, 1) {
            var f1 = ((utterances[u].start - sb) * ds + utterances[u].delay) / hop
            let j = ((utterances[u - 1].end - sb) * ds + utterances[u - 1].delay) / hop
            f1 = max(min(f1, j), 0)
            let jump = utterances[u].delay - utterances[u - 1].delay
            if jump < -hop {
                let f2 = ((utterances[u].start - sb) * ds + abs(jump)) / hop + 1
                var f = f1
                while f <= f2 && f < stopFrame {
                    dFrame[f] = 0
                    aFrame[f] = 0
                    f += 1
                }
            }
        }

        // §7.12 re-alignment of bad intervals.
        if anyBad {
            realignBadIntervals(d: &dFrame, a: &aFrame, pRef: pRef, stopFrame: stopFrame)
        }

        // §7.13–7.14.
        let raw = Aggregation.rawScore(symmetric: dFrame, asymmetric: aFrame, refPower: refPower,
                                       startFrame: startFrame, stopFrame: stopFrame, lMax: lMax, p: p)
        return Output(raw: raw, startFrame: startFrame, stopFrame: stopFrame)
    }
}
