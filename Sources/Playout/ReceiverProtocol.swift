import PacketTraces
import ChannelModels

/// One packet as the receiver sees it when it arrives: what an RTP receiver reads off the wire (sequence number,
/// timestamp as the sender's media time, marker) plus its arrival time on the virtual clock.
public struct ReceivedPacket: Sendable, Equatable {
    public var seq: Int
    /// The sender's media time of the packet's first sample (RTP timestamp in ms), ms.
    public var sendMs: Double
    public var arrivalMs: Double
    /// RTP marker: the first packet of a talkspurt (RFC 3551 §4.1).
    public var marker: Bool
    /// The sender's voice-activity flag: false for a packet a sender with silence suppression would not have sent
    /// (comfort noise). An adaptive buffer may discard such packets to shorten a silence gap.
    public var active: Bool

    public init(seq: Int, sendMs: Double, arrivalMs: Double, marker: Bool, active: Bool = true) {
        self.seq = seq
        self.sendMs = sendMs
        self.arrivalMs = arrivalMs
        self.marker = marker
        self.active = active
    }
}

/// What a receiver is told about the stream before the first tick.
public struct ReceiverStream: Sendable, Equatable {
    public var codec: String
    public var payloadType: UInt8
    public var sampleRate: Int
    /// RTP timestamp units per second (RFC 3551: 8000 for G.722 although it samples at 16 kHz).
    public var rtpClockRate: Int
    public var ptimeMs: Double
    /// Packets the sender sends (lost ones included).
    public var packets: Int
    /// Whether markers come from the sender's voice activity (`moslab run`); false when there is no audio and the
    /// buffer should cut the stream into its own fixed-length talkspurts (`moslab network`).
    public var talkspurtsMarked: Bool

    public init(codec: String = "", payloadType: UInt8 = 0, sampleRate: Int = 8000, rtpClockRate: Int = 8000,
                ptimeMs: Double, packets: Int = 0, talkspurtsMarked: Bool = false) {
        self.codec = codec
        self.payloadType = payloadType
        self.sampleRate = sampleRate
        self.rtpClockRate = rtpClockRate
        self.ptimeMs = ptimeMs
        self.packets = packets
        self.talkspurtsMarked = talkspurtsMarked
    }

    /// RTP timestamp increment per packet.
    public var timestampStep: Int { Int((ptimeMs * Double(rtpClockRate) / 1000).rounded()) }
}

/// The receiver's state at a tick, as a buffer may read it (NetEq's decision logic reads the sync buffer level).
public struct TickContext: Sendable, Equatable {
    /// Tick number from 0; ticks are `ptime` apart on the virtual clock.
    public var index: Int
    public var nowMs: Double
    /// Decoded audio queued for output, not yet played (NetEq's sync buffer), ms. What this tick decides starts
    /// playing at `nowMs + syncMs`.
    public var syncMs: Double
    /// The sender's media time of the next slot the audio continues with (the send time of the packet after the
    /// last one decoded, or of the next slot after a concealed one), ms; nil before anything was played.
    public var nextMediaMs: Double?

    public init(index: Int, nowMs: Double, syncMs: Double = 0, nextMediaMs: Double? = nil) {
        self.index = index
        self.nowMs = nowMs
        self.syncMs = syncMs
        self.nextMediaMs = nextMediaMs
    }

    /// The playout offset (playout − send) the next media slot gets if it is decoded at this tick.
    public var currentOffsetMs: Double? { nextMediaMs.map { nowMs + syncMs - $0 } }
}

/// A buffer's decision for one tick (NetEq's `Operation`; the external protocol's answers).
public enum ReceiverDecision: Sendable, Equatable {
    /// Decode packet `seq` into this frame (NetEq kNormal).
    case play(seq: Int)
    /// Decode `seq` after concealment, smoothing the join (NetEq kMerge); on the time line as `play`.
    case merge(seq: Int)
    /// Decode `seq` and time-compress the audio: up to `ms` of speech removed (NetEq kAccelerate). nil `ms`: the
    /// receiver's default (one pitch period of at most 15 ms).
    case accelerate(seq: Int, ms: Double?)
    /// Decode `seq` and time-expand the audio: up to `ms` inserted (NetEq kPreemptiveExpand).
    case preemptiveExpand(seq: Int, ms: Double?)
    /// The next packet is missing: conceal its slot and move past it (it counts as late if it arrives later).
    case conceal
    /// Play no packet and do not move on: stretch what was played (NetEq kExpand while waiting); the playout delay
    /// grows by one frame.
    case expand
    /// Discard packet `seq` and play nothing new this tick.
    case drop(seq: Int)
    /// Decode nothing: the sync buffer already holds this tick's frame (after an accelerate or a preemptive expand;
    /// NetEq's kNormal without a new packet). With less than a frame queued, the rest is concealed (an underrun).
    case idle

