import Foundation

/// Each run's result as encoded for its own `<clip>.result.json` (`ResultJSON.element`), kept so the scenario's
/// `result.json`, which lists the same results, is assembled from them rather than encoded again (issue 16 part 2).
/// Filled by concurrent runs; read once they have all finished.
final class EncodedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var elements: [String: [UInt8]] = [:]

    /// A run's key: scenario and clip name a run of a sweep uniquely.
    static func key(_ scenario: String, _ clip: String) -> String { scenario + "\u{0}" + clip }

    func store(_ element: [UInt8], for key: String) {
        lock.lock()
        elements[key] = element
        lock.unlock()
    }

    var all: [String: [UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return elements
    }
}
