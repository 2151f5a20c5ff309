import ChannelModels

/// What an adaptive buffer's delay estimator offers the decision logic.
public protocol PlayoutDelayEstimator: Sendable {
    /// A packet arrived (in send order; `arrivalMs` nil when it was lost).
    mutating func observe(sendMs: Double, arrivalMs: Double)
    /// Whether any packet has been observed.
    var hasEstimate: Bool { get }
    var baseDelayMs: Double { get }
    var targetDelayMs: Double { get }
}

/// Common settings of the adaptive buffers.
public struct AdaptiveBufferSettings: Sendable, Equatable {
    /// Bounds on the buffering above the base delay estimate, ms.
    public var minDelayMs: Double
    public var maxDelayMs: Double
    /// Talkspurt length in ms: the playout delay may change at each talkspurt start (a silence gap). With no audio
    /// activity to go by, the run is cut into talkspurts of this length (Ramjee et al.'s traces: 50 packets).
    public var talkspurtMs: Double
    /// Allow accelerate / preemptive expand inside speech (NetEq-style time-scale modification).
    public var timeStretch: Bool

    public init(minDelayMs: Double = 0, maxDelayMs: Double = 1000, talkspurtMs: Double = 1000, timeStretch: Bool = false) {
        self.minDelayMs = minDelayMs
        self.maxDelayMs = maxDelayMs
        self.talkspurtMs = talkspurtMs
        self.timeStretch = timeStretch
    }
}

/// Schedules packets with an estimator and the pure decision logic: packet j plays at send_j + offset, the offset
/// changing only when `PlayoutDecisionLogic.decide` says so.
func adaptiveSchedule<E: PlayoutDelayEstimator>(_ arrivals: [PacketArrival], ptimeMs: Double, estimator: E,
                                                settings: AdaptiveBufferSettings, talkspurtStarts: [Bool]?) -> PlayoutSchedule {
    precondition(talkspurtStarts == nil || talkspurtStarts!.count == arrivals.count, "one talkspurt flag per packet")
    var estimator = estimator
    let talkspurtPackets = max(1, Int((settings.talkspurtMs / ptimeMs).rounded()))
    var offset: Double? = nil
    var adaptations = 0
    var sinceStretch = 0
    var events: [PlayoutEvent] = []
    events.reserveCapacity(arrivals.count)
    for (index, packet) in arrivals.enumerated() {
        // Ramjee et al.: the estimate includes the packet just received, then the talkspurt's playout is set.
        if let arrival = packet.arrivalMs { estimator.observe(sendMs: packet.sendMs, arrivalMs: arrival) }
        sinceStretch += 1
        if estimator.hasEstimate {
            let status = PlayoutStatus(
                isTalkspurtStart: offset == nil || (talkspurtStarts.map { $0[index] } ?? (index % talkspurtPackets == 0)),
                currentOffsetMs: offset ?? .nan,
                baseDelayMs: estimator.baseDelayMs, targetDelayMs: estimator.targetDelayMs,
                minDelayMs: settings.minDelayMs, maxDelayMs: settings.maxDelayMs, timeStretch: settings.timeStretch,
                packetsSinceStretch: sinceStretch, ptimeMs: ptimeMs)
            let previous = offset
            switch PlayoutDecisionLogic.decide(status) {
            case .keep: break
            case .adjust(let value): offset = value
            case .accelerate(let ms): offset! -= ms; sinceStretch = 0
            case .preemptiveExpand(let ms): offset! += ms; sinceStretch = 0
            }
            if let previous, let now = offset, abs(now - previous) >= 1 { adaptations += 1 }
        }
        let playout = packet.sendMs + (offset ?? 0)
        let fate: PacketFate
        if let arrival = packet.arrivalMs {
            fate = arrival <= playout ? .played : .late
        } else {
            fate = .lost
        }
        events.append(PlayoutEvent(seq: packet.seq, fate: fate, playoutMs: playout))
    }
    return PlayoutSchedule(events: events, adaptations: adaptations, finalTargetMs: estimator.hasEstimate ? estimator.targetDelayMs : nil)
}

/// Adaptive playout after Ramjee, Kurose, Towsley & Schulzrinne (INFOCOM '94), Algorithm 1 (MODELS.md §4.2):
/// d̂ ← α·d̂ + (1−α)·n, v̂ ← α·v̂ + (1−α)·|d̂ − n| with α = 0.998002, and the first packet of each talkspurt plays at
/// t + d̂ + β·v̂ with β = 4; later packets of the talkspurt keep its offset. Initialisation d̂₀ = n₀, v̂₀ = 0.
/// The min/max bounds apply to β·v̂.
public struct RamjeeJitterBuffer: JitterBuffer {
    public static let defaultAlpha = 0.998002
    public static let defaultBeta = 4.0

    public var alpha: Double
    public var beta: Double
    public var settings: AdaptiveBufferSettings

    public init(alpha: Double = RamjeeJitterBuffer.defaultAlpha, beta: Double = RamjeeJitterBuffer.defaultBeta,
                settings: AdaptiveBufferSettings = AdaptiveBufferSettings()) {
        self.alpha = alpha
        self.beta = beta
        self.settings = settings
    }

