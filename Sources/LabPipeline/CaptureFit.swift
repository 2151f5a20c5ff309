import ChannelModels
import Foundation
import LabCore
import PacketTraces

/// `moslab fit`: a scenario whose network reproduces one captured stream's statistics.
///
/// - Loss: the model `RTPStreamSummary.lossModel` chose by likelihood (Bernoulli or simple Gilbert, exact MLEs from
///   the received/lost transitions; see `FittedLossModel`), written as `bernoulli` or `gilbert` (netem gemodel p, r).
/// - Jitter: a shifted gamma (MODELS.md §3.3) fitted to the relative delays by moments (k = m²/s², θ = s²/m), with
///   the lag-1 correlation of successive delays as the spec's `correlation` (AR(1) on the Gaussian latent, which
///   keeps the marginal). Goodness: the Kolmogorov–Smirnov distance between the captured delays and the fitted law.
/// - Latency: not measurable at one capture point; `latencyMs` (assumed) is written.
public struct CaptureFit: Sendable, Encodable {
    public var file: String
    public var ssrc: String
    public var src: String
    public var dst: String
    public var codec: String
    public var ptime_ms: Double
    public var packets: Int
    public var loss_model: String
    public var p: Double?
    public var r: Double?
    public var rate: Double?
    public var capture_loss_rate: Double
    public var model_loss_rate: Double
    public var capture_mean_burst: Double
    public var model_mean_burst: Double
    public var jitter: String
    public var gamma_shape: Double?
    public var gamma_scale_ms: Double?
    public var correlation: Double
    public var ks_distance: Double?
    public var latency_ms: Double
    public var buffer_ms: Double

    public static func fit(path: String, ssrc: UInt32, latencyMs: Double, payloadTypes: [String]) throws -> CaptureFit {
        let assignments = try CaptureAnalysis.parsePayloadTypes(payloadTypes)
        var options = CaptureScanner.Options()
        options.userPayloadTypes = assignments.mapValues { ($0.encoding, $0.clockRate) }
        let replay = try CaptureReplay.load(path: path, ssrc: ssrc, options: options)
        let s = replay.summary
        let codec = CaptureAnalysis.codecName(for: s, assignments: assignments) ?? "g711u"

        // Loss, measured on the sequence (the same pattern the replay uses).
        let measured = LossPatternStatistics(lostFlags: replay.trace.lost)
        var fitted = CaptureFit(file: path, ssrc: s.ssrcHex, src: s.src, dst: s.dst, codec: codec, ptime_ms: s.ptimeMs ?? 20,
                                packets: replay.trace.lost.count, loss_model: s.lossModel.model, p: s.lossModel.p, r: s.lossModel.r,
                                rate: s.lossModel.rate, capture_loss_rate: measured.lossRate, model_loss_rate: 0,
                                capture_mean_burst: measured.meanBurstLength, model_mean_burst: 0, jitter: "none", gamma_shape: nil,
                                gamma_scale_ms: nil, correlation: 0, ks_distance: nil, latency_ms: latencyMs,
                                buffer_ms: (s.relativeDelay.p99Ms).rounded(.up))
        let model: (any LossModel)? = switch s.lossModel.model {
        case "gilbert": GilbertElliottLoss(p: s.lossModel.p!, r: s.lossModel.r!)
        case "bernoulli": BernoulliLoss(rate: s.lossModel.rate!)
        default: nil
        }
        fitted.model_loss_rate = model?.stationaryLossRate ?? 0
        fitted.model_mean_burst = model?.meanBurstLength ?? 0

        // Delay law.
        let delays = replay.trace.delayMs.compactMap { $0 }
        let n = Double(delays.count)
        let mean = delays.reduce(0, +) / max(1, n)
        let variance = delays.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)
        if delays.count > 2 && variance > 0.0025 && mean > 0 {
            let shape = mean * mean / variance, scale = variance / mean
            fitted.jitter = "gamma"
            fitted.gamma_shape = shape
            fitted.gamma_scale_ms = scale
            fitted.ks_distance = ksDistance(delays.sorted()) { GammaDistribution.cdf(shape: shape, $0 / scale) }
            var lag = 0.0
            for i in 1..<delays.count { lag += (delays[i] - mean) * (delays[i - 1] - mean) }
            fitted.correlation = max(0, min(0.99, lag / (n - 1) / variance))
        }
        return fitted
    }

    /// sup |F_n(x) − F(x)| over the sample (both sides of each step).
    static func ksDistance(_ sorted: [Double], cdf: (Double) -> Double) -> Double {
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
        }
        return d
    }

    /// The scenario, as YAML (loads with `ScenarioLoader`).
    public var yaml: String {
        func number(_ value: Double) -> String {
            let text = String(format: "%.6g", value)
            return text
        }
        var network = ["  latency_ms: \(number(latency_ms))"]
        if jitter == "gamma", let k = gamma_shape, let theta = gamma_scale_ms {
            network.append("  jitter: {distribution: gamma, shape: \(number(max(0.01, min(1000, k)))), scale_ms: \(number(theta)), correlation: \(number(correlation))}")
        }
        switch loss_model {
        case "gilbert": network.append("  loss: {model: gilbert, p: \(number(p!)), r: \(number(r!))}")
        case "bernoulli": network.append("  loss: {model: bernoulli, rate: \(number(rate!))}")
        default: network.append("  loss: {model: none}")
        }
        let wideband = codec.contains("wb") || codec.hasPrefix("g722")
        return """
            # Fitted by `moslab fit \(file) --ssrc \(ssrc)` from \(packets) packets (\(src) → \(dst)).
            # Goodness: loss rate capture \(fixed(100 * capture_loss_rate, 3)) % / model \(fixed(100 * model_loss_rate, 3)) %; mean burst capture \(fixed(capture_mean_burst, 2)) / model \(fixed(model_mean_burst, 2)); KS distance of the delay law \(ks_distance.map { fixed($0, 3) } ?? "n/a").
            # latency_ms is assumed (one capture point cannot measure one-way delay).
            name: fit-\(ssrc)
            description: Network fitted to stream \(ssrc) of \((file as NSString).lastPathComponent).
            seed: 1
            reference: {corpus: \(wideband ? "wb" : "nb"), count: 3}
            codec: {name: \(codec), ptime_ms: \(number(ptime_ms))}
            network:
            \(network.joined(separator: "\n"))
            jitter_buffer: {type: fixed, depth_ms: \(number(max(0, buffer_ms)))}
            plc: repeat

            """
    }
}
