import ChannelModels
import Foundation
import LabCore
import LabPipeline
import PacketTraces
import ScenarioSpecs
import Testing

/// Fit, spec replay and the analysis figures on captures with known loss processes.
@Suite struct CaptureFitAndReplayTests {
    /// A stream whose losses come from a simple Gilbert chain (p = 0.02, r = 0.35) driven by the test's own LCG.
    static func gilbertStream(count: Int = 20_000) -> KnownStream {
        var state: UInt64 = 99
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var bad = false
        var dropped = Set<Int>()
        for i in 0..<count {
            if bad { dropped.insert(i) }
            bad = bad ? uniform() >= 0.35 : uniform() < 0.02
        }
        dropped.remove(0)
        dropped.remove(count - 1)
        return KnownStream(count: count, dropped: dropped, jitterMs: 12)
    }

    /// The fitted model reproduces the capture's loss rate within 10 % and mean burst within 15 %, both in its
    /// stationary figures and in a long pattern drawn from it; the spec it writes loads.
    @Test func fitReproducesLossRateAndBurst() throws {
        let known = Self.gilbertStream()
        let path = try TestCaptureWriter.temporary("fit.pcap", TestCaptureWriter.pcap(known.packets().map(\.packet), link: .ethernet(vlanTags: [])))
        let fit = try CaptureFit.fit(path: path, ssrc: known.ssrc, latencyMs: 40, payloadTypes: [])
        #expect(fit.loss_model == "gilbert")
        let captureRate = Double(known.dropped.count) / Double(known.count)
        #expect(abs(fit.capture_loss_rate - captureRate) < 1e-12)
        #expect(abs(fit.model_loss_rate - fit.capture_loss_rate) / fit.capture_loss_rate < 0.10)
        #expect(abs(fit.model_mean_burst - fit.capture_mean_burst) / fit.capture_mean_burst < 0.15)
        // Draw 200 000 packets from the fitted chain.
        var model = GilbertElliottLoss(p: fit.p!, r: fit.r!)
        var random = SeededRandom(seed: 5, stream: "test.fit")
        let drawn = LossPatternStatistics(lostFlags: (0..<200_000).map { _ in model.nextIsLost(using: &random) })
        #expect(abs(drawn.lossRate - fit.capture_loss_rate) / fit.capture_loss_rate < 0.10)
        #expect(abs(drawn.meanBurstLength - fit.capture_mean_burst) / fit.capture_mean_burst < 0.15)
        // Uniform 0–12 ms delays: a gamma is a rough law for them, and the KS distance says so honestly (< 0.2).
        #expect(fit.jitter == "gamma")
        #expect((fit.ks_distance ?? 1) < 0.2)
        let specPath = try TestCaptureWriter.temporary("fit.yaml", Array(fit.yaml.utf8))
        let spec = try ScenarioLoader.load(file: specPath)
        #expect(spec.network.latencyMs == 40)
        if case let .gilbertElliott(p, r, _, _) = spec.network.loss {
            #expect(abs(p - fit.p!) < 1e-5 && abs(r - fit.r!) < 1e-4)
        } else {
            Issue.record("fitted spec has loss \(spec.network.loss)")
        }
    }

    /// `network: {capture: …}` replays exactly the captured losses through the spec's channel.
    @Test func specReplayDrivesTheChannelWithTheCapturedLosses() throws {
        let known = CaptureReaderTests.stream
        let path = try TestCaptureWriter.temporary("spec-replay.pcap", TestCaptureWriter.pcap(known.packets().map(\.packet), link: .sll2))
        let yaml = """
            name: replay
            codec: {name: g711u, ptime_ms: 20}
            network:
              latency_ms: 25
              capture: {file: \(path), ssrc: 0x1A2B3C4D}
            jitter_buffer: {type: fixed, depth_ms: 60}

            """
        let spec = try ScenarioLoader.load(file: try TestCaptureWriter.temporary("replay.yaml", Array(yaml.utf8)))
        let channel = spec.makeChannel()
        let arrivals = channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: 3000, ptimeMs: 20), seed: 1)
        #expect(Set(arrivals.indices.filter { arrivals[$0].isLost }) == known.dropped)
        // Delays: the captured relative delays shifted by latency_ms (reordering allowed, as captured).
        #expect(spec.network.reorder)
        for (i, want) in known.relativeDelaysMs().enumerated() {
            #expect(abs((arrivals[i].delayMs ?? -1) - (want.map { $0 + 25 } ?? -1)) < 0.001)
        }
        // Decimal SSRC, and an absent one listing what is there.
        let decimal = yaml.replacingOccurrences(of: "0x1A2B3C4D", with: "439041101")
        #expect(try ScenarioLoader.load(file: try TestCaptureWriter.temporary("replay-dec.yaml", Array(decimal.utf8))).network.loss == spec.network.loss)
        let absent = yaml.replacingOccurrences(of: "0x1A2B3C4D", with: "0x00000001")
        #expect(throws: InputError.self) { try ScenarioLoader.load(file: try TestCaptureWriter.temporary("replay-bad.yaml", Array(absent.utf8))) }
    }

    /// Two routes with different loss: the analysis groups streams by network and predicts a lower MOS where the
    /// loss is higher.
    @Test func routesAndPredictedMOS() throws {
        var clean = KnownStream(count: 1500, dropped: [])
        clean.ssrc = 1
        var lossy = Self.gilbertStream(count: 1500)
        lossy.ssrc = 2
        var packets = clean.packets().map(\.packet)
        packets += lossy.packets(srcPort: 7000, dstPort: 7002).map { p in
            var q = p.packet
            q.src = [172, 16, 5, 9]
            return q
        }
        packets.sort { $0.micros < $1.micros }
        let path = try TestCaptureWriter.temporary("routes.pcapng", TestCaptureWriter.pcapng(packets, link: .ethernet(vlanTags: [])))
        let analysis = try CaptureAnalysis.run(paths: [path], options: .init())
        #expect(analysis.streams.count == 2)
        #expect(analysis.routes.map(\.route) == ["10.1.2.0/24 → 10.9.8.0/24", "172.16.5.0/24 → 10.9.8.0/24"])
        let mos = analysis.routes.map { $0.mos_mean ?? 0 }
        #expect(mos[0] > mos[1] && mos[1] > 1)
        #expect(analysis.streams.allSatisfy { $0.codec == "g711u" })
        let csvLines = analysis.csv.split(separator: "\n")
        #expect(csvLines.count == 3)
    }
}
