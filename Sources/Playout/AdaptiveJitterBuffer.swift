/// What an adaptive buffer's delay estimator offers the decision logic.
public protocol PlayoutDelayEstimator: Sendable {
    /// A packet arrived. Called in arrival order, when the packet arrives: the estimate is causal.
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

/// The tick-driven playout shared by the adaptive buffers: an estimator fed on arrival and the pure decision logic.
///
/// At a talkspurt start (the packet's RTP marker, or every `talkspurtMs` without audio) the wanted offset is
/// `base + bounded target` from what has arrived so far. A longer delay is reached by waiting (`expand` in the
/// silence before the talkspurt); a shorter one by skipping silent (voice-inactive) packets in the gap before it
/// (`skips`: played in no time, as a sender with silence suppression would not have sent them). Inside a talkspurt the next packet plays at every tick, or its slot is concealed when it is
/// missing (it is late if it arrives later); with `timeStretch` the decision logic may accelerate (two packets into
/// less time) or preemptively expand (MODELS.md §4.3).
public struct AdaptivePlayout<E: PlayoutDelayEstimator>: Sendable {
    public var estimator: E
    public var settings: AdaptiveBufferSettings

    var ptimeMs = 20.0
    var packets = Int.max
    var talkspurtsMarked = false
    var sendOrigin: Double? = nil
    var held = HeldPackets()
    var late: [Int] = []
    var nextSeq: Int? = nil
    var anchored = -1
    var waitingOffsetMs: Double? = nil
    var sinceStretch = 0
    /// NetEq-like handling of a missing packet (wait, then merge) instead of concealing its slot at once.
    var netEqLike = false
    var consecutiveExpands = 0
    /// `talkspurtMs` in whole packets, computed once in `start` (it was a division and a rounding at every tick, 4 %
    /// of the network bench); nil when it does not fit an Int, and then computed as before.
    var talkspurtEvery: Int? = nil
    /// NetEq decision_logic.cc kMaxWaitForPacketTicks: 10 ticks of 10 ms.
    static var maxWaitForPacketMs: Double { 100 }

    public init(estimator: E, settings: AdaptiveBufferSettings) {
        self.estimator = estimator
        self.settings = settings
    }

    mutating func start(_ stream: ReceiverStream, fresh estimator: E) {
        self.estimator = estimator
        ptimeMs = stream.ptimeMs
        packets = stream.packets
        talkspurtsMarked = stream.talkspurtsMarked
        sendOrigin = nil
        held = HeldPackets()
        late = []
        nextSeq = nil
        anchored = -1
        waitingOffsetMs = nil
        sinceStretch = 0
        consecutiveExpands = 0
        let every = (settings.talkspurtMs / ptimeMs).rounded()
        talkspurtEvery = every.isFinite && abs(every) < 0x1p62 ? max(1, Int(every)) : nil
    }

    mutating func receive(_ packet: ReceivedPacket) {
        estimator.observe(sendMs: packet.sendMs, arrivalMs: packet.arrivalMs)
        if sendOrigin == nil { sendOrigin = packet.sendMs - Double(packet.seq) * ptimeMs }
        if let next = nextSeq, packet.seq < next { late.append(packet.seq) } else { held[packet.seq] = packet }
    }

    func sendMs(_ seq: Int) -> Double { (sendOrigin ?? 0) + Double(seq) * ptimeMs }

    @inline(__always)
    func isTalkspurtStart(_ seq: Int) -> Bool {
        if talkspurtsMarked { return held[seq]?.marker ?? false }
        let every = talkspurtEvery ?? max(1, Int((settings.talkspurtMs / ptimeMs).rounded()))
        return seq % every == 0
    }

    /// The offset (playout − send) wanted from the estimate now.
    var wantedOffsetMs: Double {
        estimator.baseDelayMs + min(settings.maxDelayMs, max(settings.minDelayMs, estimator.targetDelayMs))
    }

