/// How MOSLab turns network measurements into E-model delay and loss inputs. G.107 does not say this; it is a
/// requirement decision (issue 5), stated here once so every caller maps the same way.
///
///     Ta = one-way network latency + jitter-buffer delay + packetization interval + codec look-ahead
///     T  = Ta        (the echo path is the whole mouth-to-ear path, far-end echo coupling)
///     Tr = 2·Ta      (round trip of that path)
///     Ppl = loss %   (lost and late-discarded packets, RFC 3611 semantics), BurstR = burst ratio
///
/// The jitter buffer's added delay defaults to 2 × the measured jitter (a buffer sized to absorb ±2 jitter
/// deviations); callers who know their buffer give its nominal depth instead.
public struct NetworkMapping: Sendable, Codable, Equatable {
    public var latencyMs: Double
    public var jitterMs: Double
    public var jitterBufferMs: Double
    public var packetMs: Double
    public var lookaheadMs: Double
    public var lossPercent: Double
    public var burstR: Double

    public init(
        latencyMs: Double, jitterMs: Double, jitterBufferMs: Double? = nil, packetMs: Double, lookaheadMs: Double,
        lossPercent: Double, burstR: Double = 1
    ) {
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.jitterBufferMs = jitterBufferMs ?? 2 * jitterMs
        self.packetMs = packetMs
        self.lookaheadMs = lookaheadMs
        self.lossPercent = lossPercent
        self.burstR = burstR
    }

    /// Mouth-to-ear delay, ms.
    public var Ta: Double { latencyMs + jitterBufferMs + packetMs + lookaheadMs }
    /// Echo-path one-way delay, ms.
    public var T: Double { Ta }
    /// Four-wire round-trip delay, ms.
    public var Tr: Double { 2 * Ta }
}
