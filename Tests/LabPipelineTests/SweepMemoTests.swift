import Foundation
import Testing
@testable import LabPipeline

@Suite struct SweepMemoTests {
    @Test func computesOncePerKeyAndEvictsLeastRecentlyUsed() {
        let memo = SweepMemo<String, [Int]>(budgetBytes: 3 * 800)
        var computed: [String] = []
        func get(_ key: String) -> [Int] {
            memo.value(for: key, cost: { $0.count * 8 }) {
                computed.append(key)
                return Array(repeating: key.count, count: 100)
            }
        }
        _ = get("a"); _ = get("bb"); _ = get("a"); _ = get("ccc")
        #expect(computed == ["a", "bb", "ccc"])
        #expect(memo.hits == 1 && memo.misses == 3 && memo.count == 3)
        _ = get("dddd")  // over budget: "bb" is the least recently used
        #expect(memo.count == 3)
        _ = get("a"); _ = get("bb")
        #expect(computed == ["a", "bb", "ccc", "dddd", "bb"])
        #expect(get("ccc") == Array(repeating: 3, count: 100))
    }

    @Test func errorsAreNotKeptAndOversizedValuesNotStored() throws {
        struct Failure: Error {}
        let memo = SweepMemo<Int, [UInt8]>(budgetBytes: 10)
        var calls = 0
        for _ in 0..<2 {
            #expect(throws: Failure.self) { try memo.value(for: 1, cost: \.count) { calls += 1; throw Failure() } }
        }
        #expect(calls == 2)
        let big = memo.value(for: 2, cost: \.count) { [UInt8](repeating: 1, count: 11) }
        #expect(big.count == 11 && memo.count == 0)
    }

    @Test func concurrentReadersAllGetTheSameValue() {
        let memo = SweepMemo<Int, [Double]>(budgetBytes: 1 << 20)
        let results = ResultSlots<[Double]>(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            results[i] = memo.value(for: i % 4, cost: { $0.count * 8 }) { (0..<256).map { Double($0 * (i % 4)) } }
        }
        for i in 0..<64 { #expect(results[i] == (0..<256).map { Double($0 * (i % 4)) }) }
        #expect(memo.count == 4)
        #expect(memo.misses == 4 && memo.hits == 60)  // a key being computed is waited for, not computed twice
    }
}
