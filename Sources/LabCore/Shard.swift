/// One slice of a sweep for a cluster job array: shard `I/N` takes the work items whose 1-based position `k` in
/// the sweep's stable order satisfies `k ≡ I (mod N)`, so shards 1…N of one sweep are disjoint and together
/// cover it, whatever machine or `--jobs` runs each (docs/cluster.md).
///
/// Both numbers are 1-based, as Slurm's `SLURM_ARRAY_TASK_ID` usually is (`--array=1-N`); a Kubernetes Indexed
/// Job's 0-based `JOB_COMPLETION_INDEX` is given as `$((JOB_COMPLETION_INDEX + 1))/N`.
public struct Shard: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 1…count.
    public let index: Int
    public let count: Int

    /// The form every error message shows.
    public static let form = "I/N with whole numbers 1 ≤ I ≤ N, e.g. --shard 2/8"

    public init(index: Int, count: Int) throws {
        guard count >= 1 else { throw InputError("shard count \(count) must be at least 1", hint: Self.form) }
        guard index >= 1, index <= count else {
            throw InputError("shard \(index)/\(count) is out of range: I counts from 1 to N", hint: Self.form)
        }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (`2/8`); anything else is refused with the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            throw InputError("--shard '\(text)' is not of the form I/N", hint: Self.form)
        }
        try self.init(index: index, count: count)
    }

    /// Whether the item at 1-based `position` of the sweep's stable order belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index % count }

    /// The 1-based positions of this shard among `total` items, ascending.
    public func positions(of total: Int) -> [Int] { Array(stride(from: index, through: total, by: count)) }

    public var description: String { "\(index)/\(count)" }
}
