import AudioIO
import Foundation
import LabCore

#if canImport(Glibc)
import Glibc
#endif

/// A WAV file's bytes and their FNV-1a 64 digest (`FileDigest`), built once and written by many runs (issue 16
/// part 2): the processed reference is the same for every run of a clip at a rate and level
/// (`SweepCache.referenceWAV`), and runs whose audio came out identical share the degraded file's bytes and digest
/// (`SweepCache.degradedWAV`).
public struct SharedWAV: Sendable {
    public var bytes: [UInt8]
    /// `FileDigest.fnv1a64` of `bytes`, as written in `output_files`.
    public var digest: String
    /// Where this file was first written in the sweep: later runs write theirs as a hard link to it (`write`).
    let firstCopy = FirstCopy()

    public init(_ bytes: [UInt8], digest: String? = nil) {
        self.bytes = bytes
        self.digest = digest ?? FileDigest.of(bytes: bytes, path: "").fnv1a64
    }

    /// Writes the file at `path` (after `inputs` checked it): as a hard link to the sweep's first copy when it
    /// has one on the same file system (one inode and no data written — identical bytes, and a 10⁵-run sweep of one
    /// clip stores its reference once), else as a new file, which becomes the first copy. The link is made under a
    /// temporary name and renamed into place, so the file appears atomically, as `AtomicFile.write` does.
    func write(to path: String) throws {
        if let first = firstCopy.path, first != path, Self.link(first, to: path) { return }
        try AtomicFile.write(bytes, to: path)
        firstCopy.record(path)
    }

    /// `link` + `rename`, false on any failure (another file system, a link limit, the first copy gone).
    static func link(_ existing: String, to path: String) -> Bool {
        // The temporary name follows AtomicFile's `.NAME.tmp-PID`, which `AtomicFile.removeStaleTemporaries`
        // clears if a run is killed between the two calls.
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).tmp-\(getpid())"
        unlink(temporary)
        guard Glibc.link(existing, temporary) == 0 else { return false }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The path of the first copy written (shared by every run holding this value).
    final class FirstCopy: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: String?

        var path: String? {
            lock.lock()
            defer { lock.unlock() }
            return recorded
        }

        func record(_ path: String) {
            lock.lock()
            defer { lock.unlock() }
            recorded = path
        }
    }
}