    /// The packet this decision decodes, if any.
    public var playedSeq: Int? {
        switch self {
        case .play(let seq), .merge(let seq), .accelerate(let seq, _), .preemptiveExpand(let seq, _): return seq
        default: return nil
        }
    }

    /// The external protocol's name of the decision.
    public var name: String {
        switch self {
        case .play: return "play"
        case .merge: return "merge"
        case .accelerate: return "accelerate"
        case .preemptiveExpand: return "preemptive_expand"
        case .conceal: return "conceal"
        case .expand: return "expand"
        case .drop: return "drop"
        case .idle: return "idle"
        }
    }
}

/// One tick's answer: the decision plus packets discarded with it.
public struct TickAnswer: Sendable, Equatable {
    public var decision: ReceiverDecision
    /// Packets discarded as late (they count in the late loss).
    public var drops: [Int]
    /// Silent packets skipped to shorten a silence gap: they take no time and no audio, and count as played in
    /// time (a sender with silence suppression would not have sent them). Built-in adaptive buffers only.
    public var skips: [Int]

    public init(_ decision: ReceiverDecision, drops: [Int] = [], skips: [Int] = []) {
        self.decision = decision
        self.drops = drops
        self.skips = skips
    }
}

/// The one receiver protocol every jitter buffer speaks, built-in or external (docs/jitter-buffer-protocol.md):
/// the receiver drives it on a virtual clock, one tick per packet time, as NetEq's `GetAudio` is driven every 10 ms.
///
/// Before tick k the buffer has been given exactly the packets whose arrival ≤ tick k's `nowMs` (in arrival order,
/// ties in send order) and nothing else; its decision can therefore depend on nothing that arrives later. This is
/// what makes a receiver causal by construction (tested on random traces: decisions before any cut time do not
/// change when what arrives after the cut is changed or removed).
public protocol JitterBuffer: Sendable {
    /// Called once before the first packet. Throws when the buffer cannot start (an external process).
    mutating func start(_ stream: ReceiverStream) throws
    /// A packet arrived (at or before the next tick's `nowMs`).
    mutating func receive(_ packet: ReceivedPacket)
    /// Decides tick `context.index`.
    mutating func tick(_ context: TickContext) throws -> TickAnswer
    /// Where the tick clock starts after the first arrival, ms (0 ≤ phase < ptime): the audio device opens when
    /// the first packet arrives, and a fixed buffer of depth 50 ms at 20 ms packets plays on a grid 10 ms later.
    /// Ticks are at first arrival + phase + k·ptime.
    func clockPhaseMs(firstSendMs: Double, firstArrivalMs: Double, ptimeMs: Double) -> Double
    /// The buffering the buffer aims for now (above its base delay estimate), ms; nil for a fixed buffer.
    var targetDelayMs: Double? { get }
    /// The run is over (the external process is told `bye`).
    mutating func finish(ticks: Int)
    /// The error a protocol violation at a tick becomes (an external buffer names itself and quotes its answer).
    func failure(_ message: String) -> any Error
}

extension JitterBuffer {
    public func clockPhaseMs(firstSendMs: Double, firstArrivalMs: Double, ptimeMs: Double) -> Double { 0 }
    public var targetDelayMs: Double? { nil }
    public mutating func start(_ stream: ReceiverStream) throws {}
    public mutating func finish(ticks: Int) {}

    /// Drives the buffer over `arrivals` (one per packet, in seq order) without audio: the schedule.
    /// `talkspurtStarts` sets the RTP marker and voice activity (nil: marker on packet 0 only, every packet active).
    public func playout(_ arrivals: [PacketArrival], ptimeMs: Double, talkspurtStarts: [Bool]? = nil,
                        activity: [Bool]? = nil) -> PlayoutSchedule {
        let stream = ReceiverStream(ptimeMs: ptimeMs, packets: arrivals.count, talkspurtsMarked: talkspurtStarts != nil)
        // Only the schedule is returned, so the ticks are not recorded (their records were 2 M × 100 bytes in the
        // network bench: page faults and copies for nothing); the decisions are the same either way.
        var media = NominalMedia()
        do {
            return try PlayoutDriver.run(self, arrivals: arrivals, stream: stream, talkspurtStarts: talkspurtStarts,
                                         activity: activity, media: &media, recordsTicks: false).schedule
        } catch {
            preconditionFailure("a built-in buffer broke the receiver protocol: \(error)")
        }
    }

    /// The events alone.
    public func schedule(_ arrivals: [PacketArrival], ptimeMs: Double) -> [PlayoutEvent] {
        playout(arrivals, ptimeMs: ptimeMs).events
    }
}
