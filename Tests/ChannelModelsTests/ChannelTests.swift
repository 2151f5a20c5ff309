import ChannelModels
import LabCore
import Testing

@Suite struct ChannelTests {
    /// J3/J4 (MODELS.md §8): U(100 ± 75 ms) at 20 ms: P(n+1 before n) = (2a−T)²/(8a²) = 0.37556 when reordering is
    /// allowed; none in FIFO mode, where the mean delay rises to ≈ 123 ms.
    @Test func reorderingAndFifo() {
        let sends = NetworkChannel.sendTimes(packets: 200_000, ptimeMs: 20)
        let free = NetworkChannel(delay: JitterDelay(latencyMs: 100, distribution: .uniform(halfWidthMs: 75)), loss: NoLoss(), allowsReordering: true)
        let a = free.transmit(sendTimesMs: sends, seed: 3)
        var overtakes = 0
        for i in 1..<a.count where a[i].arrivalMs! < a[i - 1].arrivalMs! { overtakes += 1 }
        let fraction = Double(overtakes) / Double(a.count - 1)
        #expect(abs(fraction - 0.37556) < 0.0016)
        let fifo = NetworkChannel(delay: JitterDelay(latencyMs: 100, distribution: .uniform(halfWidthMs: 75)), loss: NoLoss())
        let stats = DelayStatistics(arrivals: fifo.transmit(sendTimesMs: sends, seed: 3))
        #expect(stats.reordered == 0)
        #expect(abs(stats.meanMs - 123.2) < 0.5)
    }

    /// netem's tables (MODELS.md §3.1): pareto mean ≈ −0.034σ, SD ≈ 0.82σ, range −0.667…+4.0; pareto-normal range −1.50…+3.88.
    @Test func netemTables() {
        func moments(_ t: [Double]) -> (Double, Double) {
            let m = t.reduce(0, +) / Double(t.count)
            return (m, (t.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(t.count)).squareRoot())
        }
        let (pm, psd) = moments(NetemTables.pareto)
        #expect(abs(pm - (-0.034)) < 0.01)
        #expect(abs(psd - 0.82) < 0.02)
        #expect(abs(NetemTables.pareto.first! - (-0.667)) < 0.001)
        #expect(abs(NetemTables.pareto.last! - 4.0) < 0.001)
        // Our normal table is the exact quantile at (i+½)/4096 (min −3.49); netem's reaches −4.00, hence −1.42 vs −1.50.
        #expect(abs(NetemTables.paretoNormal.first! - (-1.5)) < 0.1)
        #expect(abs(NetemTables.paretoNormal.last! - 3.88) < 0.05)
        let (nm, nsd) = moments(NetemTables.normal)
        #expect(abs(nm) < 1e-9 && abs(nsd - 1) < 0.01)
    }

