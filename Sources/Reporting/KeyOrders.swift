import Foundation

/// The key orders `ResultJSON` has already computed, by key list: every result of a sweep encodes the same keys in
/// the same order (the synthesized `encode(to:)` of `RunResult`, `FileDigest`, the E-model's dictionaries built the
/// same way), so sorting them again for each object was a tenth of encoding a result (issue 16, fifth pass).
///
/// A list is found by the bits of its `String` values, compared with `memcmp`, not by hashing or comparing their
/// characters. That is exact: a `String`'s bits are its contents (a small string) or a pointer to storage with its
/// count (a literal's, or a heap buffer's). Literal storage never changes, and a heap buffer is kept alive and shared
/// by the list stored here, so it can neither be freed and reused nor changed in place; bits equal to a stored list's
/// are therefore the same characters, whose order is the stored one. Equal keys held in other storage have other
/// bits: they only miss, and are sorted (`ResultJSON.ObjectBox.order(of:)`). A few recent lists are kept.
final class KeyOrders: @unchecked Sendable {
    static let shared = KeyOrders()
    /// More than the distinct lists of a sweep's results (the result with and without its optional fields, the
    /// E-model's two dictionaries, the matrix, the file digests); when full, the oldest is replaced.
    static let capacity = 32

    private let lock = NSLock()
    private var lists: [[String]] = []
    private var orders: [[Int]] = []
    private var next = 0

    /// `ResultJSON.ObjectBox.order(of: keys)`, from a stored list with the same bits when there is one.
    func order(of keys: [String]) -> [Int] {
        lock.lock()
        for (index, list) in lists.enumerated() where Self.sameBits(list, keys) {
            let order = orders[index]
            lock.unlock()
            return order
        }
        lock.unlock()
        let order = ResultJSON.ObjectBox.order(of: keys)
        lock.lock()
        if lists.count < Self.capacity {
            lists.append(keys)
            orders.append(order)
        } else {
            lists[next] = keys
            orders[next] = order
            next = (next + 1) % Self.capacity
        }
        lock.unlock()
        return order
    }

    /// True when the two lists hold the same `String` values bit for bit (then the same characters; see above).
    static func sameBits(_ a: [String], _ b: [String]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
