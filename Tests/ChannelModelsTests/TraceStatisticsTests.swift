import ChannelModels
import LabCore
import Testing

/// RFC 3611 §4.7 / A.2 and RFC 3550 §6.4.1 on hand-made traces with hand-computed values.
@Suite struct TraceStatisticsTests {
    static func outcomes(_ pattern: [(Int, PacketFate)]) -> [PacketFate] {
        pattern.flatMap { [PacketFate](repeating: $1, count: $0) }
    }

    /// MODELS.md §2.2 / §8 X1: 20×rx, L, 3×rx, L, L, 2×rx, L, 20×rx, L, 20×rx gives (c11, c13, c14, c22, c23, c33) =
    /// (40, 2, 0, 3, 2, 1) and burst density 0.5 (wire 128). By hand, with 20 ms packets: ctotal = 40+0+2+3+2+2+2+1 = 52,
    /// gap duration = (40+0+2)·20/2 = 420 ms, burst duration = 52·20/2 − 420 = 100 ms, loss 5/70, gap density 0.
    @Test func handSequenceX1() {
        let trace = Self.outcomes([(20, .played), (1, .lost), (3, .played), (2, .lost), (2, .played), (1, .lost),
                                   (20, .played), (1, .lost), (20, .played)])
        let m = RFC3611Metrics(outcomes: trace, packetMs: 20)
        #expect([m.c11, m.c13, m.c14, m.c22, m.c23, m.c33] == [40, 2, 0, 3, 2, 1])
        #expect(m.burstDensity == 0.5)
        #expect(RFC3611Metrics.wire(m.burstDensity) == 128)
        #expect(m.gapDensity == 0)
        #expect(m.gapDurationMs == 420)
        #expect(m.burstDurationMs == 100)
        #expect(m.lossRate == 5.0 / 70.0)
        #expect(m.discardRate == 0)
        #expect(m.gmin == 16)
    }

    /// An isolated loss inside a gap: 20×rx, L, 20×rx, D(iscard), 20×rx. By hand: the first loss ends a "burst" (c13 = 1,
    /// c11 = 20), the second (pkt = 20 ≥ 16, lost = 1) is a gap loss (c14 = 1, c11 = 40). Gap density 1/41; gap duration
    /// (40+1+1)·20/1 = 840 ms; ctotal = 40+1+1+1 = 43, burst duration 43·20 − 840 = 20 ms; burst density 1;
    /// loss 1/62 and discard 1/62.
    @Test func isolatedGapLossAndDiscard() {
        let trace = Self.outcomes([(20, .played), (1, .lost), (20, .played), (1, .late), (20, .played)])
        let m = RFC3611Metrics(outcomes: trace, packetMs: 20)
        #expect([m.c11, m.c13, m.c14, m.c22, m.c23, m.c33] == [40, 1, 1, 0, 0, 0])
        #expect(m.gapDensity == 1.0 / 41.0)
        #expect(m.gapDurationMs == 840)
        #expect(m.burstDurationMs == 20)
        #expect(m.burstDensity == 1)
        #expect(m.lossRate == 1.0 / 62.0)
        #expect(m.discardRate == 1.0 / 62.0)
    }

    @Test func noLossMeansNoBursts() {
        let m = RFC3611Metrics(outcomes: [PacketFate](repeating: .played, count: 50), packetMs: 20)
        #expect(m.burstDurationMs == 0)
        #expect(m.gapDurationMs == 1000)
        #expect(m.burstDensity == 0 && m.gapDensity == 0 && m.lossRate == 0)
    }

    /// X2: RFC 3611's loss rate on the L1 stream is lost/expected, inside the L1 interval.
    @Test func lossRateOnGilbertStream() {
        let flags = lossFlags(GilbertElliottLoss(p: 0.05, r: 0.5), count: 200_000)
        let m = RFC3611Metrics(outcomes: flags.map { $0 ? .lost : .played }, packetMs: 20)
        #expect(abs(m.lossRate - 0.090909) < z99 * 0.001044)
        // MODELS.md §2.2 simulated reference: burst density ≈ 0.33, gap density ≈ 0.006, burst ≈ 316 ms, gap ≈ 936 ms.
        #expect(abs(m.burstDensity - 0.33) < 0.02)
        #expect(abs(m.gapDensity - 0.006) < 0.001)
        #expect(abs(m.burstDurationMs - 316) < 20)
        #expect(abs(m.gapDurationMs - 936) < 60)
    }

    /// RFC 3550 A.8 float form on a known sequence: transits 0, 5, 5, 0 ms at 20 ms spacing give D = 5, 0, −5, so
    /// J = 5/16 = 0.3125, then 0.3125 − 0.3125/16 = 0.29296875, then 0.29296875 + (5 − 0.29296875)/16 = 0.587158203125.
    @Test func rfc3550KnownSequence() {
        let transits: [Double] = [0, 5, 5, 0]
        var arrivals: [PacketArrival] = []
        for (i, transit) in transits.enumerated() {
            let send = Double(i) * 20
            arrivals.append(PacketArrival(seq: i, sendMs: send, arrivalMs: send + transit))
        }
        let series = InterarrivalJitter.series(arrivals)
        #expect(series == [0.3125, 0.29296875, 0.587158203125])
    }

    /// J1/J2 (MODELS.md §8): iid U(±5 ms) gives E[J] = 2a/3 = 3.333 ms (±0.086); N(0, 4 ms) gives 2σ/√π = 4.514 ms (±0.135).
    @Test func rfc3550JitterStatistics() {
        let sends = NetworkChannel.sendTimes(packets: 10_000, ptimeMs: 20)
        let uniform = NetworkChannel(delay: JitterDelay(latencyMs: 50, distribution: .uniform(halfWidthMs: 5)), loss: NoLoss(), allowsReordering: true)
        let ju = InterarrivalJitter.series(uniform.transmit(sendTimesMs: sends, seed: 5)).dropFirst(199)
        let meanU = ju.reduce(0, +) / Double(ju.count)
        #expect(abs(meanU - 10.0 / 3) < 0.086)
        let normal = NetworkChannel(delay: JitterDelay(latencyMs: 50, distribution: .normal(stddevMs: 4)), loss: NoLoss(), allowsReordering: true)
        let jn = InterarrivalJitter.series(normal.transmit(sendTimesMs: sends, seed: 5)).dropFirst(199)
        let meanN = jn.reduce(0, +) / Double(jn.count)
        #expect(abs(meanN - 8 / Double.pi.squareRoot()) < 0.135)
    }

    @Test func delayPercentiles() {
        var arrivals: [PacketArrival] = []
        for i in 0..<100 {
            let send = Double(i) * 20
            arrivals.append(PacketArrival(seq: i, sendMs: send, arrivalMs: send + Double(i + 1)))
        }
        arrivals.append(PacketArrival(seq: 100, sendMs: 2000, arrivalMs: nil))
        let d = DelayStatistics(arrivals: arrivals)
        #expect(d.received == 100)
        #expect(d.meanMs == 50.5)
        #expect(d.p95Ms == 95)
        #expect(d.maxMs == 100)
        #expect(d.reordered == 0)
    }
}
