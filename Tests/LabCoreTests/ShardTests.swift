import LabCore
import Testing

@Suite struct ShardTests {
    @Test func shardsPartitionEveryPositionExactlyOnce() throws {
        for count in 1...7 {
            for total in [0, 1, 5, 16, 23] {
                let shards = try (1...count).map { try Shard(index: $0, count: count) }
                let all = shards.flatMap { $0.positions(of: total) }.sorted()
                #expect(all == Array(stride(from: 1, through: total, by: 1)), "N=\(count), \(total) items")
                for shard in shards {
                    #expect(shard.positions(of: total) == (0..<total).map { $0 + 1 }.filter { shard.contains(position: $0) })
                }
            }
        }
        // The issue's definition: k ≡ I (mod N), k counted from 1.
        #expect(try Shard(parsing: "2/3").positions(of: 16) == [2, 5, 8, 11, 14])
        #expect(try Shard(parsing: "3/3").positions(of: 7) == [3, 6])
    }

    @Test func badFormsAreRefusedWithTheForm() throws {
        for text in ["0/3", "4/3", "1/0", "0/0", "a/b", "1", "/3", "1/", "1/3/4", "-1/3", "1/-3", "+1/3", " 1/3", "1.0/3", "１/3"] {
            #expect(throws: InputError.self, "\(text)") { try Shard(parsing: text) }
            do {
                _ = try Shard(parsing: text)
            } catch let error as InputError {
                #expect(error.hint == Shard.form, "\(text)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(try Shard(parsing: "8/8").description == "8/8")
    }
}

@Suite struct PCM16ConversionTests {
    /// The reference definition the fast conversion must equal bit for bit.
    static func reference(_ value: Float) -> Int16 {
        let scaled = (value * 32768).rounded()
        if scaled >= 32767 { return .max } else if scaled <= -32768 { return .min } else { return Int16(scaled) }
    }

    @Test func equalsRoundHalfAwayFromZeroEverywhere() {
        var checked = 0
        // Every quarter step of the 16-bit grid (so every tie) and the floats either side of it.
        for k in -131_080...131_080 {
            let x = Float(k) / 4 / 32768
            for v in [x, x.nextUp, x.nextDown] {
                #expect(Int16(pcm16: v) == Self.reference(v), "\(v)")
                checked += 1
            }
        }
        // Seeded pseudo-random values across and beyond full scale, and the specials.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<1_000_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = Float(Int64(bitPattern: state) >> 40) / Float(1 << 23) * 1.2
            if Int16(pcm16: v) != Self.reference(v) { Issue.record("\(v)") }
            checked += 1
        }
        for v: Float in [0, -0, 1, -1, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude] {
            #expect(Int16(pcm16: v) == Self.reference(v), "\(v)")
        }
        #expect(checked > 1_700_000)
    }
}
