/// The packets a buffer holds, by seq: an array indexed by seq − `base` over the range in use.
///
/// The window starts at a held seq and slides forward: when a seq beyond its end comes, the empty slots before the
/// lowest held packet are dropped first (a few packets are held at a time, so a short move), and it only grows when
/// the held packets span it. Indexing from seq 0 instead touched one slot per packet of the stream (64 MB for the
/// network bench's 2 M packets, its page faults a tenth of the run). What it answers is the same for every sequence of
/// operations: a dictionary from seq to packet (`HeldPacketsTests`).
struct HeldPackets: Sendable {
    /// `slots[i]` holds seq `base + i`; every seq outside the window is not held.
    private var slots: [ReceivedPacket?] = []
    private var base = 0
    private var count = 0
    /// No held seq is above it (the largest stored since the buffer was last empty).
    private var highest = -1

    subscript(seq: Int) -> ReceivedPacket? {
        get {
            let i = seq &- base
            return i >= 0 && i < slots.count ? slots[i] : nil
        }
        set {
            guard seq >= 0 else { return }
            guard let packet = newValue else {
                let i = seq - base
                if i >= 0, i < slots.count, slots[i] != nil {
                    slots[i] = nil
                    count -= 1
                }
                return
            }
            if count == 0 {
                // Empty: every slot is nil, so the window may start anywhere.
                base = seq
                highest = -1
            }
            var i = seq - base
            if i < 0 {
                // Below the window (a reordered packet): extend it at the front.
                slots.insert(contentsOf: repeatElement(nil, count: -i), at: 0)
                base = seq
                i = 0
            } else if i >= slots.count {
                // Beyond it: drop the empty slots before the lowest held packet, then grow if still needed.
                var lowest = 0
                while lowest < slots.count, slots[lowest] == nil { lowest += 1 }
                if lowest > 0 {
                    slots.removeFirst(lowest)
                    base += lowest
                    i -= lowest
                }
                if i >= slots.count {
                    // At least 64 slots, so the window slides (a call to move and one to fill) every ~60 packets, not every few.
                    slots.append(contentsOf: repeatElement(nil, count: max(i + 1, 2 * slots.count, 64) - slots.count))
                }
            }
            if slots[i] == nil { count += 1 }
            slots[i] = packet
            highest = max(highest, seq)
        }
    }

    @discardableResult
    mutating func removeValue(forKey seq: Int) -> ReceivedPacket? {
        let value = self[seq]
        if value != nil { self[seq] = nil }
        return value
    }

    /// The smallest held seq greater than `seq`.
    func first(after seq: Int) -> Int? {
        guard count > 0 else { return nil }
        var candidate = max(base, seq + 1)
        while candidate <= highest {
            if slots[candidate - base] != nil { return candidate }
            candidate += 1
        }
        return nil
    }
}
