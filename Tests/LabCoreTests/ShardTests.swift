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
