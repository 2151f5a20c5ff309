import LabCore

/// The simulated network path: a delay model, a loss model and an ordering policy, plus optional delay spikes and
/// a congested bottleneck, each stochastic part drawing from its own stream derived from the master seed
/// (`network.delay`, `network.loss`, `network.spikes`, `network.cross`), so that changing the jitter never changes
/// which packets are lost, and the receiver's settings (jitter buffer, concealment) never change either.
public struct NetworkChannel: Sendable {
    public var delay: any DelayModel
    public var loss: any LossModel
    /// When false (the default), a packet never overtakes the one sent before it: its arrival is held until the
    /// previous one has arrived (a FIFO queue, MODELS.md §3.2). When true, arrivals may reorder.
    public var allowsReordering: Bool
    public var spikes: DelaySpikes?
    public var bottleneck: BottleneckLink?
    /// Draw seeded candidates until the realised loss is within tolerance of the model's (see `LossMatch`).
    public var lossMatch: LossMatch?
    /// Codec-fair timeline: when set, loss and delay are drawn per `gridMs` slot of time (WebRTC NetEq's quality
    /// test uses 10 ms) and mapped onto packets: a packet is lost when any slot it spans is lost, and takes the delay
    /// of the slot it is sent in. The same seed then gives every packetization the same outages.
    public var timelineGridMs: Double?

    public init(delay: any DelayModel, loss: any LossModel, allowsReordering: Bool = false, spikes: DelaySpikes? = nil,
                bottleneck: BottleneckLink? = nil, lossMatch: LossMatch? = nil, timelineGridMs: Double? = nil) {
        self.delay = delay
        self.loss = loss
        self.allowsReordering = allowsReordering
        self.spikes = spikes
        self.bottleneck = bottleneck
        self.lossMatch = lossMatch
        self.timelineGridMs = timelineGridMs
    }

    /// What a channel run produced besides the arrivals.
    public struct Run: Sendable {
        public var arrivals: [PacketArrival]
        /// With `lossMatch`: the candidate used (0 = the plain `network.loss` stream) and whether it met the tolerance.
        public var matchCandidate: Int?
        public var matchWithinTolerance: Bool?
        /// Packets dropped at the bottleneck's queue (included in the lost packets).
        public var tailDrops: Int
    }

    /// Sends packets at `sendTimesMs` (seq = index) and returns what arrives when.
    public func transmit(sendTimesMs: [Double], seed: UInt64) -> [PacketArrival] {
        run(sendTimesMs: sendTimesMs, seed: seed).arrivals
    }

    /// Sends packets at `sendTimesMs` (seq = index, non-decreasing times). `packetDurationMs` (default: the send
    /// spacing) is what a packet spans on the codec-fair timeline.
    public func run(sendTimesMs: [Double], packetDurationMs: Double? = nil, seed: UInt64) -> Run {
        let count = sendTimesMs.count
        let duration = packetDurationMs ?? (count > 1 ? sendTimesMs[1] - sendTimesMs[0] : (timelineGridMs ?? 20))
        var matchCandidate: Int? = nil
        var matchOK: Bool? = nil

        // Loss: per packet, or per slot of the codec-fair timeline.
        let lossUnits: Int
        if let grid = timelineGridMs, count > 0 {
            lossUnits = Int(((sendTimesMs[count - 1] + duration) / grid).rounded(.up)) + 1
        } else {
            lossUnits = count
        }
        var lostUnits: [Bool]
        if let match = lossMatch {
            (lostUnits, matchCandidate, matchOK) = match.select(model: loss, count: lossUnits, seed: seed)
        } else {
            lostUnits = LossMatch.draw(model: loss, count: lossUnits, random: SeededRandom(seed: seed, stream: "network.loss"))
        }

        let (arrivals, tailDrops) = Self.deliver(sendTimesMs: sendTimesMs, duration: duration, lostUnits: lostUnits,
                                                 delay: delay, seed: seed, grid: timelineGridMs, spikes: spikes,
                                                 bottleneck: bottleneck, allowsReordering: allowsReordering)
        return Run(arrivals: arrivals, matchCandidate: matchCandidate, matchWithinTolerance: matchOK, tailDrops: tailDrops)
    }