    public struct Estimator: PlayoutDelayEstimator {
        let alpha: Double, beta: Double
        public private(set) var d = 0.0
        public private(set) var v = 0.0
        public private(set) var hasEstimate = false

        public init(alpha: Double, beta: Double) {
            self.alpha = alpha
            self.beta = beta
        }

        public mutating func observe(sendMs: Double, arrivalMs: Double) {
            let n = arrivalMs - sendMs
            if !hasEstimate {
                d = n
                v = 0
                hasEstimate = true
                return
            }
            d = alpha * d + (1 - alpha) * n
            v = alpha * v + (1 - alpha) * abs(d - n)
        }

        public var baseDelayMs: Double { d }
        public var targetDelayMs: Double { beta * v }
    }

    public func playout(_ arrivals: [PacketArrival], ptimeMs: Double, talkspurtStarts: [Bool]?) -> PlayoutSchedule {
        adaptiveSchedule(arrivals, ptimeMs: ptimeMs, estimator: Estimator(alpha: alpha, beta: beta), settings: settings,
                         talkspurtStarts: talkspurtStarts)
    }
}

/// Adaptive playout after WebRTC NetEq's delay manager (MODELS.md §4.3):
/// relative arrival delay = transit − the smallest transit of the last 2000 ms; every 500 ms the largest relative
/// delay of the interval enters a histogram of 100 × 20 ms buckets with forgetting factor 0.983 (ramping up from
/// 1 − 2/(n+1) at start); the target is (1 + the bucket of the 0.95 quantile) × 20 ms, 80 ms before the first
/// update. Playout offset = smallest transit + target, bounded by min/max. Windows run on the send clock (so the
/// estimate is a deterministic function of the trace in send order).
public struct NetEqJitterBuffer: JitterBuffer {
    public var quantile: Double
    public var forgetFactor: Double
    public var settings: AdaptiveBufferSettings

    public init(quantile: Double = 0.95, forgetFactor: Double = 0.983, settings: AdaptiveBufferSettings = AdaptiveBufferSettings()) {
        self.quantile = quantile
        self.forgetFactor = forgetFactor
        self.settings = settings
    }

    public struct Estimator: PlayoutDelayEstimator {
        public static let windowMs = 2000.0
        public static let intervalMs = 500.0
        public static let bucketMs = 20.0
        public static let buckets = 100
        public static let startTargetMs = 80.0
        static let startForgetWeight = 2.0

        let quantile: Double, forgetFactor: Double
        var window: [(time: Double, transit: Double)] = []
        var windowHead = 0
        var histogram = [Double](repeating: 0, count: Estimator.buckets)
        var updates = 0
        var interval = -1
        var intervalMax = -1.0
        public private(set) var targetDelayMs = Estimator.startTargetMs
        public private(set) var hasEstimate = false

        public init(quantile: Double, forgetFactor: Double) {
            self.quantile = quantile
            self.forgetFactor = forgetFactor
        }

        public var baseDelayMs: Double { window[windowHead].transit }

        public mutating func observe(sendMs: Double, arrivalMs: Double) {
            let transit = arrivalMs - sendMs
            // Monotonic deque of (time, transit): the front holds the window minimum.
            while window.count > windowHead && window[window.count - 1].transit >= transit { window.removeLast() }
            window.append((sendMs, transit))
            while window[windowHead].time < sendMs - Self.windowMs { windowHead += 1 }
            if windowHead > 4096 { window.removeFirst(windowHead); windowHead = 0 }
            hasEstimate = true
            let relative = max(0, transit - window[windowHead].transit)
            let index = Int((sendMs / Self.intervalMs).rounded(.down))
            if index != interval {
                if interval >= 0 { add(intervalMax) }
                interval = index
                intervalMax = relative
            } else {
                intervalMax = max(intervalMax, relative)
            }
        }

        mutating func add(_ delay: Double) {
            let bucket = Int(delay / Self.bucketMs)
            guard bucket < Self.buckets else { return }      // NetEq ignores delays ≥ 2 s
            updates += 1
            let factor = max(0, min(forgetFactor, 1 - Self.startForgetWeight / Double(updates + 1)))
            for i in 0..<Self.buckets { histogram[i] *= factor }
            histogram[bucket] += 1 - factor
            var sum = 0.0
            for i in 0..<Self.buckets {
                sum += histogram[i]
                if sum >= quantile - 1e-12 {
                    targetDelayMs = Double(1 + i) * Self.bucketMs
                    return
                }
            }
            targetDelayMs = Double(Self.buckets) * Self.bucketMs
        }
    }

    public func playout(_ arrivals: [PacketArrival], ptimeMs: Double, talkspurtStarts: [Bool]?) -> PlayoutSchedule {
        adaptiveSchedule(arrivals, ptimeMs: ptimeMs, estimator: Estimator(quantile: quantile, forgetFactor: forgetFactor),
                         settings: settings, talkspurtStarts: talkspurtStarts)
    }
}