    mutating func tick(_ context: TickContext) -> TickAnswer {
        let drops = late
        late = []
        sinceStretch += 1
        if nextSeq == nil {
            guard let first = held.first(after: -1) else { return TickAnswer(.expand, drops: drops) }
            nextSeq = first
        }
        // A frame is still queued (after an accelerate or a preemptive expand): decode nothing now, so the next
        // packet is needed no earlier than necessary.
        if context.syncMs >= ptimeMs - 1e-9 { return TickAnswer(.idle, drops: drops) }
        var seq = nextSeq!
        let playAt = context.nowMs + context.syncMs
        var skips: [Int] = []
        // Too much delay in a silence gap: skip silent (voice-inactive) packets while the one after can still play
        // at the wanted offset, as Ramjee's receiver shortens the gap before the next talkspurt.
        if waitingOffsetMs == nil, estimator.hasEstimate {
            let wanted = wantedOffsetMs
            while seq + 1 < packets, let packet = held[seq], !packet.active, playAt - sendMs(seq + 1) >= wanted - 1e-9 {
                held[seq] = nil
                skips.append(seq)
                seq += 1
            }
            nextSeq = seq
        }
        guard seq < packets else { return TickAnswer(.expand, drops: drops, skips: skips) }
        if anchored != seq, isTalkspurtStart(seq), estimator.hasEstimate {
            anchored = seq
            waitingOffsetMs = wantedOffsetMs
        }
        let current = playAt - sendMs(seq)
        if let wanted = waitingOffsetMs {
            // Before a talkspurt: wait in the silence until the wanted delay is reached.
            if current < wanted - 1e-9 { return TickAnswer(.expand, drops: drops, skips: skips) }
            waitingOffsetMs = nil
        }
        let level = current - estimator.baseDelayMs
        let target = min(settings.maxDelayMs, max(settings.minDelayMs, estimator.targetDelayMs))
        guard held.removeValue(forKey: seq) != nil else {
            if netEqLike {
                // NetEq's decision logic (decision_logic.cc): with no packet at all, expand and wait (a delay spike:
                // the delayed packets are played when they come, not discarded); with a later packet available,
                // keep expanding while it is too early (its timestamp leap exceeds what was expanded), the wait is
                // under 100 ms and the buffer under its target, then merge to it, leaving the missing packet out.
                guard let future = held.first(after: seq) else {
                    consecutiveExpands += 1
                    return TickAnswer(.expand, drops: drops, skips: skips)
                }
                let leap = sendMs(future) - sendMs(seq)
                if Double(consecutiveExpands) * ptimeMs < Self.maxWaitForPacketMs,
                   leap > Double(consecutiveExpands) * ptimeMs, level < target {
                    consecutiveExpands += 1
                    return TickAnswer(.expand, drops: drops, skips: skips)
                }
                held[future] = nil
                nextSeq = future + 1
                consecutiveExpands = 0
                return TickAnswer(.merge(seq: future), drops: drops, skips: skips)
            }
            nextSeq = seq + 1
            return TickAnswer(.conceal, drops: drops, skips: skips)
        }
        nextSeq = seq + 1
        if consecutiveExpands > 0 {
            consecutiveExpands = 0
            return TickAnswer(.merge(seq: seq), drops: drops, skips: skips)
        }
        // NetEq's fast accelerate: a level above four times the high threshold is cut without waiting out the
        // minimum interval between stretches.
        if netEqLike, settings.timeStretch, estimator.hasEstimate, anchored != seq, held[seq + 1] != nil,
           level >= 4 * PlayoutDecisionLogic.thresholds(targetMs: target).high {
            held[seq + 1] = nil
            nextSeq = seq + 2
            sinceStretch = 0
            return TickAnswer(.accelerate(seq: seq, ms: PlayoutDriver.defaultStretchMs(ptimeMs)), drops: drops, skips: skips)
        }
        if settings.timeStretch, estimator.hasEstimate, anchored != seq {
            let status = PlayoutStatus(isTalkspurtStart: false, currentOffsetMs: current, baseDelayMs: estimator.baseDelayMs,
                                       targetDelayMs: estimator.targetDelayMs, minDelayMs: settings.minDelayMs,
                                       maxDelayMs: settings.maxDelayMs, timeStretch: true, packetsSinceStretch: sinceStretch,
                                       ptimeMs: ptimeMs)
            switch PlayoutDecisionLogic.decide(status) {
            // At least one shortest pitch period, so the audio can honour it.
            case .accelerate(let ms) where held[seq + 1] != nil && ms >= 1:
                held[seq + 1] = nil
                nextSeq = seq + 2
                sinceStretch = 0
                return TickAnswer(.accelerate(seq: seq, ms: max(ms, TimeStretch.minPeriodMs)), drops: drops, skips: skips)
            case .preemptiveExpand(let ms) where ms >= 1:
                sinceStretch = 0
                return TickAnswer(.preemptiveExpand(seq: seq, ms: max(ms, TimeStretch.minPeriodMs)), drops: drops, skips: skips)
            default:
                break
            }
        }
        return TickAnswer(.play(seq: seq), drops: drops, skips: skips)
    }
}

/// Adaptive playout after Ramjee, Kurose, Towsley & Schulzrinne (INFOCOM '94), Algorithm 1 (MODELS.md §4.2), or
/// Algorithm 4 (spike detection, `algorithm: 4`):
/// d̂ ← α·d̂ + (1−α)·n, v̂ ← α·v̂ + (1−α)·|d̂ − n| with α = 0.998002, and the first packet of each talkspurt plays at
/// t + d̂ + β·v̂ with β = 4; later packets of the talkspurt keep its offset. Initialisation d̂₀ = n₀, v̂₀ = 0.
/// The min/max bounds apply to β·v̂. The estimate is updated as packets arrive (arrival order).
public struct RamjeeJitterBuffer: JitterBuffer {
    public static let defaultAlpha = 0.998002
    public static let defaultBeta = 4.0

