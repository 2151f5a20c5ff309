import PacketTraces
import ChannelModels
import LabCore

/// One tick of a run: what the buffer decided and what it did to the sync buffer.
public struct PlayoutTick: Sendable, Equatable {
    public var index: Int
    public var nowMs: Double
    public var decision: ReceiverDecision
    /// Packets discarded with this answer (its drop list, and the packet of a `drop` decision).
    public var drops: [Int]
    /// Silent packets skipped (no time, no audio).
    public var skips: [Int] = []
    /// Audio queued before this tick's decision (the decided media starts at `nowMs + syncMs`), ms.
    public var syncMs: Double
    /// Speech removed (accelerate) and inserted (preemptive expand) by this tick, ms.
    public var removedMs: Double
    public var insertedMs: Double
    /// Concealment generated at this tick (conceal, expand, or an underrun filled when too little was decoded), ms.
    public var concealedMs: Double
    /// The buffer's target delay after this tick, ms (nil before it has one).
    public var targetDelayMs: Double?

    public init(index: Int, nowMs: Double, decision: ReceiverDecision, drops: [Int], syncMs: Double = 0,
                removedMs: Double = 0, insertedMs: Double = 0, concealedMs: Double = 0, skips: [Int] = [], targetDelayMs: Double? = nil) {
        self.index = index
        self.nowMs = nowMs
        self.decision = decision
        self.drops = drops
        self.syncMs = syncMs
        self.removedMs = removedMs
        self.insertedMs = insertedMs
        self.concealedMs = concealedMs
        self.skips = skips
        self.targetDelayMs = targetDelayMs
    }
}

/// The audio half of the receiver, driven by the same decisions: decode into the sync buffer, stretch, conceal,
/// and play one frame per tick. What a stretch actually did is returned: WSOLA may remove or insert less than the
/// buffer asked for (no pitch period found, correlation too low), so the time line follows the audio.
public protocol PlayoutMedia {
    /// `play` / `merge`: decode packet `seq` into the queue.
    mutating func play(_ seq: Int) throws
    /// Decode `seqs` (two packets) and remove up to `maxMs`; returns the ms removed.
    mutating func accelerate(_ seqs: [Int], maxMs: Double) throws -> Double
    /// Decode `seq` and insert up to `maxMs`; returns the ms inserted.
    mutating func preemptiveExpand(_ seq: Int, maxMs: Double) throws -> Double
    /// `ms` of concealment into the queue: a missing packet's slot (`consumesSlot`) or stretching while waiting.
    mutating func conceal(ms: Double, consumesSlot: Bool) throws
    /// One tick plays `ms` from the queue.
    mutating func output(ms: Double)
}

/// Without audio (`moslab network`) a stretch does exactly what the buffer asked.
public struct NominalMedia: PlayoutMedia {
    public init() {}
    public mutating func play(_ seq: Int) throws {}
    public mutating func accelerate(_ seqs: [Int], maxMs: Double) throws -> Double { maxMs }
    public mutating func preemptiveExpand(_ seq: Int, maxMs: Double) throws -> Double { maxMs }
    public mutating func conceal(ms: Double, consumesSlot: Bool) throws {}
    public mutating func output(ms: Double) {}
}

/// Everything a buffer's run produced without audio: the ticks and each packet's fate and playout time.
///
/// The ticks are kept as records without their packet lists, and the lists of all ticks end to end: a run holds
/// three arrays instead of two per tick, whose retains and releases as each tick was recorded, copied and freed were
/// a fifth of the playout driver's cost (issue 16, fifth pass). `ticks` rebuilds the `PlayoutTick`s.
public struct PlayoutRun: Sendable {
    /// A tick's `PlayoutTick` fields but its drops and skips, which are `dropList[previous dropsEnd..<dropsEnd]`
    /// and `skipList[previous skipsEnd..<skipsEnd]`.
    struct Record: Sendable {
        var index: Int
        var nowMs: Double
        var decision: ReceiverDecision
        var syncMs: Double
        var removedMs: Double
        var insertedMs: Double
        var concealedMs: Double
        var targetDelayMs: Double?
        var dropsEnd: Int
        var skipsEnd: Int
    }