    /// The per-packet loop, generic so the delay model is opened once rather than boxed on every call; specialised for
    /// the general model, so its draw is inlined rather than called through the witness table (the same code).
    @_specialize(where D == JitterDelay)
    static func deliver<D: DelayModel>(sendTimesMs: [Double], duration: Double, lostUnits: [Bool], delay: D, seed: UInt64,
                                       grid timelineGridMs: Double?, spikes: DelaySpikes?, bottleneck: BottleneckLink?,
                                       allowsReordering: Bool) -> ([PacketArrival], Int) {
        let count = sendTimesMs.count
        let lossUnits = lostUnits.count
        var delayRandom = SeededRandom(seed: seed, stream: "network.delay")
        var delayModel = delay
        var slotDelays: [Double] = []
        if let grid = timelineGridMs {
            slotDelays = (0..<lossUnits).map { slot in delayModel.nextDelayMs(sendMs: Double(slot) * grid, using: &delayRandom) }
        }
        var spikeProcess = spikes.map { DelaySpikes.Process($0, seed: seed) }
        var link = bottleneck.map { BottleneckLink.Process($0, seed: seed) }
        var tailDrops = 0

        var arrivals: [PacketArrival] = []
        arrivals.reserveCapacity(count)
        var lastArrival = -Double.infinity
        for seq in 0..<count {
            let send = sendTimesMs[seq]
            var lost: Bool
            var delayMs: Double
            if let grid = timelineGridMs {
                let first = max(0, Int((send / grid).rounded(.down)))
                let last = max(first, Int(((send + duration) / grid).rounded(.up)) - 1)
                lost = false
                for slot in first...min(last, lossUnits - 1) where lostUnits[slot] { lost = true; break }
                delayMs = slotDelays[min(first, lossUnits - 1)]
            } else {
                // Every packet draws its delay, lost or not, so the streams stay aligned across settings.
                delayMs = delayModel.nextDelayMs(sendMs: send, using: &delayRandom)
                lost = lostUnits[seq]
            }
            if spikeProcess != nil { delayMs += spikeProcess!.extraDelay(at: send) }
            if link != nil {
                if let queueing = link!.enter(at: send) {
                    delayMs += queueing
                } else if !lost {
                    lost = true
                    tailDrops += 1
                }
            }
            var arrival = send + delayMs
            if !allowsReordering {
                arrival = max(arrival, lastArrival)
                if !lost { lastArrival = arrival }
            }
            arrivals.append(PacketArrival(seq: seq, sendMs: send, arrivalMs: lost ? nil : arrival))
        }
        return (arrivals, tailDrops)
    }

    /// Packets sent every `ptimeMs` from time 0.
    public static func sendTimes(packets: Int, ptimeMs: Double) -> [Double] {
        (0..<packets).map { Double($0) * ptimeMs }
    }
}

/// Realised-loss matching (the ITU-T G.191 `gen-patt -tol` idea): an 8 s clip may realise 1 % when 3 % was asked.
/// Candidates are drawn deterministically — candidate 0 from the `network.loss` stream, candidate k from
/// `network.loss.match.k` — until one has a realised loss rate and mean burst length both within `tolerance`
/// (relative) of the model's stationary values. If none does within `maxCandidates`, the closest is used and the
/// run says so.
public struct LossMatch: Sendable, Hashable {
    public var tolerance: Double
    public var maxCandidates: Int

    public init(tolerance: Double, maxCandidates: Int = 1000) {
        self.tolerance = tolerance
        self.maxCandidates = maxCandidates
    }

    public func validate() throws {
        guard tolerance > 0, tolerance < 1 else { throw InputError("match tolerance \(tolerance) must be in (0, 1)", hint: "0.05 = within 5 %") }
        guard maxCandidates >= 1 else { throw InputError("match max_candidates must be ≥ 1") }
    }

    static func draw(model: any LossModel, count: Int, random: SeededRandom) -> [Bool] {
        drawTyped(model: model, count: count, random: random)
    }

    /// Specialised for Gilbert–Elliott (the same code, its draw inlined instead of called through the witness table).
    @_specialize(where L == GilbertElliottLoss)
    static func drawTyped<L: LossModel>(model: L, count: Int, random: SeededRandom) -> [Bool] {
        var model = model
        var random = random
        var flags = [Bool](repeating: false, count: count)
        for i in 0..<count { flags[i] = model.nextIsLost(using: &random) }
        return flags
    }

    func select(model: any LossModel, count: Int, seed: UInt64) -> ([Bool], Int, Bool) {
        let targetRate = model.stationaryLossRate
        let targetBurst = model.meanBurstLength
        var best: (flags: [Bool], index: Int, error: Double)? = nil
        for k in 0..<maxCandidates {
            let label = k == 0 ? "network.loss" : "network.loss.match.\(k)"
            let flags = Self.draw(model: model, count: count, random: SeededRandom(seed: seed, stream: label))
            let stats = LossPatternStatistics(lostFlags: flags)
            let rateError = targetRate > 0 ? abs(stats.lossRate - targetRate) / targetRate : stats.lossRate
            let burstError = targetBurst > 0 && targetBurst.isFinite ? abs(stats.meanBurstLength - targetBurst) / targetBurst : 0
            let error = max(rateError, burstError)
            if error <= tolerance { return (flags, k, true) }
            if best == nil || error < best!.error { best = (flags, k, error) }
        }
        return (best!.flags, best!.index, false)
    }
}