    public var alpha: Double
    public var beta: Double
    /// 1 or 4 (spike detection).
    public var algorithm: Int
    public var settings: AdaptiveBufferSettings
    var playout: AdaptivePlayout<Estimator>

    public init(alpha: Double = RamjeeJitterBuffer.defaultAlpha, beta: Double = RamjeeJitterBuffer.defaultBeta,
                algorithm: Int = 1, settings: AdaptiveBufferSettings = AdaptiveBufferSettings()) {
        self.alpha = alpha
        self.beta = beta
        self.algorithm = algorithm
        self.settings = settings
        playout = AdaptivePlayout(estimator: Estimator(alpha: alpha, beta: beta, algorithm: algorithm), settings: settings)
    }

    public struct Estimator: PlayoutDelayEstimator {
        let alpha: Double, beta: Double
        /// 1: Algorithm 1 (exponential average). 4: Algorithm 4 (spike detection).
        let algorithm: Int
        public private(set) var d = 0.0
        public private(set) var v = 0.0
        public private(set) var hasEstimate = false
        /// Algorithm 4 state: in a spike, the spike's variation measure, and the last two delays.
        public private(set) var inSpike = false
        var spikeVar = 0.0
        var n1 = 0.0, n2 = 0.0

        /// Algorithm 4's thresholds. The paper gives 800 and 63 in its traces' timestamp units; read as 8 kHz RTP
        /// units (125 µs) they are 100 ms (a jump that starts a spike) and 7.875 ms (a variation that ends it).
        public static let spikeStartMs = 800.0 / 8
        public static let spikeEndMs = 63.0 / 8
        /// Algorithm 4's smoothing weight of the normal mode (d̂ ← 0.125·n + 0.875·d̂, likewise v̂).
        public static let algorithm4Alpha = 0.875

        public init(alpha: Double, beta: Double, algorithm: Int = 1) {
            self.alpha = alpha
            self.beta = beta
            self.algorithm = algorithm
        }

