import Foundation

/// A thread-safe memo of a pure function, bounded by an approximate byte budget and evicting the least recently
/// used entries: what a sweep's runs share (the prepared reference per clip, the encoded packets per clip and codec)
/// is computed once and reused by every run that needs it (issue 16 part 2).
///
/// Reuse never changes bytes out: a value is only ever the result of the same deterministic computation on the same
/// key, so a run gets identical values whether it computed them, another run did, or an eviction made it compute
/// them again. Two workers asking for a missing key at once may both compute it; either result is the same. Errors
/// are not kept (the next caller recomputes and gets the same error).
final class SweepMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var value: Value
        var cost: Int
        var lastUse: UInt64
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private var totalCost = 0
    let budgetBytes: Int
    private(set) var hits = 0
    private(set) var misses = 0

    init(budgetBytes: Int) { self.budgetBytes = budgetBytes }

    /// The value for `key`, computed by `compute` (outside the lock) when not held. `cost` estimates its bytes.
    func value(for key: Key, cost: (Value) -> Int, compute: () throws -> Value) rethrows -> Value {
        lock.lock()
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            hits += 1
            lock.unlock()
            return entry.value
        }
        misses += 1
        lock.unlock()

        let value = try compute()
        let bytes = cost(value)
        guard bytes <= budgetBytes else { return value }  // larger than the whole budget: use once, keep nothing
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        if entries[key] == nil {
            entries[key] = Entry(value: value, cost: bytes, lastUse: clock)
            totalCost += bytes
            evictIfOverBudget()
        }
        return value
    }

    /// Drops least recently used entries until the total fits the budget. Caller holds the lock.
    private func evictIfOverBudget() {
        guard totalCost > budgetBytes else { return }
        let byAge = entries.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, entry) in byAge where totalCost > budgetBytes {
            entries[key] = nil
            totalCost -= entry.cost
        }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
