/// What became of each packet of a run — the one fate enum of the lab: the receiver's schedule, the per-packet CSV
/// (`PacketTraceCSV`) and its reader (`ChannelTrace`), the report's trace (`PacketTrace`), `moslab network`, and the
/// RFC 3611 burst/gap metrics (`RFC3611Metrics`: played = received, late = discarded, lost = lost; a capture, which
/// sees no playout, counts what arrived as played). Late and lost packets are statistics, not errors.
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
