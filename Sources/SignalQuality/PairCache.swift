/// The fine aligner's cache of window-pair contributions (`FineAligner.contribution`), keyed by the position pair:
/// an open-addressing table with linear probing and a multiplicative hash.
///
/// The split search looks a pair up about ten times for each one it computes (P862.md §6; docs/p862.md "Speed and
/// memory"), so the look-up is hot: `Dictionary`'s seeded SipHash cost about as much as the histogram it feeds.
/// Keys are non-negative (two sample positions), so −1 marks an empty slot.
struct PairCache {
    typealias Value = (offset: Int32, count: Int32, weight: Double)
    private var keys: [Int]
    private var values: [Value]
    private var count = 0
    private var mask: Int
    /// 64 − log2(table size): the slot is the top bits of the product, which depend on every bit of the key.
    private var shift: UInt64

    init(capacity: Int = 1024) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = [Int](repeating: -1, count: size)
        values = [Value](repeating: (0, 0, 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: Int) -> Int {
        // Fibonacci hashing: the top log2(size) bits of key·2⁶⁴/φ (a lower window of the product would ignore the
        // key's high half, here the reference position: bit j of a product depends only on bits 0…j of the key).
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    subscript(key: Int) -> Value? {
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k < 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Inserts a key that is not in the table.
    mutating func insert(_ key: Int, _ value: Value) {
        precondition(key >= 0)
        if 2 * (count + 1) > keys.count { grow() }
        var i = slot(key)
        while keys[i] >= 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    mutating func removeAll() {
        guard count > 0 else { return }
        for i in keys.indices { keys[i] = -1 }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [Int](repeating: -1, count: 2 * oldKeys.count)
        values = [Value](repeating: (0, 0, 0), count: 2 * oldKeys.count)
        mask = keys.count - 1
        shift -= 1
        count = 0
        for (i, k) in oldKeys.enumerated() where k >= 0 { insert(k, oldValues[i]) }
    }
}
