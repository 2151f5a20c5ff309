/// What an adaptive buffer knows when it decides (the NetEq split: estimator → status snapshot → pure decision).
public struct PlayoutStatus: Sendable, Equatable {
    /// The packet about to be scheduled starts a talkspurt (after a silence gap), where the delay may change freely.
    public var isTalkspurtStart: Bool
    /// Playout offset in use: playout time − send time, ms.
    public var currentOffsetMs: Double
    /// The estimator's base delay (Ramjee: d̂; NetEq: the smallest transit in the window), ms.
    public var baseDelayMs: Double
    /// The estimator's wanted buffering above the base (Ramjee: β·v̂; NetEq: the histogram quantile), ms.
    public var targetDelayMs: Double
    /// Bounds on the buffering above the base, ms.
    public var minDelayMs: Double
    public var maxDelayMs: Double
    /// Whether time-scale modification inside speech is allowed, and the packets since the last one.
    public var timeStretch: Bool
    public var packetsSinceStretch: Int
    public var ptimeMs: Double

    public init(isTalkspurtStart: Bool, currentOffsetMs: Double, baseDelayMs: Double, targetDelayMs: Double,
                minDelayMs: Double, maxDelayMs: Double, timeStretch: Bool = false, packetsSinceStretch: Int = 0,
                ptimeMs: Double = 20) {
        self.isTalkspurtStart = isTalkspurtStart
        self.currentOffsetMs = currentOffsetMs
        self.baseDelayMs = baseDelayMs
        self.targetDelayMs = targetDelayMs
        self.minDelayMs = minDelayMs
        self.maxDelayMs = maxDelayMs
        self.timeStretch = timeStretch
        self.packetsSinceStretch = packetsSinceStretch
        self.ptimeMs = ptimeMs
    }

    /// The target after the min/max bounds.
    public var boundedTargetMs: Double { min(maxDelayMs, max(minDelayMs, targetDelayMs)) }
}

/// A playout decision, returned rather than performed (spandsp's return codes, NetEq's `Operation`).
public enum PlayoutDecision: Sendable, Equatable {
    /// Keep the current playout offset.
    case keep
    /// Re-anchor the talkspurt at a new offset (silence is stretched or shortened; no speech is touched).
    case adjust(offsetMs: Double)
    /// Time-compress speech: play `ms` earlier from now on (NetEq accelerate).
    case accelerate(ms: Double)
    /// Time-expand speech: play `ms` later from now on (NetEq preemptive expand).
    case preemptiveExpand(ms: Double)
}

/// The decision logic: a pure function of the status snapshot, so it is unit-tested without audio or clocks.
public enum PlayoutDecisionLogic {
    /// NetEq's limit between time stretches (`kMinTimescaleInterval`), in packets.
    public static let minStretchIntervalPackets = 5
    /// NetEq `deceleration_target_level_offset_ms` (MODELS.md §4.3).
    public static let decelerationOffsetMs = 85.0

    /// MODELS.md §4.3 / NetEq decision_logic.cc: low = max(¾·target, target − 85 ms), high = max(target, low + 20 ms).
    public static func thresholds(targetMs target: Double) -> (low: Double, high: Double) {
        let low = max(0.75 * target, target - decelerationOffsetMs)
        return (low, max(target, low + 20))
    }

    public static func decide(_ s: PlayoutStatus) -> PlayoutDecision {
        let wanted = s.baseDelayMs + s.boundedTargetMs
        if s.isTalkspurtStart {
            return wanted != s.currentOffsetMs ? .adjust(offsetMs: wanted) : .keep
        }
        guard s.timeStretch, s.packetsSinceStretch >= minStretchIntervalPackets else { return .keep }
        // MODELS.md §4.3: low = max(¾·target, target − 85 ms), high = max(target, low + 20 ms).
        let target = s.boundedTargetMs
        let level = s.currentOffsetMs - s.baseDelayMs
        let (low, high) = thresholds(targetMs: target)
        // At most half a packet per stretch: NetEq removes or inserts one pitch period (2.5–15 ms) per 30 ms block.
        let step = s.ptimeMs / 2
        if level >= high { return .accelerate(ms: min(step, level - target)) }
        if level < low { return .preemptiveExpand(ms: min(step, target - level)) }
        return .keep
    }
}
