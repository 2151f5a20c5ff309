import LabCore

/// Two-state Gilbert–Elliott loss with netem's `gemodel` parameters (../shared/MODELS.md §1.1).
///
/// `p` = P(Good→Bad), `r` = P(Bad→Good), `lossBad` = 1−h (loss probability in Bad), `lossGood` = 1−k (in Good).
/// Special cases: simple Gilbert (`lossBad` 1, `lossGood` 0), Gilbert (`lossGood` 0), Bernoulli (p + r = 1).
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

    /// Refuses parameters that are not probabilities and an absorbing Bad state (r = 0 with p > 0, MODELS.md §1.1).
    public func validate() throws {
        try Probability.check(p, "p")
        try Probability.check(r, "r")
        try Probability.check(lossBad, "loss_bad (1-h)")
        try Probability.check(lossGood, "loss_good (1-k)")
        if r == 0 && p > 0 {
            throw InputError("r = 0 with p > 0 makes the bad state absorbing (all later packets lost)",
                             hint: "give r > 0; the mean burst length is about 1/r")
        }
    }

    @inline(__always)
    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool {
        let lost = random.bernoulli(inBadState ? lossBad : lossGood)
        let move = random.nextUnit()
        inBadState = inBadState ? !(move < r) : (move < p)
        return lost
    }

    /// MODELS.md §1.2: π_B = p/(p+r).
    public var stationaryBadProbability: Double { p + r > 0 ? p / (p + r) : 0 }

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

    /// MODELS.md §1.2: G.107 BurstR = L1·(1 − x̄) (1/(p+r) for the simple Gilbert).
    public var burstRatio: Double { meanBurstLength * (1 - stationaryLossRate) }

    /// MODELS.md §1.2: lag-1 state correlation γ = 1 − p − r.
    public var stateCorrelation: Double { 1 - p - r }

    /// MODELS.md §1.7: asymptotic variance σ² of the sample loss rate (Var(x̂) ≈ σ²/N), Markov-chain CLT:
    /// σ² = x̄(1−x̄) + 2·π_G·π_B·(e_B−e_G)²·γ/(1−γ).
    public var lossRateAsymptoticVariance: Double {
        let x = stationaryLossRate, piB = stationaryBadProbability, gamma = stateCorrelation
        return x * (1 - x) + 2 * (1 - piB) * piB * (lossBad - lossGood) * (lossBad - lossGood) * gamma / (1 - gamma)
    }
}

extension GilbertElliottLoss {
    /// The simple Gilbert model (1−h = 1, 1−k = 0) with the given mean loss x̄ and mean burst L1
    /// (MODELS.md §1.5, NTIA): r = 1/L1, p = x̄ / (L1(1 − x̄)).
    public static func fit(lossRate x: Double, meanBurstLength l1: Double) throws -> GilbertElliottLoss {
        guard x > 0, x < 1 else { throw InputError("loss_rate = \(x) must be in (0, 1) for a fit", hint: "e.g. 0.03 for 3 %") }
        guard l1 >= 1 else { throw InputError("mean_burst = \(l1) must be ≥ 1 packet", hint: "1 means random loss") }
        let r = 1 / l1
        let p = x / (l1 * (1 - x))
        guard p <= 1 else {
            throw InputError("loss_rate \(x) with mean_burst \(l1) needs p = \(p) > 1",
                             hint: "lower the loss rate or raise the mean burst (p = x/(L(1−x)) must be ≤ 1)")
        }
        return GilbertElliottLoss(p: p, r: r, lossBad: 1, lossGood: 0)
    }

    /// The Gilbert model (k = 1) with a chosen loss probability in Bad, 1−h (MODELS.md §1.5):
    /// r = (1 − L1·h)/(L1(1−h)), p = x̄(1 − L1·h) / (L1(1−h)(1−h−x̄)); needs L1·h < 1 and x̄ < 1−h.
    public static func fit(lossRate x: Double, meanBurstLength l1: Double, lossBad: Double) throws -> GilbertElliottLoss {
        let h = 1 - lossBad
        if h == 0 { return try fit(lossRate: x, meanBurstLength: l1) }
        guard x > 0, l1 >= 1, lossBad > 0, l1 * h < 1, x < 1 - h else {
            throw InputError("no Gilbert model has loss_rate \(x), mean_burst \(l1) and loss_bad \(lossBad)",
                             hint: "the fit needs mean_burst·(1−loss_bad) < 1 and loss_rate < loss_bad")
        }
        let r = (1 - l1 * h) / (l1 * (1 - h))
        let p = x * (1 - l1 * h) / (l1 * (1 - h) * (1 - h - x))
        guard p <= 1, r <= 1 else {
            throw InputError("the Gilbert fit gives p = \(p), r = \(r), outside 0…1", hint: "lower the loss rate or change loss_bad")
        }
        return GilbertElliottLoss(p: p, r: r, lossBad: lossBad, lossGood: 0)
    }
}
