import Foundation

/// Order-preserving parallel map on at most `jobs` workers: the one way LabPipeline runs independent work
/// (scenario runs, calibration points) in parallel. Results come back in input order, so output bytes never
/// depend on `jobs`.
enum ConcurrentMap {
    static func map<T: Sendable, U: Sendable>(_ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> U) -> [U] {
        let slots = ResultSlots<U>(count: items.count)
        if jobs <= 1 {
            for (index, item) in items.enumerated() { slots[index] = transform(item) }
        } else {
            let queue = OperationQueue()
            queue.maxConcurrentOperationCount = jobs
            for (index, item) in items.enumerated() { queue.addOperation { slots[index] = transform(item) } }
            queue.waitUntilAllOperationsAreFinished()
        }
        return slots.values.map { $0! }
    }
}

/// Fixed slots written by concurrent workers, one slot per index (each written once, read after all finish).
final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    subscript(index: Int) -> Value? {
        get { lock.lock(); defer { lock.unlock() }; return storage[index] }
        set { lock.lock(); storage[index] = newValue; lock.unlock() }
    }
    var values: [Value?] { lock.lock(); defer { lock.unlock() }; return storage }
}
