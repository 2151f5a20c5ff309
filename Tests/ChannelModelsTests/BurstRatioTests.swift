import ChannelModels
import Testing

/// BurstR of a realised loss sequence, by G.107 §7.5's definition (observed mean loss-run length over the
/// random-loss expectation 1/(1 − x)). `LossPatternStatistics` is the one implementation (the run, the network
/// command and the E-model all read it).
@Suite struct BurstRatioTests {
    /// 100 packets, two runs of 5 losses: x = 0.1, mean run 5, BurstR = 5 · 0.9 = 4.5.
    @Test func twoRunsOfFive() {
        var lost = [Bool](repeating: false, count: 100)
        for i in 10..<15 { lost[i] = true }
        for i in 60..<65 { lost[i] = true }
        #expect(abs(LossPatternStatistics(lostFlags: lost).burstRatio - 4.5) < 1e-12)
    }

    /// Isolated single losses are at most as bursty as random loss: BurstR = 1·(1 − x) < 1, taken as 1.
    @Test func isolatedLossesAreRandom() {
        let lost = (0..<100).map { $0 % 10 == 0 }
        #expect(LossPatternStatistics(lostFlags: lost).burstRatio == 1)
        #expect(LossPatternStatistics(lostFlags: []).burstRatio == 1)
    }
}