    var records: [Record]
    var dropList: [Int]
    var skipList: [Int]
    public var schedule: PlayoutSchedule

    public init(ticks: [PlayoutTick], schedule: PlayoutSchedule) {
        var dropList: [Int] = [], skipList: [Int] = []
        records = ticks.map { tick in
            dropList += tick.drops
            skipList += tick.skips
            return Record(index: tick.index, nowMs: tick.nowMs, decision: tick.decision, syncMs: tick.syncMs,
                          removedMs: tick.removedMs, insertedMs: tick.insertedMs, concealedMs: tick.concealedMs,
                          targetDelayMs: tick.targetDelayMs, dropsEnd: dropList.count, skipsEnd: skipList.count)
        }
        self.dropList = dropList
        self.skipList = skipList
        self.schedule = schedule
    }

    init(records: [Record], dropList: [Int], skipList: [Int], schedule: PlayoutSchedule) {
        self.records = records
        self.dropList = dropList
        self.skipList = skipList
        self.schedule = schedule
    }

    /// Every tick of the run, in order.
    public var ticks: [PlayoutTick] {
        var dropsStart = 0, skipsStart = 0
        return records.map { record in
            defer { (dropsStart, skipsStart) = (record.dropsEnd, record.skipsEnd) }
            return PlayoutTick(index: record.index, nowMs: record.nowMs, decision: record.decision,
                               drops: Array(dropList[dropsStart..<record.dropsEnd]), syncMs: record.syncMs,
                               removedMs: record.removedMs, insertedMs: record.insertedMs, concealedMs: record.concealedMs,
                               skips: Array(skipList[skipsStart..<record.skipsEnd]), targetDelayMs: record.targetDelayMs)
        }
    }

    public var tickCount: Int { records.count }
    public func count(_ matches: (ReceiverDecision) -> Bool) -> Int { records.filter { matches($0.decision) }.count }
    public var removedMs: Double { records.reduce(0) { $0 + $1.removedMs } }
    public var insertedMs: Double { records.reduce(0) { $0 + $1.insertedMs } }
    public var concealedMs: Double { records.reduce(0) { $0 + $1.concealedMs } }
}

/// A receiver protocol violation (a packet played twice, one not delivered yet, an accelerate with nothing to
/// compress): one line naming the tick and the decision.
public struct ReceiverError: LabError, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Walks the virtual clock for one buffer: the receiver half of `ReceiverRun`.
///
/// Tick k is at `first arrival + phase + k·ptime`. Before each tick the buffer receives every packet whose arrival
/// ≤ now (arrival order, ties in send order), then decides. The driver keeps NetEq's sync buffer level in ms:
/// `play` adds one frame, `accelerate` decodes two and removes what the audio stage removed, `preemptive_expand`
/// adds a frame plus what was inserted, `conceal`/`expand` add a frame of concealment; each tick plays one frame, and
/// a decision that left less than a frame queued is topped up with concealment (an underrun). A packet plays at
/// `now + sync` of the tick that decoded it. The run ends when every packet that arrived is played or dropped, or
/// `drainMs` after the last arrival (packets still held then count as late).
public enum PlayoutDriver {
    public static let drainMs = 2_000.0

    /// The most a stretch decision without an amount asks for: one pitch period of up to 15 ms (NetEq's
    /// accelerate/preemptive expand remove or insert one period of 2.5–15 ms), at most a packet.
    public static func defaultStretchMs(_ ptimeMs: Double) -> Double { min(15, ptimeMs) }

