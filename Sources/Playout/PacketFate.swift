/// What the receiver did with each packet. Late and lost packets are statistics, not errors.
public enum PacketFate: String, Sendable, Codable, Equatable {
    /// Arrived in time and was played out.
    case played
    /// Arrived after its playout deadline and was discarded (counts in Ppl and late-loss rate).
    case late
    /// Never arrived.
    case lost
}

/// A packet's fate with its playout time (the deadline, whether met or not).
public struct PlayoutEvent: Sendable, Equatable {
    public var seq: Int
    public var fate: PacketFate
    public var playoutMs: Double

    public init(seq: Int, fate: PacketFate, playoutMs: Double) {
        self.seq = seq
        self.fate = fate
        self.playoutMs = playoutMs
    }
}

/// A jitter buffer's whole output for a run: each packet's event plus what the buffer did on the way.
public struct PlayoutSchedule: Sendable, Equatable {
    public var events: [PlayoutEvent]
    /// Changes of the playout delay of 1 ms or more (talkspurt re-anchoring or time stretching).
    public var adaptations: Int
    /// Buffering target (ms above the base delay estimate) after the last packet; nil for a fixed buffer.
    public var finalTargetMs: Double?

    public init(events: [PlayoutEvent], adaptations: Int = 0, finalTargetMs: Double? = nil) {
        self.events = events
        self.adaptations = adaptations
        self.finalTargetMs = finalTargetMs
    }
}
