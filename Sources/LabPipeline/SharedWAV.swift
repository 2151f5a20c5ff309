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
    /// clip stores its reference once), else as a new file, which becomes the first copy. The link appears
    /// atomically, as `AtomicFile.write`'s files do: made at the name itself when that is free, else under a
    /// temporary name renamed into place.
    ///
    /// The check and the first write happen under one lock: with `--jobs`, two runs writing the same value at once
    /// would otherwise both find no first copy and both write a file of their own (same bytes, but not shared).
    func write(to path: String) throws {
        try firstCopy.write(path) { first in
            if let first, first != path, Self.link(first, to: path) { return false }
            try AtomicFile.write(bytes, to: path)
            return true
        }
    }

    /// `link` straight to `path` when no file has that name (one system call: `link` makes the name and the
    /// finished file appear at once, so it is atomic by itself), else `link` to a temporary name + `rename` over the
    /// old file. False on any failure (another file system, a link limit, the first copy gone).
    static func link(_ existing: String, to path: String) -> Bool {
        // In a fresh --out every name is new (issue 16, third pass: a rename less per linked file). EEXIST: a
        // re-run's file is there, which only `rename` replaces atomically.
        if Glibc.link(existing, path) == 0 { return true }
        guard errno == EEXIST else { return false }
        // The temporary name follows AtomicFile's `.NAME.tmp-PID`, which `AtomicFile.removeStaleTemporaries`
        // clears if a run is killed between the two calls.
        let temporary = AtomicFile.temporaryPath(for: path)
        // A temporary left by a killed run of this same pid is removed only when it is in the way (one system call
        // less per linked file than removing it first every time).
        guard Glibc.link(existing, temporary) == 0 || (errno == EEXIST && unlink(temporary) == 0 && Glibc.link(existing, temporary) == 0) else {
            return false
        }
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

        /// Runs `body` with the first copy's path (nil before any) under the lock; when `body` wrote a new file
        /// (returns true: there was none, or linking to it failed), `path` becomes the first copy.
        func write(_ path: String, _ body: (String?) throws -> Bool) throws {
            lock.lock()
            defer { lock.unlock() }
            if try body(recorded) { recorded = path }
        }
    }
}
