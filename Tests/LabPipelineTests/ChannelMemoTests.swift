import ChannelModels
import ScenarioSpecs
import Testing
@testable import LabPipeline

/// A sweep's recent channels (`ReceiverRun.ChannelMemo`, issue 16, fifth pass): a channel is taken only for the same
/// network, seed, packets and ptime, and a taken channel is the one drawing it gives.
@Suite struct ChannelMemoTests {
    static func spec(lossRate: Double, depthMs: Double = 40, ptimeMs: Double = 20) -> ScenarioSpec {
        var spec = ScenarioSpec(name: "memo", network: NetworkSpec(latencyMs: 40, jitter: .normal(stddevMs: 10), loss: .bernoulli(rate: lossRate)))
        spec.jitterBuffer.depthMs = depthMs
        spec.codec.ptimeMs = ptimeMs
        return spec
    }

    static func expectDrawn(_ channel: ReceiverRun.Channel, _ run: ReceiverRun, packets: Int) {
        let drawn = run.transmit(packets: packets)
        #expect(channel.run.arrivals == drawn.arrivals)
        #expect(channel.run.tailDrops == drawn.tailDrops && channel.run.matchCandidate == drawn.matchCandidate)
        #expect(channel.delays == DelayStatistics(arrivals: drawn.arrivals))
        #expect(channel.arrivalTimes == drawn.arrivals.map(\.arrivalMs))
    }

    @Test func takenOnlyForTheSameNetworkSeedPacketsAndPtime() throws {
        let memo = ReceiverRun.ChannelMemo(capacity: 8)
        var computed = 0
        func channel(_ spec: ScenarioSpec, seed: UInt64 = 1, packets: Int = 300) throws -> ReceiverRun.Channel {
            let run = try ReceiverRun(spec: spec, seed: seed)
            let channel = memo.channel(spec, seed: seed, packets: packets) {
                computed += 1
                return run.channel(packets: packets, memo: nil)
            }
            Self.expectDrawn(channel, run, packets: packets)
            return channel
        }
        _ = try channel(Self.spec(lossRate: 0.05, depthMs: 40))
        _ = try channel(Self.spec(lossRate: 0.05, depthMs: 80))  // another depth: the same channel
        #expect(computed == 1)
        _ = try channel(Self.spec(lossRate: 0.06))
        _ = try channel(Self.spec(lossRate: 0.05), seed: 2)
        _ = try channel(Self.spec(lossRate: 0.05), packets: 301)
        _ = try channel(Self.spec(lossRate: 0.05, ptimeMs: 40))
        #expect(computed == 5)
        _ = try channel(Self.spec(lossRate: 0.06, depthMs: 60))
        #expect(computed == 5)
    }

    /// Beyond its capacity the oldest channel is dropped and drawn again when asked for.
    @Test func keepsTheMostRecent() throws {
        let memo = ReceiverRun.ChannelMemo(capacity: 2)
        var computed = 0
        for lossRate in [0.01, 0.02, 0.03, 0.01, 0.03] {
            let spec = Self.spec(lossRate: lossRate)
            let run = try ReceiverRun(spec: spec, seed: 1)
            let channel = memo.channel(spec, seed: 1, packets: 200) {
                computed += 1
                return run.channel(packets: 200, memo: nil)
            }
            Self.expectDrawn(channel, run, packets: 200)
        }
        #expect(computed == 4)  // 0.01, 0.02, 0.03, 0.01 again (dropped for 0.03); 0.03 is held
    }
}
