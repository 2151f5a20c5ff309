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
public struct PlayoutRun: Sendable {
    public var ticks: [PlayoutTick]
    public var schedule: PlayoutSchedule

    public init(ticks: [PlayoutTick], schedule: PlayoutSchedule) {
        self.ticks = ticks
        self.schedule = schedule
    }

    public func count(_ matches: (ReceiverDecision) -> Bool) -> Int { ticks.filter { matches($0.decision) }.count }
    public var removedMs: Double { ticks.reduce(0) { $0 + $1.removedMs } }
    public var insertedMs: Double { ticks.reduce(0) { $0 + $1.insertedMs } }
    public var concealedMs: Double { ticks.reduce(0) { $0 + $1.concealedMs } }
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

    public static func run<B: JitterBuffer, M: PlayoutMedia>(_ buffer: B, arrivals: [PacketArrival], stream: ReceiverStream,
                                                             talkspurtStarts: [Bool]?, activity: [Bool]?,
                                                             media: inout M) throws -> PlayoutRun {
        precondition(talkspurtStarts == nil || talkspurtStarts!.count == arrivals.count, "one talkspurt flag per packet")
        var buffer = buffer
        let ptime = stream.ptimeMs
        try buffer.start(stream)
        let order = arrivals.indices.filter { arrivals[$0].arrivalMs != nil }
            .sorted { (arrivals[$0].arrivalMs!, $0) < (arrivals[$1].arrivalMs!, $1) }
        var ticks: [PlayoutTick] = []
        ticks.reserveCapacity(arrivals.count + arrivals.count / 8 + 16)
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
            while next < order.count, arrivals[order[next]].arrivalMs! <= now {
                let index = order[next]
                buffer.receive(ReceivedPacket(seq: arrivals[index].seq, sendMs: arrivals[index].sendMs, arrivalMs: arrivals[index].arrivalMs!,
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
            var drops = answer.drops
            if case .drop(let seq) = answer.decision, !drops.contains(seq) { drops.append(seq) }
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
            for seq in drops { try resolve(seq, inOrder: false) }
            for seq in answer.skips { try resolve(seq, inOrder: true) }
            if let seq = answer.decision.playedSeq { try resolve(seq, inOrder: true) }
            if let second { try resolve(second, inOrder: true) }
            for (j, seq) in answer.skips.enumerated() { playoutMs[seq] = now + sync + Double(j) * ptime }
            // The tick's record is built once at the end, from these (building it first and filling it in copied it
            // into `ticks`; issue 16, runcost3).
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
            ticks.append(PlayoutTick(index: k, nowMs: now, decision: answer.decision, drops: drops, syncMs: syncBefore,
                                     removedMs: removedMs, insertedMs: insertedMs, concealedMs: concealedMs,
                                     skips: answer.skips, targetDelayMs: buffer.targetDelayMs))
            sync -= ptime
            if sync < 1e-9 { sync = 0 }
            if next == order.count && (resolvedCount == order.count || now >= lastTickMs) { break }
            k += 1
        }
        buffer.finish(ticks: ticks.count)
        var schedule = PlayoutSchedule(arrivals: arrivals, playoutMs: playoutMs)
        schedule.finalTargetMs = buffer.targetDelayMs
        return PlayoutRun(ticks: ticks, schedule: schedule)
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
    public init(arrivals: [PacketArrival], playoutMs: [Double?]) {
        var nominal = [Double?](repeating: nil, count: arrivals.count)
        var offset: Double? = nil
        var adaptations = 0
        for (index, packet) in arrivals.enumerated() {
            if let time = playoutMs[index] {
                let now = time - packet.sendMs
                if let offset, abs(now - offset) >= 1 { adaptations += 1 }
                offset = now
            }
            nominal[index] = offset.map { packet.sendMs + $0 }
        }
        offset = nil
        for index in arrivals.indices.reversed() {
            if let time = playoutMs[index] { offset = time - arrivals[index].sendMs }
            if nominal[index] == nil { nominal[index] = arrivals[index].sendMs + (offset ?? 0) }
        }
        let events = arrivals.enumerated().map { index, packet in
            PlayoutEvent(seq: packet.seq, fate: playoutMs[index] != nil ? .played : (packet.isLost ? .lost : .late),
                         playoutMs: playoutMs[index] ?? nominal[index]!)
        }
        self.init(events: events, adaptations: adaptations)
    }
}