    /// AR(1) correlation on the latent keeps the marginal and gives lag-1 correlation ≈ ρ (normal: exactly ρ).
    @Test func correlatedJitterKeepsMarginal() {
        var model = JitterDelay(latencyMs: 100, distribution: .normal(stddevMs: 10), correlation: 0.6)
        var random = SeededRandom(seed: 8, stream: "network.delay")
        let d = (0..<100_000).map { _ in model.nextDelayMs(sendMs: 0, using: &random) }
        let mean = d.reduce(0, +) / Double(d.count)
        let variance = d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count)
        let lag1 = zip(d, d.dropFirst()).map { ($0 - mean) * ($1 - mean) }.reduce(0, +) / Double(d.count - 1) / variance
        #expect(abs(mean - 100) < 0.5)
        #expect(abs(variance.squareRoot() - 10) < 0.3)
        #expect(abs(lag1 - 0.6) < 0.02)
    }

    /// Realised-loss matching: every accepted candidate is within tolerance; the choice is deterministic.
    @Test func matchingHitsTheTarget() {
        let model = GilbertElliottLoss(p: 0.02, r: 0.3)
        let channel = NetworkChannel(delay: JitterDelay(latencyMs: 40, distribution: .none), loss: model,
                                     lossMatch: LossMatch(tolerance: 0.05))
        let sends = NetworkChannel.sendTimes(packets: 450, ptimeMs: 20)   // a 9 s clip
        let run = channel.run(sendTimesMs: sends, seed: 11)
        let stats = LossPatternStatistics(lostFlags: run.arrivals.map(\.isLost))
        #expect(run.matchWithinTolerance == true)
        #expect(abs(stats.lossRate - model.stationaryLossRate) <= 0.05 * model.stationaryLossRate + 1e-12)
        #expect(abs(stats.meanBurstLength - model.meanBurstLength) <= 0.05 * model.meanBurstLength + 1e-12)
        #expect(channel.run(sendTimesMs: sends, seed: 11).arrivals == run.arrivals)
        #expect(run.matchCandidate! > 0)
    }

    /// Codec-fair timeline: 20 ms and 40 ms packetizations meet the same outages — a 40 ms packet is lost exactly
    /// when one of the two 20 ms packets covering its span is — and the same delays at the same send times.
    @Test func codecFairTimeline() {
        let channel = NetworkChannel(delay: JitterDelay(latencyMs: 60, distribution: .paretoNormal(jitterMs: 20)),
                                     loss: GilbertElliottLoss(p: 0.02, r: 0.25), allowsReordering: true, timelineGridMs: 10)
        let a20 = channel.run(sendTimesMs: NetworkChannel.sendTimes(packets: 2000, ptimeMs: 20), seed: 4).arrivals
        let a40 = channel.run(sendTimesMs: NetworkChannel.sendTimes(packets: 1000, ptimeMs: 40), seed: 4).arrivals
        for k in 0..<1000 {
            #expect(a40[k].isLost == (a20[2 * k].isLost || a20[2 * k + 1].isLost))
            if !a40[k].isLost && !a20[2 * k].isLost { #expect(a40[k].delayMs == a20[2 * k].delayMs) }
        }
    }

    /// Determinism: same seed ⇒ identical trace; another delay model leaves the loss draws unchanged.
    @Test func determinismAndStreamIndependence() {
        let sends = NetworkChannel.sendTimes(packets: 5000, ptimeMs: 20)
        let loss = FourStateLoss(p13: 0.01, p31: 0.3, p32: 0.4, p23: 0.6, p14: 0.005)
        let a = NetworkChannel(delay: JitterDelay(latencyMs: 50, distribution: .shiftedGamma(shape: 2, scaleMs: 5)), loss: loss)
        let b = NetworkChannel(delay: JitterDelay(latencyMs: 80, distribution: .pareto(jitterMs: 30), correlation: 0.5), loss: loss,
                               spikes: DelaySpikes(heightMs: 200, intervalS: 10))
        #expect(a.transmit(sendTimesMs: sends, seed: 7) == a.transmit(sendTimesMs: sends, seed: 7))
        #expect(a.transmit(sendTimesMs: sends, seed: 7).map(\.isLost) == b.transmit(sendTimesMs: sends, seed: 7).map(\.isLost))
        #expect(a.transmit(sendTimesMs: sends, seed: 7).map(\.isLost) != a.transmit(sendTimesMs: sends, seed: 8).map(\.isLost))
    }

    @Test func spikesDecayLinearly() {
        var process = DelaySpikes.Process(DelaySpikes(heightMs: 300, intervalS: 1000), seed: 1)
        var peak = 0.0, t = 0.0, sawDecay = false
        while t < 2_000_000 {
            let extra = process.extraDelay(at: t)
            if extra > peak { peak = extra }
            if extra > 0 && extra < 290 { sawDecay = true }
            t += 20
        }
        #expect(peak > 280 && peak <= 300)
        #expect(sawDecay)
    }

    /// A bottleneck with cross traffic above its rate fills its queue: queueing delay up to queue/rate, tail drops.
    @Test func bottleneckQueuesAndDrops() {
        let link = BottleneckLink(rateKbps: 1000, queueBytes: 25_000, packetBytes: 200, crossRateKbps: 1500, crossOnS: 5, crossOffS: 5)
        let channel = NetworkChannel(delay: JitterDelay(latencyMs: 20, distribution: .none), loss: NoLoss(), bottleneck: link)
        let run = channel.run(sendTimesMs: NetworkChannel.sendTimes(packets: 30_000, ptimeMs: 20), seed: 2)
        let stats = DelayStatistics(arrivals: run.arrivals)
        #expect(run.tailDrops > 0)
        #expect(stats.maxMs <= 20 + 200 + 1e-6)          // 25 kB at 1 Mbit/s = 200 ms
        #expect(stats.maxMs > 150)
        #expect(stats.minMs >= 20 + 1.6 - 1e-9)          // 200 B at 1 Mbit/s serialise in 1.6 ms
    }

    @Test func traceCsvParsesAndNamesBadLines() throws {
        let trace = try ChannelTrace.parse(csv: "seq,send_ms,arrival_ms,lost\n0,0,40,0\n1,20,,1\n2,40,85.5,0\n", file: "t.csv")
        #expect(trace.lost == [false, true, false])
        #expect(trace.delayMs == [40, nil, 45.5])
        do {
            _ = try ChannelTrace.parse(csv: "lost,delay_ms\n0,40\n0,abc\n", file: "bad.csv")
            Issue.record("bad row accepted")
        } catch let error as InputError {
            #expect(error.description.hasPrefix("bad.csv:3:1: delay_ms 'abc' is not a number"))
        }
        #expect(throws: InputError.self) { try ChannelTrace.parse(csv: "lost\n0\n2\n", file: "x.csv") }
        #expect(throws: InputError.self) { try ChannelTrace.parse(csv: "lost,delay_ms\n0,-3\n", file: "x.csv") }
        #expect(throws: InputError.self) { try ChannelTrace.parse(csv: "wrong\n0\n", file: "x.csv") }
        var replay = TraceLoss(lost: trace.lost)
        var random = SeededRandom(seed: 1)
        #expect((0..<4).map { _ in replay.nextIsLost(using: &random) } == [false, true, false, false])
    }
}
