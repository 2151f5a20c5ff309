import LabCore

/// One-way delay of each packet in milliseconds, before any reordering policy is applied.
public protocol DelayModel: Sendable {
    mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double
}

/// Constant latency plus zero-mean Gaussian jitter of standard deviation `stddevMs`, floored at zero total delay.
/// (netem's `delay X Y distribution normal`.)
public struct NormalJitterDelay: DelayModel {
    public var latencyMs: Double
    public var stddevMs: Double
    public init(latencyMs: Double, stddevMs: Double) {
        self.latencyMs = latencyMs
        self.stddevMs = stddevMs
    }
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        guard stddevMs > 0 else { return latencyMs }
        return max(0, latencyMs + stddevMs * random.nextGaussian())
    }
}

/// Constant latency plus uniform jitter in [−halfWidthMs, +halfWidthMs] (netem's default when no distribution is given).
public struct UniformJitterDelay: DelayModel {
    public var latencyMs: Double
    public var halfWidthMs: Double
    public init(latencyMs: Double, halfWidthMs: Double) {
        self.latencyMs = latencyMs
        self.halfWidthMs = halfWidthMs
    }
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        max(0, latencyMs + halfWidthMs * (2 * random.nextUnit() - 1))
    }
}