    public static func run(_ buffer: some JitterBuffer, arrivals: [PacketArrival], stream: ReceiverStream,
                           talkspurtStarts: [Bool]? = nil, activity: [Bool]? = nil) throws -> PlayoutRun {
        var media = NominalMedia()
        return try run(buffer, arrivals: arrivals, stream: stream, talkspurtStarts: talkspurtStarts, activity: activity, media: &media)
    }

    /// Drives `buffer` tick by tick over `arrivals` with `media`. `recordsTicks: false` keeps no tick records, for a
    /// caller that wants the schedule alone (`JitterBuffer.playout`): the decisions and the schedule are the same, but
    /// the run's `ticks`, `count`, `removedMs`, `insertedMs` and `concealedMs` are then empty or zero.
    ///
    /// Specialised for the built-in buffers with each kind of media (issue 16, fifth pass): callers reach this through
    /// an `any JitterBuffer` (`ScenarioSpec.runPlayout`), so without these the loop ran as unspecialised generic code,
    /// every buffer and media call through a witness table and every value through its value witnesses. The generic
    /// entry checks the types and jumps to the matching specialisation; the code is the same either way.
    @_specialize(where B == FixedJitterBuffer, M == DeferredReceiverAudio)
    @_specialize(where B == FixedJitterBuffer, M == ReceiverAudio)
    @_specialize(where B == FixedJitterBuffer, M == NominalMedia)
    @_specialize(where B == NetEqJitterBuffer, M == DeferredReceiverAudio)
    @_specialize(where B == NetEqJitterBuffer, M == ReceiverAudio)
    @_specialize(where B == NetEqJitterBuffer, M == NominalMedia)
    @_specialize(where B == RamjeeJitterBuffer, M == DeferredReceiverAudio)
    @_specialize(where B == RamjeeJitterBuffer, M == ReceiverAudio)
    @_specialize(where B == RamjeeJitterBuffer, M == NominalMedia)
    public static func run<B: JitterBuffer, M: PlayoutMedia>(_ buffer: B, arrivals: [PacketArrival], stream: ReceiverStream,
                                                             talkspurtStarts: [Bool]?, activity: [Bool]?,
                                                             media: inout M, recordsTicks: Bool = true) throws -> PlayoutRun {
        precondition(talkspurtStarts == nil || talkspurtStarts!.count == arrivals.count, "one talkspurt flag per packet")
        var buffer = buffer
        let ptime = stream.ptimeMs
        try buffer.start(stream)
        // The received packets in arrival order, ties in send order. Each arrival time is read once; when they already
        // rise with seq (a channel without reordering), seq order is that order and nothing is sorted. Otherwise the
        // same comparator sorts the same indices as before (the keys are distinct, so the order is unique).
        var arrivalTimes = [Double](repeating: 0, count: arrivals.count)
        var order: [Int] = []
        order.reserveCapacity(arrivals.count)
        var inArrivalOrder = true, latest = -Double.infinity
        for index in arrivals.indices {
            guard let time = arrivals[index].arrivalMs else { continue }
            arrivalTimes[index] = time
            if !(time >= latest) { inArrivalOrder = false }
            latest = time
            order.append(index)
        }
        if !inArrivalOrder {
            order.sort { (arrivalTimes[$0], $0) < (arrivalTimes[$1], $1) }
        }
        var records: [PlayoutRun.Record] = []
        if recordsTicks { records.reserveCapacity(arrivals.count + arrivals.count / 8 + 16) }
        var dropList: [Int] = [], skipList: [Int] = []
        var playoutMs = [Double?](repeating: nil, count: arrivals.count)
        guard let firstIndex = order.first else {
            buffer.finish(ticks: 0)
            return PlayoutRun(ticks: [], schedule: PlayoutSchedule(arrivals: arrivals, playoutMs: playoutMs))
        }
        let first = arrivals[firstIndex]
        let origin = first.arrivalMs! + buffer.clockPhaseMs(firstSendMs: first.sendMs, firstArrivalMs: first.arrivalMs!, ptimeMs: ptime)
        let lastTickMs = arrivals[order.last!].arrivalMs! + drainMs
        var delivered = [Bool](repeating: false, count: arrivals.count)
        var resolved = [Bool](repeating: false, count: arrivals.count)
        var resolvedCount = 0
        var lastPlayed = -1
        var next = 0
        var sync = 0.0
        var cursor: Int? = nil
        var k = 0
        func sendMs(_ seq: Int) -> Double { seq < arrivals.count ? arrivals[seq].sendMs : Double(seq) * ptime }
        // The optional flag arrays unwrapped once (a `map` closure per packet retained and released them; issue 16,
        // runcost3): the same flags.
        let startFlags = talkspurtStarts ?? [], activeFlags = activity ?? []
        let hasStartFlags = talkspurtStarts != nil, hasActiveFlags = activity != nil
        while true {
            let now = origin + Double(k) * ptime
            while next < order.count, arrivalTimes[order[next]] <= now {
                let index = order[next]
                buffer.receive(ReceivedPacket(seq: arrivals[index].seq, sendMs: arrivals[index].sendMs, arrivalMs: arrivalTimes[index],
                                              marker: hasStartFlags ? startFlags[index] : index == 0,
                                              active: hasActiveFlags ? activeFlags[index] : true))
                delivered[index] = true
                next += 1
            }
            let context = TickContext(index: k, nowMs: now, syncMs: sync, nextMediaMs: cursor == nil ? nil : sendMs(cursor!))
            let answer = try buffer.tick(context)
            func fail(_ why: String) -> any Error {
                buffer.failure("tick \(k) (now_ms \(ExternalJitterBuffer.number(now))): \(why)")
            }
            // Check every packet the answer names against what was delivered, then resolve it.
            var second: Int? = nil
            if case .accelerate(let seq, _) = answer.decision { second = seq + 1 }
            // The answer's drops, and the packet of a `drop` decision when they do not name it.
            var dropped: Int? = nil
            if case .drop(let seq) = answer.decision, !answer.drops.contains(seq) { dropped = seq }
            func resolve(_ seq: Int, inOrder: Bool) throws {
                guard seq >= 0, seq < arrivals.count, delivered[seq] else {
                    if let second, seq == second {
                        throw fail("accelerate \(seq - 1) needs packet \(seq) buffered too (it compresses two packets into less time); nothing else is buffered")
                    }
                    throw fail("packet \(seq) has not been delivered")
                }
                guard !resolved[seq] else { throw fail("packet \(seq) was already played or dropped") }
                if inOrder, seq <= lastPlayed { throw fail("packet \(seq) played after packet \(lastPlayed)") }
                resolved[seq] = true
                resolvedCount += 1
                if inOrder { lastPlayed = seq }
            }
            // Most answers name no drops or skips: their lists are walked only when they hold any (walking or appending an
            // empty array still retained and released it, and appending cost a call).
            if !answer.drops.isEmpty {
                for seq in answer.drops { try resolve(seq, inOrder: false) }
                dropList += answer.drops
            }
            if let dropped {
                try resolve(dropped, inOrder: false)
                dropList.append(dropped)
            }
            if !answer.skips.isEmpty {
                for seq in answer.skips { try resolve(seq, inOrder: true) }
            }
            if let seq = answer.decision.playedSeq { try resolve(seq, inOrder: true) }
            if let second { try resolve(second, inOrder: true) }
            if !answer.skips.isEmpty {
                for (j, seq) in answer.skips.enumerated() { playoutMs[seq] = now + sync + Double(j) * ptime }
                skipList += answer.skips
            }
            // The tick's record is built once at the end, from these (building it first and filling it in copied it
            // into the run; issue 16, runcost3).
            let syncBefore = sync
            var removedMs = 0.0, insertedMs = 0.0, concealedMs = 0.0
            switch answer.decision {
            case .play(let seq), .merge(let seq):
                try media.play(seq)
                playoutMs[seq] = now + sync
                sync += ptime
                cursor = seq + 1
            case .accelerate(let seq, let ms):
                let removed = max(0, min(ptime, try media.accelerate([seq, seq + 1], maxMs: ms ?? PlayoutDriver.defaultStretchMs(ptime))))
                playoutMs[seq] = now + sync
                playoutMs[seq + 1] = now + sync + ptime - removed
                sync += 2 * ptime - removed
                removedMs = removed
                cursor = seq + 2
            case .preemptiveExpand(let seq, let ms):
                let inserted = max(0, min(ptime, try media.preemptiveExpand(seq, maxMs: ms ?? PlayoutDriver.defaultStretchMs(ptime))))
                playoutMs[seq] = now + sync
                sync += ptime + inserted
                insertedMs = inserted
                cursor = seq + 1
            case .conceal:
                try media.conceal(ms: ptime, consumesSlot: true)
                sync += ptime
                concealedMs = ptime
                cursor = cursor.map { $0 + 1 }
            case .expand:
                try media.conceal(ms: ptime, consumesSlot: false)
                sync += ptime
                concealedMs = ptime
            case .drop, .idle:
                break
            }
            if sync < ptime {
                // Underrun: too little decoded for this frame; the rest is concealment.
                try media.conceal(ms: ptime - sync, consumesSlot: false)
                concealedMs += ptime - sync
                sync = ptime
            }
            media.output(ms: ptime)
            if recordsTicks {
                records.append(PlayoutRun.Record(index: k, nowMs: now, decision: answer.decision, syncMs: syncBefore, removedMs: removedMs,
                                                 insertedMs: insertedMs, concealedMs: concealedMs, targetDelayMs: buffer.targetDelayMs,
                                                 dropsEnd: dropList.count, skipsEnd: skipList.count))
            }
            sync -= ptime
            if sync < 1e-9 { sync = 0 }
            if next == order.count && (resolvedCount == order.count || now >= lastTickMs) { break }
            k += 1
        }
        buffer.finish(ticks: k + 1)
        var schedule = PlayoutSchedule(arrivals: arrivals, playoutMs: playoutMs)
        schedule.finalTargetMs = buffer.targetDelayMs
        return PlayoutRun(records: records, dropList: dropList, skipList: skipList, schedule: schedule)
    }
}

