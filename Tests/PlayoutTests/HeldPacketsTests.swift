import LabCore
@testable import Playout
import Testing

/// `HeldPackets` slides its window over the seqs in use; it must answer as the plain definition, a dictionary from
/// seq to packet, after every operation: stores, removals, negative seqs, reordered stores below the window, jumps.
@Suite struct HeldPacketsTests {
    static func packet(_ seq: Int, _ tag: Double) -> ReceivedPacket {
        ReceivedPacket(seq: seq, sendMs: Double(seq) * 20, arrivalMs: tag, marker: seq % 7 == 0, active: seq % 3 != 0)
    }

    /// The smallest key above `seq`, as `first(after:)` defines it.
    static func first(_ model: [Int: ReceivedPacket], after seq: Int) -> Int? { model.keys.filter { $0 > seq }.min() }

    @Test func answersAsADictionaryUnderRandomOperations() {
        for seed: UInt64 in 1...40 {
            var random = SeededRandom(seed: seed, stream: "test.held")
            var held = HeldPackets()
            var model: [Int: ReceivedPacket] = [:]
            var cursor = 0
            let spread = [3, 10, 40, 300][Int(seed % 4)]
            for step in 0..<3_000 {
                // Mostly around a moving cursor (a buffer's life), sometimes far below or above it, or negative.
                let u = random.nextUnit()
                let seq: Int
                if u < 0.02 { seq = -1 - Int(random.next() % 5) }
                else if u < 0.05 { seq = Int(random.next() % 5_000) }
                else { seq = max(0, cursor - spread / 3 + Int(random.next() % UInt64(spread))) }
                switch random.next() % 10 {
                case 0..<5:
                    let p = Self.packet(seq, Double(step))
                    held[seq] = p
                    if seq >= 0 { model[seq] = p }
                case 5..<8:
                    #expect(held.removeValue(forKey: seq) == model.removeValue(forKey: seq), "seed \(seed) step \(step)")
                case 8:
                    held[seq] = nil
                    model[seq] = nil
                default:
                    // Empty the buffer now and then, as a buffer that played everything it held.
                    if random.nextUnit() < 0.1 {
                        for key in Array(model.keys) { held[key] = nil }
                        model = [:]
                    }
                }
                if random.nextUnit() < 0.3 { cursor += 1 }
                for probe in [seq - 1, seq, seq + 1, cursor, -1, 0] {
                    #expect(held[probe] == model[probe], "seed \(seed) step \(step) probe \(probe)")
                    #expect(held.first(after: probe) == Self.first(model, after: probe), "seed \(seed) step \(step) after \(probe)")
                }
            }
        }
    }

    @Test func edgeCases() {
        var held = HeldPackets()
        #expect(held.first(after: -1) == nil)
        #expect(held[0] == nil && held[-3] == nil)
        held[-2] = Self.packet(-2, 1)               // a negative seq is never held
        #expect(held[-2] == nil && held.first(after: -5) == nil)
        held[1_000] = Self.packet(1_000, 2)
        held[3] = Self.packet(3, 3)                 // below the window
        #expect(held.first(after: -1) == 3 && held.first(after: 3) == 1_000 && held.first(after: 1_000) == nil)
        #expect(held.removeValue(forKey: 3)?.arrivalMs == 3)
        #expect(held.removeValue(forKey: 3) == nil)
        held[1_000] = nil
        #expect(held.first(after: -1) == nil)
        held[5] = Self.packet(5, 4)                 // empty again: the window restarts here
        #expect(held[5]?.arrivalMs == 4 && held[1_000] == nil && held.first(after: 0) == 5)
    }
}
