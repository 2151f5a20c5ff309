import LabCore

/// netem's 4-state Markov loss model (`loss state p13 p31 p32 p23 p14`; Salsano et al., TR v3.1; MODELS.md §1.3).
///
/// States: 1 received in a gap, 2 received in a burst, 3 lost in a burst, 4 isolated loss in a gap. One uniform draw
/// per packet moves the chain (from 1: to 4 with p14, to 3 with p13; from 2: to 3 with p23; from 3: to 2 with p32,
/// to 1 with p31; from 4: back to 1), and the packet is lost when the *new* state is 3 or 4, as in the kernel's
/// `loss_4state`. The chain starts in state 1.
public struct FourStateLoss: LossModel {
    public var p13: Double, p31: Double, p32: Double, p23: Double, p14: Double
    public private(set) var state: UInt8 = 1

    /// tc's defaults when only p13 is given (MODELS.md §1.3): p31 = 1−p13, p32 = 0, p23 = 1, p14 = 0 (Bernoulli).
    public init(p13: Double, p31: Double? = nil, p32: Double = 0, p23: Double = 1, p14: Double = 0) {
        self.p13 = p13
        self.p31 = p31 ?? (1 - p13)
        self.p32 = p32
        self.p23 = p23
        self.p14 = p14
    }

    /// Each parameter a probability, each row's leaving probabilities summing to at most 1, no absorbing burst.
    public func validate() throws {
        for (value, name) in [(p13, "p13"), (p31, "p31"), (p32, "p32"), (p23, "p23"), (p14, "p14")] {
            try Probability.check(value, name)
        }
        if p13 + p14 > 1 + 1e-12 {
            throw InputError("row 1 of the 4-state matrix: p13 + p14 = \(p13 + p14) exceeds 1",
                             hint: "from state 1 the chain moves to 3 with p13 and to 4 with p14; stays with 1 − p13 − p14")
        }
        if p31 + p32 > 1 + 1e-12 {
            throw InputError("row 3 of the 4-state matrix: p31 + p32 = \(p31 + p32) exceeds 1",
                             hint: "from state 3 the chain moves to 1 with p31 and to 2 with p32; stays with 1 − p31 − p32")
        }
        if p13 > 0 && p31 == 0 {
            throw InputError("p31 = 0 with p13 > 0: once a burst starts it never ends",
                             hint: "give p31 > 0; the mean burst period is (1/p31)(1 + p32/p23) packets")
        }
        if p32 > 0 && p23 == 0 && p13 > 0 {
            throw InputError("p23 = 0 with p32 > 0: state 2 (received in a burst) is absorbing", hint: "give p23 > 0")
        }
    }

    @inline(__always)
    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool {
        let u = random.nextUnit()
        switch state {
        case 1:
            if u < p14 { state = 4 } else if u < p14 + p13 { state = 3 }
        case 2:
            if u < p23 { state = 3 }
        case 3:
            if u < p32 { state = 2 } else if u < p32 + p31 { state = 1 }
        default:
            state = 1
        }
        return state >= 3
    }

    /// MODELS.md §1.3: stationary probabilities π1…π4.
    public var stationaryProbabilities: (Double, Double, Double, Double) {
        let a = p31 > 0 ? p13 / p31 : 0
        let b = p23 > 0 ? p32 / p23 : 0
        let pi1 = 1 / (1 + a + a * b + p14)
        return (pi1, pi1 * a * b, pi1 * a, pi1 * p14)
    }

    /// π3 + π4.
    public var stationaryLossRate: Double {
        let pi = stationaryProbabilities
        return pi.2 + pi.3
    }

    /// Mean run of consecutive losses: L1 = P(loss)/P(loss then received) (MODELS.md §1.2's definition, derived here
    /// for the 4 states: a loss in 3 is followed by a reception with p31 + p32; a loss in 4 always is).
    public var meanBurstLength: Double {
        let pi = stationaryProbabilities
        let ends = pi.2 * (p31 + p32) + pi.3
        return ends > 0 ? (pi.2 + pi.3) / ends : .infinity
    }

    /// MODELS.md §1.3: mean burst-period length E[B] = (1/p31)(1 + p32/p23).
    public var meanBurstPeriod: Double { (1 / p31) * (1 + (p23 > 0 ? p32 / p23 : 0)) }
    /// MODELS.md §1.3: mean gap-period length E[G] = (1/p13)(1 + p14).
    public var meanGapPeriod: Double { (1 / p13) * (1 + p14) }
    /// MODELS.md §1.3: loss density inside bursts ρ = p23/(p23+p32).
    public var burstDensity: Double { p23 / (p23 + p32) }
    /// MODELS.md §1.3: isolated-loss probability inside gaps p14/(1+p14).
    public var isolatedLossProbability: Double { p14 / (1 + p14) }
}
