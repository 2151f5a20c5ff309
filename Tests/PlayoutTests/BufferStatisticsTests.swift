import ChannelModels
import LabCore
import Playout
import Testing

/// `BufferStatistics` counts the effective-loss bursts without building the flags (issue 16, fifth pass): its
/// pattern figures equal `LossPatternStatistics(lostFlags:)` of `fate != .played`, bit for bit.
@Suite struct BufferStatisticsTests {
    @Test func patternEqualsTheFlagsDefinition() {
        for seed: UInt64 in 1...50 {
            var random = SeededRandom(seed: seed, stream: "test.buffer-statistics")
            for count in [0, 1, 2, 7, 300] {
                let missingRate = [0, 0.05, 0.5, 1][Int(seed) % 4]
                let arrivals = (0..<count).map { seq in
                    PacketArrival(seq: seq, sendMs: Double(seq) * 20, arrivalMs: random.nextUnit() < missingRate / 2 ? nil : Double(seq) * 20 + 45)
                }
                let events = arrivals.map { arrival -> PlayoutEvent in
                    let fate: PacketFate = arrival.isLost ? .lost : (random.nextUnit() < missingRate / 2 ? .late : .played)
                    return PlayoutEvent(seq: arrival.seq, fate: fate, playoutMs: arrival.sendMs + 60)
                }
                let statistics = BufferStatistics(arrivals: arrivals, schedule: PlayoutSchedule(events: events), ptimeMs: 20)
                let pattern = LossPatternStatistics(lostFlags: events.map { $0.fate != .played })
                #expect(statistics.meanBurstLength.bitPattern == pattern.meanBurstLength.bitPattern)
                #expect(statistics.burstRatio.bitPattern == pattern.burstRatio.bitPattern)
                #expect(statistics.lost + statistics.late == pattern.lost)
            }
        }
    }
}
