import ChannelModels
import Foundation
import LabCore
import Playout
import SpeechCodecs

extension ScenarioSpec {
    /// The network channel this spec describes.
    public func makeChannel() -> NetworkChannel {
        let delay: any DelayModel
        let distribution: JitterDelay.Distribution
        switch network.jitter {
        case .none: distribution = .none
        case .normal(let sd): distribution = .normal(stddevMs: sd)
        case .uniform(let half): distribution = .uniform(halfWidthMs: half)
        case .pareto(let j): distribution = .pareto(jitterMs: j)
        case .paretoNormal(let j): distribution = .paretoNormal(jitterMs: j)
        case let .shiftedGamma(k, theta): distribution = .shiftedGamma(shape: k, scaleMs: theta)
        case .trace: distribution = .none
        }
        if case .trace(_, let delays) = network.jitter {
            delay = TraceDelay(delays: delays.map { $0.map { $0 + network.latencyMs } })
        } else {
            delay = JitterDelay(latencyMs: network.latencyMs, distribution: distribution, correlation: network.jitterCorrelation)
        }
        return NetworkChannel(delay: delay, loss: makeLossModel(), allowsReordering: network.reorder, spikes: network.spikes,
                              bottleneck: network.bottleneck, lossMatch: network.lossMatch,
                              timelineGridMs: network.codecFair ? 10 : nil)
    }

    public func makeLossModel() -> any LossModel {
        switch network.loss {
        case .none: return NoLoss()
        case .bernoulli(let rate): return BernoulliLoss(rate: rate)
        case let .gilbertElliott(p, r, lossBad, lossGood): return GilbertElliottLoss(p: p, r: r, lossBad: lossBad, lossGood: lossGood)
        case let .fourState(p13, p31, p32, p23, p14): return FourStateLoss(p13: p13, p31: p31, p32: p32, p23: p23, p14: p14)
        case .trace(_, let lost): return TraceLoss(lost: lost)
        }
    }

    public func makeJitterBuffer() -> any JitterBuffer {
        let settings = AdaptiveBufferSettings(minDelayMs: jitterBuffer.minMs, maxDelayMs: jitterBuffer.maxMs,
                                              talkspurtMs: jitterBuffer.talkspurtMs, timeStretch: jitterBuffer.timeStretch)
        switch jitterBuffer.type {
        case "ramjee": return RamjeeJitterBuffer(settings: settings)
        case "neteq": return NetEqJitterBuffer(quantile: jitterBuffer.quantile, forgetFactor: jitterBuffer.forgetFactor, settings: settings)
        default: return FixedJitterBuffer(depthMs: jitterBuffer.depthMs)
        }
    }

    /// `type: external`: the team's buffer as a child process (docs/jitter-buffer-protocol.md); nil for the built-ins.
    public func makeExternalJitterBuffer() -> ExternalJitterBuffer? {
        guard jitterBuffer.type == "external" else { return nil }
        return ExternalJitterBuffer(command: jitterBuffer.command, arguments: jitterBuffer.args,
                                    directory: jitterBuffer.directory, timeoutMs: jitterBuffer.timeoutMs)
    }

    /// Schedules the arrivals with the spec's buffer, built-in or external (which can fail: it throws
    /// `ExternalBufferError` naming the tick and the line received).
    /// `launched`: the external buffer's process, started early (`makeExternalJitterBuffer()?.launch()`).
    public func schedulePlayout(_ arrivals: [PacketArrival], codec: CodecDescriptor, talkspurtStarts: [Bool]?,
                                launched: ExternalJitterBuffer.Launched? = nil) throws -> PlayoutSchedule {
        guard let external = makeExternalJitterBuffer() else {
            return makeJitterBuffer().playout(arrivals, ptimeMs: self.codec.ptimeMs, talkspurtStarts: talkspurtStarts)
        }
        let stream = ExternalJitterBuffer.Stream(codec: codec.name, payloadType: codec.rtpPayloadType, sampleRate: codec.sampleRate,
                                                 rtpClockRate: codec.rtpClockRate, ptimeMs: self.codec.ptimeMs)
        return try external.run(arrivals, stream: stream, talkspurtStarts: talkspurtStarts, launched: launched).schedule
    }

    /// A short description of the buffer, for tables and result.json (`fixed 60 ms`, `neteq 0–1000 ms`).
    public var jitterBufferSummary: String {
        switch jitterBuffer.type {
        case "fixed": return "fixed \(Int(jitterBuffer.depthMs)) ms"
        case "external": return "external \(([(jitterBuffer.command as NSString).lastPathComponent] + jitterBuffer.args).joined(separator: " "))"
        default:
            return "\(jitterBuffer.type) \(Int(jitterBuffer.minMs))–\(Int(jitterBuffer.maxMs)) ms\(jitterBuffer.timeStretch ? " +stretch" : "")"
        }
    }

    public func makeConcealment(sampleRate: Int) -> any Concealment {
        switch plc {
        case .silence: return SilenceConcealment()
        case .repeat: return RepeatWithFadeConcealment(sampleRate: sampleRate)
        case .g711AppendixI: return G711AppendixIConcealment(sampleRate: sampleRate)
        }
    }

    /// A short human description of the loss, for tables (`GE 2.0 % (burst 3.3)`).
    public var lossSummary: String {
        let model = makeLossModel()
        let matched = network.lossMatch.map { " matched ±\(String(format1: $0.tolerance * 100)) %" } ?? ""
        switch network.loss {
        case .none: return "none"
        case .bernoulli(let rate): return "random \(percent(rate))" + matched
        case .gilbertElliott:
            return "GE \(percent(model.stationaryLossRate)) (burst \(String(format1: model.meanBurstLength)))" + matched
        case .fourState:
            return "4-state \(percent(model.stationaryLossRate)) (burst \(String(format1: model.meanBurstLength)))" + matched
        case .trace(let file, _):
            return "trace \((file as NSString).lastPathComponent) \(percent(model.stationaryLossRate))"
        }
    }

    private func percent(_ value: Double) -> String { "\(String(format1: value * 100)) %" }
}

extension String {
    /// One decimal, no Foundation formatting (locale-independent).
    public init(format1 value: Double) {
        guard value.isFinite else { self = "∞"; return }
        let scaled = (value * 10).rounded()
        let whole = Int(scaled) / 10
        let tenth = abs(Int(scaled) % 10)
        self = (scaled < 0 && whole == 0 ? "-" : "") + "\(whole).\(tenth)"
    }
}
