import LabCore

/// Two-state Gilbert–Elliott loss with netem's `gemodel` parameters (../shared/MODELS.md §1.1).
///
/// `p` = P(Good→Bad), `r` = P(Bad→Good), `lossBad` = 1−h (loss probability in Bad), `lossGood` = 1−k (in Good).
/// Order of operations, fixed here and documented: the packet is lost or kept with the loss probability of the
/// state it is in, then the chain moves ("emit, then move"; netem's `loss_gilb_ell` and NTIA's order). The chain
/// starts in Good, as netem's does.
public struct GilbertElliottLoss: LossModel {
    public var p: Double
    public var r: Double
    public var lossBad: Double
    public var lossGood: Double
    public private(set) var inBadState = false

    public init(p: Double, r: Double, lossBad: Double = 1, lossGood: Double = 0) {
        self.p = p
        self.r = r
        self.lossBad = lossBad
        self.lossGood = lossGood
    }

    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool {
        let lost = random.bernoulli(inBadState ? lossBad : lossGood)
        let move = random.nextUnit()
        inBadState = inBadState ? !(move < r) : (move < p)
        return lost
    }

    /// MODELS.md §1.2: x̄ = [r(1−k) + p(1−h)] / (p+r).
    public var stationaryLossRate: Double {
        guard p + r > 0 else { return lossGood }
        return (r * lossGood + p * lossBad) / (p + r)
    }

    /// MODELS.md §1.2 (NTIA closed form): mean run of consecutive losses.
    public var meanBurstLength: Double {
        let eG = lossGood, eB = lossBad
        let k = 1 - eG, h = 1 - eB
        let numerator = eG * r + eB * p
        let denominator = eG * r * ((1 - p) * k + p * h) + eB * p * ((1 - r) * h + r * k)
        return denominator > 0 ? numerator / denominator : .infinity
    }
}
