import ChannelModels
import LabCore
import Testing

/// `DelayStatistics` computes J in one pass when the packets arrive in order (issue 16, fifth pass): it must equal
/// the definition, J's series from `InterarrivalJitter.series`, bit for bit, and the series is still used otherwise.
@Suite struct DelayStatisticsTests {
    /// The fields from their definitions (the form before the one-pass J).
    static func definition(_ arrivals: [PacketArrival]) -> (last: Double, mean: Double, delays: [Double]) {
        let jitter = InterarrivalJitter.series(arrivals)
        return (jitter.last ?? 0, jitter.isEmpty ? 0 : jitter.reduce(0, +) / Double(jitter.count), arrivals.compactMap(\.delayMs))
    }

    static func arrivals(seed: UInt64, count: Int, lossRate: Double, reorder: Bool) -> [PacketArrival] {
        var random = SeededRandom(seed: seed, stream: "test.delay-statistics")
        var latest = -Double.infinity
        return (0..<count).map { seq in
            let send = Double(seq) * 20
            var arrival = send + 40 + abs(15 * random.nextGaussian())
            if !reorder { arrival = max(arrival, latest); latest = arrival }
            return PacketArrival(seq: seq, sendMs: send, arrivalMs: random.nextUnit() < lossRate ? nil : arrival)
        }
    }

    @Test func equalsTheSeriesDefinition() {
        for seed: UInt64 in 1...40 {
            for count in [0, 1, 2, 3, 50, 500] {
                for lossRate in [0.0, 0.1, 0.9, 1.0] {
                    for reorder in [false, true] {
                        let arrivals = Self.arrivals(seed: seed, count: count, lossRate: lossRate, reorder: reorder)
                        let statistics = DelayStatistics(arrivals: arrivals)
                        let expected = Self.definition(arrivals)
                        #expect(statistics.interarrivalJitterMs.bitPattern == expected.last.bitPattern)
                        #expect(statistics.meanInterarrivalJitterMs.bitPattern == expected.mean.bitPattern)
                        #expect(statistics.received == expected.delays.count)
                        #expect(statistics.maxMs == (expected.delays.max() ?? 0))
                        #expect(statistics.minMs == (expected.delays.min() ?? 0))
                    }
                }
            }
        }
    }

    /// Equal arrival times are in order (not reordered); one earlier arrival makes the series sort.
    @Test func tiesAndOneReorderedPacket() {
        let tied = (0..<6).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: 100) }
        var swapped = (0..<6).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: 50 + Double($0) * 20) }
        swapped[3].arrivalMs = 85  // before packet 2 (90 ms)
        for arrivals in [tied, swapped] {
            let statistics = DelayStatistics(arrivals: arrivals)
            let expected = Self.definition(arrivals)
            #expect(statistics.interarrivalJitterMs.bitPattern == expected.last.bitPattern)
            #expect(statistics.meanInterarrivalJitterMs.bitPattern == expected.mean.bitPattern)
        }
        #expect(DelayStatistics(arrivals: tied).reordered == 0)
        #expect(DelayStatistics(arrivals: swapped).reordered == 1)
    }
}
