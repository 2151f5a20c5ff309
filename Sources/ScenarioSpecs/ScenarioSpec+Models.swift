import ChannelModels
import LabCore
import Playout
import SpeechCodecs

extension ScenarioSpec {
    /// The network channel this spec describes.
    public func makeChannel() -> NetworkChannel {
        let delay: any DelayModel
        switch network.jitter {
        case .none: delay = NormalJitterDelay(latencyMs: network.latencyMs, stddevMs: 0)
        case .normal(let sd): delay = NormalJitterDelay(latencyMs: network.latencyMs, stddevMs: sd)
        case .uniform(let half): delay = UniformJitterDelay(latencyMs: network.latencyMs, halfWidthMs: half)
        }
        let loss: any LossModel
        switch network.loss {
        case .none: loss = NoLoss()
        case .bernoulli(let rate): loss = BernoulliLoss(rate: rate)
        case let .gilbertElliott(p, r, lossBad, lossGood): loss = GilbertElliottLoss(p: p, r: r, lossBad: lossBad, lossGood: lossGood)
        }
        return NetworkChannel(delay: delay, loss: loss, allowsReordering: network.reorder)
    }

    public func makeJitterBuffer() -> any JitterBuffer {
        FixedJitterBuffer(depthMs: jitterBuffer.depthMs)
    }

    public func makeConcealment(sampleRate: Int) -> any Concealment {
        switch plc {
        case .silence: return SilenceConcealment()
        case .repeat: return RepeatWithFadeConcealment(sampleRate: sampleRate)
        }
    }

    /// A short human description of the loss, for tables (`GE 2.0 % (burst 3.3)`).
    public var lossSummary: String {
        switch network.loss {
        case .none: return "none"
        case .bernoulli(let rate): return "random \(percent(rate))"
        case let .gilbertElliott(p, r, lossBad, lossGood):
            let model = GilbertElliottLoss(p: p, r: r, lossBad: lossBad, lossGood: lossGood)
            return "GE \(percent(model.stationaryLossRate)) (burst \(String(format1: model.meanBurstLength)))"
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
