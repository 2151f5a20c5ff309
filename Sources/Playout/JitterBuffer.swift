/// A fixed-depth buffer (../shared/MODELS.md §4.1): packet i plays at anchor + i·ptime + depth, and a packet
/// arriving after that deadline is discarded as late.
///
/// The anchor is the first packet that arrives, as a real fixed buffer anchors (its deadline is its arrival plus
/// the depth, referred back to seq 0 by the send clock). MODELS.md warns that this makes late loss depend on the
/// first packet's delay; `anchor: .nominal(latencyMs)` anchors on a known base delay instead (for tests).
///
/// Tick-driven: the clock's phase puts a tick on every deadline, so at tick k the due packet is a whole number of
/// packets after the anchor; it is played if it has arrived (arrival ≤ now = its deadline), its slot concealed
/// otherwise, and a packet arriving after its slot is dropped as late at the next tick.
public struct FixedJitterBuffer: JitterBuffer {
    public enum Anchor: Sendable, Equatable {
        case firstArrival
        case nominal(baseDelayMs: Double)
    }

    public var depthMs: Double
    public var anchor: Anchor

    // Run state.
    var ptimeMs = 20.0
    /// Packets held, by seq (a flag per packet: hashing a set per packet was most of this buffer's cost).
    var held: [Bool] = []
    var late: [Int] = []
    /// The seq due at tick 0 (it may be negative: the slots before packet 0).
    var dueAtTickZero: Int? = nil
    var due = 0

    public init(depthMs: Double, anchor: Anchor = .firstArrival) {
        self.depthMs = depthMs
        self.anchor = anchor
    }

    /// Whole packets of depth, and the rest as the clock phase.
    var depthPackets: Int { Int((depthMs / ptimeMs + 1e-9).rounded(.down)) }

    public func clockPhaseMs(firstSendMs: Double, firstArrivalMs: Double, ptimeMs: Double) -> Double {
        switch anchor {
        case .firstArrival:
            return max(0, depthMs - Double(Int((depthMs / ptimeMs + 1e-9).rounded(.down))) * ptimeMs)
        case .nominal(let base):
            // The first deadline on the grid send + base + depth at or after the first arrival.
            let offset = (base + depthMs - firstArrivalMs).truncatingRemainder(dividingBy: ptimeMs)
            return offset < -1e-9 ? offset + ptimeMs : max(0, offset)
        }
    }

    public mutating func start(_ stream: ReceiverStream) throws {
        ptimeMs = stream.ptimeMs
        held = [Bool](repeating: false, count: max(0, stream.packets))
        late = []
        dueAtTickZero = nil
    }

    public mutating func receive(_ packet: ReceivedPacket) {
        if dueAtTickZero == nil {
            switch anchor {
            case .firstArrival:
                dueAtTickZero = packet.seq - depthPackets
            case .nominal(let base):
                // Tick 0 is the first deadline at or after this arrival: the seq whose deadline it is.
                let tickZero = packet.arrivalMs + clockPhaseMs(firstSendMs: packet.sendMs, firstArrivalMs: packet.arrivalMs, ptimeMs: ptimeMs)
                let sendOrigin = packet.sendMs - Double(packet.seq) * ptimeMs
                dueAtTickZero = Int(((tickZero - base - depthMs - sendOrigin) / ptimeMs).rounded())
            }
            due = dueAtTickZero!
        }
        if packet.seq < due {
            late.append(packet.seq)
        } else if packet.seq >= 0 {  // (a negative seq is never due: ticks before packet 0 expand)
            if packet.seq >= held.count { held += [Bool](repeating: false, count: packet.seq + 1 - held.count) }
            held[packet.seq] = true
        }
    }

    /// A fixed buffer aims at its depth.
    public var targetDelayMs: Double? { depthMs }

    public mutating func tick(_ context: TickContext) throws -> TickAnswer {
        let drops = late
        late = []
        let seq = due
        due += 1
        if seq < 0 { return TickAnswer(.expand, drops: drops) }
        if seq < held.count, held[seq] {
            held[seq] = false
            return TickAnswer(.play(seq: seq), drops: drops)
        }
        return TickAnswer(.conceal, drops: drops)
    }
}
