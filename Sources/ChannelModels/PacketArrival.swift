/// One packet as the network delivered it: when it was sent and when (if ever) it arrived.
/// Lost packets are statistics, not errors: `arrivalMs == nil`.
public struct PacketArrival: Sendable, Equatable {
    public var seq: Int
    public var sendMs: Double
    public var arrivalMs: Double?

    public init(seq: Int, sendMs: Double, arrivalMs: Double?) {
        self.seq = seq
        self.sendMs = sendMs
        self.arrivalMs = arrivalMs
    }

    public var isLost: Bool { arrivalMs == nil }
    /// One-way network delay, when the packet arrived.
    public var delayMs: Double? { arrivalMs.map { $0 - sendMs } }
}
