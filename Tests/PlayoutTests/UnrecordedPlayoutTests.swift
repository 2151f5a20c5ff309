import ChannelModels
import Playout
import Testing

/// `playout` runs the driver without recording ticks (the network bench's 2 M packets, issue 3): the schedule must be
/// the one the recorded run gives, for every built-in buffer, with and without talkspurt marks, lossy and reordering.
@Suite struct UnrecordedPlayoutTests {
    @Test func playoutEqualsTheRecordedRunsSchedule() throws {
        var compared = 0
        for seed: UInt64 in 1...8 {
            let (arrivals, starts, active) = CausalityTests.trace(seed: seed, packets: 700)
            for (name, buffer) in CausalityTests.builtIns {
                for marks in [false, true] {
                    let stream = ReceiverStream(ptimeMs: 20, packets: arrivals.count, talkspurtsMarked: marks)
                    let recorded = try PlayoutDriver.run(buffer, arrivals: arrivals, stream: stream, talkspurtStarts: marks ? starts : nil,
                                                         activity: marks ? active : nil).schedule
                    let fast = buffer.playout(arrivals, ptimeMs: 20, talkspurtStarts: marks ? starts : nil, activity: marks ? active : nil)
                    #expect(fast.events == recorded.events, "\(name) seed \(seed) marks \(marks)")
                    #expect(fast.adaptations == recorded.adaptations && fast.finalTargetMs == recorded.finalTargetMs, "\(name) seed \(seed)")
                    compared += 1
                }
            }
        }
        #expect(compared == 8 * CausalityTests.builtIns.count * 2)
    }

    /// A channel's arrivals (in order, and reordering) through the NetEq buffer, as in the bench.
    @Test func channelArrivalsGiveTheRecordedSchedule() throws {
        for reordering in [false, true] {
            let channel = NetworkChannel(delay: JitterDelay(latencyMs: 60, distribution: .paretoNormal(jitterMs: 15)),
                                         loss: GilbertElliottLoss(p: 0.02, r: 0.3), allowsReordering: reordering)
            let arrivals = channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: 5_000, ptimeMs: 20), seed: 7)
            let buffer = NetEqJitterBuffer(settings: AdaptiveBufferSettings(minDelayMs: 20, maxDelayMs: 300))
            let recorded = try PlayoutDriver.run(buffer, arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20, packets: arrivals.count)).schedule
            let fast = buffer.playout(arrivals, ptimeMs: 20)
            #expect(fast.events == recorded.events && fast.adaptations == recorded.adaptations, "reordering \(reordering)")
        }
    }
}
