import ChannelModels

/// A jitter buffer decides when each packet is played and which arrive too late.
public protocol JitterBuffer: Sendable {
    /// Schedules packets sent every `ptimeMs` (in seq order) given what the network delivered. `talkspurtStarts`
    /// (one flag per packet) says where the sender's talkspurts begin, where an adaptive buffer may change its delay;
    /// nil means "cut the run into fixed-length talkspurts" (the buffer's `talkspurtMs`).
    func playout(_ arrivals: [PacketArrival], ptimeMs: Double, talkspurtStarts: [Bool]?) -> PlayoutSchedule
}

extension JitterBuffer {
    public func playout(_ arrivals: [PacketArrival], ptimeMs: Double) -> PlayoutSchedule {
        playout(arrivals, ptimeMs: ptimeMs, talkspurtStarts: nil)
    }

    /// The events alone.
    public func schedule(_ arrivals: [PacketArrival], ptimeMs: Double) -> [PlayoutEvent] {
        playout(arrivals, ptimeMs: ptimeMs).events
    }
}

/// A fixed-depth buffer (../shared/MODELS.md §4.1): packet i plays at anchor + i·ptime + depth, and a packet
/// arriving after that deadline is discarded as late.
///
/// The anchor is the first packet that arrives, as a real fixed buffer anchors (its deadline is its arrival plus
/// the depth, referred back to seq 0 by the send clock). MODELS.md warns that this makes late loss depend on the
/// first packet's delay; `anchor: .nominal(latencyMs)` anchors on a known base delay instead (for tests).
public struct FixedJitterBuffer: JitterBuffer {
    public enum Anchor: Sendable, Equatable {
        case firstArrival
        case nominal(baseDelayMs: Double)
    }

    public var depthMs: Double
    public var anchor: Anchor

    public init(depthMs: Double, anchor: Anchor = .firstArrival) {
        self.depthMs = depthMs
        self.anchor = anchor
    }

    public func playout(_ arrivals: [PacketArrival], ptimeMs: Double, talkspurtStarts: [Bool]?) -> PlayoutSchedule {
        let baseDelay: Double
        switch anchor {
        case .nominal(let delay):
            baseDelay = delay
        case .firstArrival:
            // The first packet to reach the receiver (earliest arrival) sets the clock.
            let first = arrivals.filter { !$0.isLost }.min { $0.arrivalMs! < $1.arrivalMs! }
            baseDelay = first.map { $0.arrivalMs! - $0.sendMs } ?? 0
        }
        let events = arrivals.map { packet in
            let deadline = packet.sendMs + baseDelay + depthMs
            let fate: PacketFate
            if let arrival = packet.arrivalMs {
                fate = arrival <= deadline ? .played : .late
            } else {
                fate = .lost
            }
            return PlayoutEvent(seq: packet.seq, fate: fate, playoutMs: deadline)
        }
        return PlayoutSchedule(events: events)
    }
}
