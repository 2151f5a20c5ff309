import ChannelModels
import ScenarioSpecs
import Testing
@testable import LabPipeline

/// A sweep's channels (`SweepCache.channel`, issue 16, fifth pass): a channel is taken only for the same network,
/// seed, packets and ptime, and a taken channel is the one drawing it gives.
@Suite struct SweepChannelTests {
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
        let cache = SweepCache()
        var computed = 0
        func channel(_ spec: ScenarioSpec, seed: UInt64 = 1, packets: Int = 300) throws {
            let run = try ReceiverRun(spec: spec, seed: seed)
            let channel = cache.channel(of: spec, seed: seed, packets: packets) {
                computed += 1
                return run.channel(packets: packets)
            }
            Self.expectDrawn(channel, run, packets: packets)
        }
        try channel(Self.spec(lossRate: 0.05, depthMs: 40))
        try channel(Self.spec(lossRate: 0.05, depthMs: 80))  // another depth: the same channel
        #expect(computed == 1)
        try channel(Self.spec(lossRate: 0.06))
        try channel(Self.spec(lossRate: 0.05), seed: 2)
        try channel(Self.spec(lossRate: 0.05), packets: 301)
        try channel(Self.spec(lossRate: 0.05, ptimeMs: 40))
        #expect(computed == 5)
        try channel(Self.spec(lossRate: 0.06, depthMs: 60))
        #expect(computed == 5)
        #expect(cache.channels.hits == 2 && cache.channels.misses == 5)
    }

    /// A run through the receiver with the sweep's lookup gives what it gives without one.
    @Test func aRunWithTheLookupEqualsOneWithout() throws {
        let cache = SweepCache()
        for depth in [20.0, 60.0, 20.0] {
            let spec = Self.spec(lossRate: 0.08, depthMs: depth)
            let run = try ReceiverRun(spec: spec, seed: 7)
            let shared = try run.run(packets: 250, channels: { compute in cache.channel(of: spec, seed: 7, packets: 250, compute: compute) })
            let alone = try run.run(packets: 250)
            #expect(shared.arrivals == alone.arrivals)
            #expect(shared.delays == alone.delays)
            #expect(shared.playout.schedule.events == alone.playout.schedule.events)
            #expect(shared.counters == alone.counters)
        }
        #expect(cache.channels.misses == 1 && cache.channels.hits == 2)
    }
}
