import ChannelModels
import Foundation
import LabCore
import Playout
import ScenarioSpecs
import Testing

/// The network / jitter_buffer / plc parts of the spec format (issue 3): existing keys keep loading, new keys load,
/// and bad input is refused with file:line:column.
@Suite struct NetworkSpecTests {
    func spec(_ body: String, file: String = "test.yaml") throws -> ScenarioSpec {
        try ScenarioLoader.parse(yaml: "name: t\n" + body, file: file)
    }

    func error(_ body: String) -> String {
        do {
            _ = try spec(body)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func existingKeysStillLoad() throws {
        let s = try spec("""
            network:
              latency_ms: 60
              jitter: {distribution: normal, stddev_ms: 12}
              loss: {model: gilbert-elliott, p: 0.02, r: 0.3, loss_bad: 1.0, loss_good: 0.0}
            jitter_buffer: {type: fixed, depth_ms: 60}
            plc: repeat
            """)
        #expect(s.network.loss == .gilbertElliott(p: 0.02, r: 0.3, lossBad: 1, lossGood: 0))
        #expect(s.network.jitter == .normal(stddevMs: 12))
        #expect(s.jitterBuffer.type == "fixed" && s.jitterBuffer.depthMs == 60)
        #expect(s.plc == .repeat)
        let b = try spec("network: {loss: {model: bernoulli, rate: 0.03}}\nplc: silence")
        #expect(b.network.loss == .bernoulli(rate: 0.03))
    }

    @Test func newLossModels() throws {
        let four = try spec("network: {loss: {model: 4-state, p13: 0.01, p31: 0.3, p32: 0.4, p23: 0.6, p14: 0.005}}")
        #expect(four.network.loss == .fourState(p13: 0.01, p31: 0.3, p32: 0.4, p23: 0.6, p14: 0.005))
        let fit = try spec("network: {loss: {model: fit, loss_rate: 0.03, mean_burst: 2, match: {tolerance: 0.05}}}")
        guard case let .gilbertElliott(p, r, _, _) = fit.network.loss else { Issue.record("fit"); return }
        #expect(abs(p - 0.0154639175) < 1e-9 && r == 0.5)
        #expect(fit.network.lossMatch == LossMatch(tolerance: 0.05))
        let gilbert = try spec("network: {loss: {model: gilbert, p: 0.02, r: 0.3, loss_bad: 0.8}}")
        #expect(gilbert.network.loss == .gilbertElliott(p: 0.02, r: 0.3, lossBad: 0.8, lossGood: 0))
    }

    @Test func traceReplayAndBadRow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moslab-net-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "seq,lost,delay_ms\n0,0,40\n1,1,\n2,0,45\n".write(toFile: folder + "/ok.csv", atomically: true, encoding: .utf8)
        try "seq,lost,delay_ms\n0,0,40\n1,maybe,\n".write(toFile: folder + "/bad.csv", atomically: true, encoding: .utf8)
        let s = try spec("network: {loss: {model: trace, file: ok.csv}, jitter: {distribution: trace, file: ok.csv}}",
                         file: folder + "/spec.yaml")
        #expect(s.network.loss == .trace(file: folder + "/ok.csv", lost: [false, true, false]))
        let text = error("network: {loss: {model: trace, file: \(folder)/bad.csv}}")
        #expect(text.hasPrefix("\(folder)/bad.csv:3:1: lost 'maybe'"))
    }

    @Test func newDelayAndLinkKeys() throws {
        let s = try spec("""
            network:
              latency_ms: 40
              jitter: {distribution: pareto-normal, jitter_ms: 15, correlation: 0.3}
              spikes: {height_ms: 300, interval_s: 20, decay_ms: 400, poisson: true}
              bottleneck: {rate_kbps: 1000, queue_bytes: 64000, cross_traffic: {rate_kbps: 1500, on_s: 5, off_s: 20}}
              codec_fair: true
            jitter_buffer: {type: neteq, min_ms: 20, max_ms: 300, quantile: 0.97, time_stretch: true}
            plc: g711-appendix-i
            """)
        #expect(s.network.jitter == .paretoNormal(jitterMs: 15))
        #expect(s.network.jitterCorrelation == 0.3)
        #expect(s.network.spikes == DelaySpikes(heightMs: 300, intervalS: 20, decayMs: 400, poisson: true))
        #expect(s.network.bottleneck?.crossRateKbps == 1500)
        #expect(s.network.codecFair)
        #expect(s.jitterBuffer.type == "neteq" && s.jitterBuffer.quantile == 0.97 && s.jitterBuffer.timeStretch)
        #expect(s.plc == .g711AppendixI)
        #expect(s.makeJitterBuffer() is NetEqJitterBuffer)
        #expect(s.makeConcealment(sampleRate: 8000) is G711AppendixIConcealment)
        let g = try spec("network: {jitter: {distribution: gamma, shape: 2, scale_ms: 5}}\njitter_buffer: {type: ramjee}")
        #expect(g.network.jitter == .shiftedGamma(shape: 2, scaleMs: 5))
        #expect(g.makeJitterBuffer() is RamjeeJitterBuffer)
    }

    @Test func badInputIsRefusedWithLocation() {
        #expect(error("network: {loss: {model: bernoulli, rate: 1.5}}").hasPrefix("test.yaml:2:"))
        #expect(error("network: {loss: {model: gilbert-elliott, p: 0.1, r: 0}}").contains("absorbing"))
        #expect(error("network: {loss: {model: 4-state, p13: 0.6, p31: 0.3, p14: 0.6}}").contains("row 1"))
        #expect(error("network: {loss: {model: 4-state, p13: 0.1, p31: 0.7, p32: 0.5}}").contains("row 3"))
        #expect(error("network: {loss: {model: 4-state, p13: 0.1, p31: 0}}").contains("never ends"))
        #expect(error("network: {latency_ms: -5}").contains("out of range"))
        #expect(error("network: {jitter: {distribution: normal, stddev_ms: -1}}").contains("out of range"))
        #expect(error("network: {bottleneck: {rate_kbps: -1, queue_bytes: 1000}}").contains("out of range"))
        #expect(error("jitter_buffer: {type: neteq, min_ms: 200, max_ms: 100}").contains("exceeds max_ms"))
        #expect(error("jitter_buffer: {type: fixed, min_ms: 20}").contains("unknown key"))
        #expect(error("network: {loss: {model: fit, loss_rate: 0.6, mean_burst: 1}}").contains("p ="))
        #expect(error("network: {loss: {model: trace, file: /no/such.csv}}").contains("cannot read the trace file"))
        #expect(error("plc: g729").contains("g711-appendix-i"))
    }
}
