import Foundation

/// A thread-safe memo of a pure function, bounded by an approximate byte budget and evicting the least recently
/// used entries: what a sweep's runs share (the prepared reference per clip, the encoded packets per clip and codec)
/// is computed once and reused by every run that needs it (issue 16 part 2).
///
/// Reuse never changes bytes out: a value is only ever the result of the same deterministic computation on the same
/// key, so a run gets identical values whether it computed them, another run did, or an eviction made it compute
/// them again. A worker asking for a key another worker is computing waits for that result instead of computing it
/// twice. Errors are not kept (a waiting or later caller recomputes and gets the same error).
final class SweepMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private struct Entry {
        var value: Value
        var cost: Int
        var lastUse: UInt64
    }

    private let lock = NSCondition()
    private var entries: [Key: Entry] = [:]
    /// Keys being computed by some worker right now.
    private var inFlight: Set<Key> = []
    private var clock: UInt64 = 0
    private var totalCost = 0
    let budgetBytes: Int
    private(set) var hits = 0
    private(set) var misses = 0

    init(budgetBytes: Int) { self.budgetBytes = budgetBytes }

    /// The value for `key`, computed by `compute` (outside the lock) when not held. `cost` estimates its bytes.
    func value(for key: Key, cost: (Value) -> Int, compute: () throws -> Value) rethrows -> Value {
        lock.lock()
        while inFlight.contains(key) { lock.wait() }
        clock += 1
        if var entry = entries[key] {
            entry.lastUse = clock
            entries[key] = entry
            hits += 1
            lock.unlock()
            return entry.value
        }
        misses += 1
        inFlight.insert(key)
        lock.unlock()

        let value: Value
        do {
            value = try compute()
        } catch {
            lock.lock()
            inFlight.remove(key)
            lock.broadcast()
            lock.unlock()
            throw error
        }
        let bytes = cost(value)
        lock.lock()
        defer { lock.unlock() }
        inFlight.remove(key)
        lock.broadcast()
        guard bytes <= budgetBytes else { return value }  // larger than the whole budget: use once, keep nothing
        clock += 1
        entries[key] = Entry(value: value, cost: bytes, lastUse: clock)
        totalCost += bytes
        evictIfOverBudget()
        return value
    }

    /// Drops least recently used entries until the total fits the budget (a scan per entry dropped: usually one,
    /// where sorting every entry on each insertion of a full memo was a cost of its own). Caller holds the lock.
    private func evictIfOverBudget() {
        while totalCost > budgetBytes, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
            totalCost -= oldest.value.cost
        }
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
