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

    /// The spec's buffer, built-in or external: every kind speaks the same tick-driven receiver protocol.
    public func makeJitterBuffer() -> any JitterBuffer {
        switch jitterBuffer.configuration {
        case .fixed(let c):
            return FixedJitterBuffer(depthMs: c.depthMs)
        case .ramjee(let c):
            return RamjeeJitterBuffer(algorithm: c.algorithm, settings: c.settings)
        case .neteq(let c):
            return NetEqJitterBuffer(quantile: c.quantile, forgetFactor: c.forgetFactor, settings: c.settings)
        case .external(let c):
            return ExternalJitterBuffer(command: c.command, arguments: c.args, directory: c.directory, timeoutMs: c.timeoutMs)
        }
    }

    /// `type: external`: the team's buffer as a child process (docs/jitter-buffer-protocol.md); nil for the built-ins.
    public func makeExternalJitterBuffer() -> ExternalJitterBuffer? {
        makeJitterBuffer() as? ExternalJitterBuffer
    }

    /// What the receiver tells the buffer about the stream.
    public func receiverStream(codec: CodecDescriptor, packets: Int, talkspurtsMarked: Bool) -> ReceiverStream {
        ReceiverStream(codec: codec.name, payloadType: codec.rtpPayloadType, sampleRate: codec.sampleRate,
                       rtpClockRate: codec.rtpClockRate, ptimeMs: self.codec.ptimeMs, packets: packets,
                       talkspurtsMarked: talkspurtsMarked)
    }

    /// Schedules the arrivals with the spec's buffer through the tick-driven receiver (`PlayoutDriver`), without
    /// audio. An external buffer can fail: it throws `ExternalBufferError` naming the tick and the line received.
    /// `launched`: the external buffer's process, started early (`makeExternalJitterBuffer()?.launch()`).
    public func schedulePlayout(_ arrivals: [PacketArrival], codec: CodecDescriptor, talkspurtStarts: [Bool]?,
                                launched: ExternalJitterBuffer.Launched? = nil) throws -> PlayoutSchedule {
        try runPlayout(arrivals, codec: codec, talkspurtStarts: talkspurtStarts, activity: nil, launched: launched).ticks.schedule
    }

    /// Runs the spec's buffer over the arrivals: the ticks, the schedule and (external) the buffer's name.
    public func runPlayout<M: PlayoutMedia>(_ arrivals: [PacketArrival], codec: CodecDescriptor, talkspurtStarts: [Bool]?,
                                            activity: [Bool]?, launched: ExternalJitterBuffer.Launched? = nil,
                                            media: inout M) throws -> (ticks: PlayoutRun, bufferName: String?) {
        let stream = receiverStream(codec: codec, packets: arrivals.count, talkspurtsMarked: talkspurtStarts != nil)
        let buffer = makeJitterBuffer()
        if let external = buffer as? ExternalJitterBuffer {
            let run = try external.run(arrivals, stream: stream, talkspurtStarts: talkspurtStarts, launched: launched, media: &media)
            return (PlayoutRun(ticks: run.ticks, schedule: run.schedule), run.bufferName)
        }
        return (try PlayoutDriver.run(buffer, arrivals: arrivals, stream: stream, talkspurtStarts: talkspurtStarts,
                                      activity: activity, media: &media), nil)
    }

    public func runPlayout(_ arrivals: [PacketArrival], codec: CodecDescriptor, talkspurtStarts: [Bool]?,
                           activity: [Bool]?, launched: ExternalJitterBuffer.Launched? = nil) throws -> (ticks: PlayoutRun, bufferName: String?) {
        var media = NominalMedia()
        return try runPlayout(arrivals, codec: codec, talkspurtStarts: talkspurtStarts, activity: activity, launched: launched, media: &media)
    }

    /// A short description of the buffer, for tables and result.json (`fixed 60 ms`, `neteq 0–1000 ms`).
    public var jitterBufferSummary: String {
        switch jitterBuffer.kind {
        case .fixed: return "fixed \(Int(jitterBuffer.depthMs)) ms"
        case .external: return "external \(([(jitterBuffer.command as NSString).lastPathComponent] + jitterBuffer.args).joined(separator: " "))"
        default:
            let algorithm = jitterBuffer.kind == .ramjee && jitterBuffer.algorithm != 1 ? " alg \(jitterBuffer.algorithm)" : ""
            return "\(jitterBuffer.type)\(algorithm) \(Int(jitterBuffer.minMs))–\(Int(jitterBuffer.maxMs)) ms\(jitterBuffer.timeStretch ? " +stretch" : "")"
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

extension AdaptiveBufferConfiguration {
    /// The playout settings the built-in adaptive buffers take.
    public var settings: AdaptiveBufferSettings {
        AdaptiveBufferSettings(minDelayMs: minMs, maxDelayMs: maxMs, talkspurtMs: talkspurtMs, timeStretch: timeStretch)
    }
}
