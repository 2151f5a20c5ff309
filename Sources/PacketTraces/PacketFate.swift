/// What became of each packet of a run — the one fate enum of the lab: the receiver's schedule, the per-packet CSV
/// (`PacketTraceCSV`), the report's trace (`PacketTrace`) and `moslab network` all use it.
/// Late and lost packets are statistics, not errors.
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