extension JitterBuffer {
    /// The error a protocol violation at a tick becomes (an external buffer names itself).
    public func failure(_ message: String) -> any Error { ReceiverError(message: "jitter buffer: \(message)") }
}

extension PlayoutSchedule {
    /// Per-packet events from the played times: a played packet plays at its time; every other packet is late (it
    /// arrived) or lost, with the nominal playout time of the nearest played packet's offset (the previous one, else
    /// the next), as a fixed buffer's deadline would be.
    ///
    /// One pass (issue 16, fifth pass): the next played packet's offset is needed only before the first played packet
    /// (after it there is always a previous one), and there it is the first played packet's.
    public init(arrivals: [PacketArrival], playoutMs: [Double?]) {
        var firstOffset: Double? = nil
        if let first = arrivals.indices.first(where: { playoutMs[$0] != nil }) { firstOffset = playoutMs[first]! - arrivals[first].sendMs }
        var events: [PlayoutEvent] = []
        events.reserveCapacity(arrivals.count)
        var offset: Double? = nil
        var adaptations = 0
        for (index, packet) in arrivals.enumerated() {
            if let time = playoutMs[index] {
                let now = time - packet.sendMs
                if let offset, abs(now - offset) >= 1 { adaptations += 1 }
                offset = now
                events.append(PlayoutEvent(seq: packet.seq, fate: .played, playoutMs: time))
            } else {
                let nominal = offset.map { packet.sendMs + $0 } ?? packet.sendMs + (firstOffset ?? 0)
                events.append(PlayoutEvent(seq: packet.seq, fate: packet.isLost ? .lost : .late, playoutMs: nominal))
            }
        }
        self.init(events: events, adaptations: adaptations)
    }
}
