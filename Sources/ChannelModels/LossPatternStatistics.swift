/// Statistics of a realised loss pattern: what the E-model's Ppl and BurstR are computed from.
public struct LossPatternStatistics: Sendable, Equatable, Codable {
    public var packets: Int
    public var lost: Int
    /// Number of runs of consecutive losses.
    public var bursts: Int

    public init(lostFlags: [Bool]) {
        packets = lostFlags.count
        lost = lostFlags.lazy.filter { $0 }.count
        var runs = 0
        var previous = false
        for flag in lostFlags {
            if flag && !previous { runs += 1 }
            previous = flag
        }
        bursts = runs
    }

    /// From counts already made (a capture's streaming analysis).
    public init(packets: Int, lost: Int, bursts: Int) {
        self.packets = packets
        self.lost = lost
        self.bursts = bursts
    }

    public var lossRate: Double { packets > 0 ? Double(lost) / Double(packets) : 0 }
    /// Mean run of consecutive losses (0 when nothing was lost).
    public var meanBurstLength: Double { bursts > 0 ? Double(lost) / Double(bursts) : 0 }
    /// G.107 BurstR: the observed mean burst length over the one random loss would give, 1/(1−x̄)
    /// (MODELS.md §1.2 and §2.4): BurstR = L̄·(1 − x̄). 1 for no loss or random loss.
    public var burstRatio: Double {
        guard bursts > 0, lossRate < 1 else { return 1 }
        return max(1, meanBurstLength * (1 - lossRate))
    }
}