        public mutating func observe(sendMs: Double, arrivalMs: Double) {
            let n = arrivalMs - sendMs
            if !hasEstimate {
                d = n
                v = 0
                n1 = n
                n2 = n
                hasEstimate = true
                return
            }
            guard algorithm == 4 else {
                d = alpha * d + (1 - alpha) * n
                v = alpha * v + (1 - alpha) * abs(d - n)
                return
            }
            // Ramjee et al. '94, Algorithm 4: detect a spike by a jump larger than 2·v̂ + threshold; in the spike, d̂
            // follows the delay's changes; the spike ends when the slope variation decays below the threshold.
            if !inSpike {
                if abs(n - n1) > 2 * abs(v) + Self.spikeStartMs {
                    spikeVar = 0
                    inSpike = true
                }
            } else {
                spikeVar = spikeVar / 2 + abs((2 * n - n1 - n2) / 8)
                if spikeVar <= Self.spikeEndMs {
                    inSpike = false
                    n2 = n1
                    n1 = n
                    return
                }
            }
            let a = Self.algorithm4Alpha
            if inSpike { d += n - n1 } else { d = (1 - a) * n + a * d }
            v = (1 - a) * abs(n - d) + a * v
            n2 = n1
            n1 = n
        }

        public var baseDelayMs: Double { d }
        public var targetDelayMs: Double { beta * v }
    }

    public mutating func start(_ stream: ReceiverStream) throws {
        playout.settings = settings
        playout.start(stream, fresh: Estimator(alpha: alpha, beta: beta, algorithm: algorithm))
    }
    public mutating func receive(_ packet: ReceivedPacket) { playout.receive(packet) }
    public mutating func tick(_ context: TickContext) throws -> TickAnswer { playout.tick(context) }
    public var targetDelayMs: Double? { playout.estimator.hasEstimate ? playout.estimator.targetDelayMs : nil }
}

/// Adaptive playout after WebRTC NetEq's delay manager (MODELS.md §4.3):
/// relative arrival delay = transit − the smallest transit of the last 2000 ms; every 500 ms the largest relative
/// delay of the interval enters a histogram of 100 × 20 ms buckets with forgetting factor 0.983 (ramping up from
/// 1 − 2/(n+1) at start); the target is (1 + the bucket of the 0.95 quantile) × 20 ms, 80 ms before the first
/// update. Playout offset = smallest transit + target, bounded by min/max. Windows run on the arrival clock, as
/// packets arrive. On a missing packet it behaves as WebRTC's current decision logic (decision_logic.cc,
/// `NoPacket` / `FuturePacketAvailable`): it expands and waits — through a delay spike the delayed packets are
/// played, not discarded — and merges to a later packet after at most 100 ms; the delay that built up is then
/// removed by accelerate (fast accelerate above four times the high threshold). The target comes from the
/// underrun optimizer's histogram as before (underrun_optimizer.cc: the largest relative delay of each 500 ms
/// enters the histogram), so one short spike moves the target little, as in WebRTC.
public struct NetEqJitterBuffer: JitterBuffer {
    public var quantile: Double
    public var forgetFactor: Double
    public var settings: AdaptiveBufferSettings
    var playout: AdaptivePlayout<Estimator>

    public init(quantile: Double = 0.95, forgetFactor: Double = 0.983, settings: AdaptiveBufferSettings = AdaptiveBufferSettings()) {
        self.quantile = quantile
        self.forgetFactor = forgetFactor
        self.settings = settings
        playout = AdaptivePlayout(estimator: Estimator(quantile: quantile, forgetFactor: forgetFactor), settings: settings)
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
            // Monotonic deque of (arrival time, transit): the front holds the window minimum.
            while window.count > windowHead && window[window.count - 1].transit >= transit { window.removeLast() }
            window.append((arrivalMs, transit))
            while window[windowHead].time < arrivalMs - Self.windowMs { windowHead += 1 }
            if windowHead > 4096 { window.removeFirst(windowHead); windowHead = 0 }
            hasEstimate = true
            let relative = max(0, transit - window[windowHead].transit)
            let index = Int((arrivalMs / Self.intervalMs).rounded(.down))
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

    public mutating func start(_ stream: ReceiverStream) throws {
        playout.settings = settings
        playout.start(stream, fresh: Estimator(quantile: quantile, forgetFactor: forgetFactor))
        playout.netEqLike = true
    }
    public mutating func receive(_ packet: ReceivedPacket) { playout.receive(packet) }
    public mutating func tick(_ context: TickContext) throws -> TickAnswer { playout.tick(context) }
    public var targetDelayMs: Double? { playout.estimator.hasEstimate ? playout.estimator.targetDelayMs : nil }
}
