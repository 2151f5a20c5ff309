import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Atomic output: write a temporary sibling, then rename over the destination, so a reader never sees half a file
/// and a failed run never leaves a truncated one. Inputs are never overwritten.
///
/// In LabCore because every writer uses it: results (CSV, JSON), reports (HTML), traces, and `AudioFile.writeWAV`
/// (which writes its temporary through libsndfile, then commits it here).
public enum AtomicFile {
    /// `.NAME.tmp-PID` beside `path` (`removeStaleTemporaries` recognises the pattern).
    public static func temporaryPath(for path: String) -> String {
        // One scan from the end for the last slash, by UTF-8 position (a name starting with a combining mark joins
        // the slash's Character); every run of a sweep names several files (issue 16: splitting and joining the
        // path was a fortieth of a network-only run).
        let utf8 = path.utf8
        let cut = utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex
        return "\(path[..<cut]).\(path[cut...]).tmp-\(processID)"
    }

    /// This process's id, asked once (glibc's `getpid` is a system call every time).
    public static let processID: pid_t = getpid()

    /// Throws if `path` names one of the run's inputs (compared by real path when both exist).
    public static func checkNotInput(_ path: String, protected: Set<String>) throws {
        guard !protected.isEmpty else { return }
        let target = canonical(path)
        for input in protected where canonical(input) == target {
            throw InputError(file: path, "refusing to overwrite an input file", hint: "choose another --out directory")
        }
    }

    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Renames a finished temporary over `path` (removing it if that fails).
    public static func commit(temporary: String, to path: String) throws {
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw InputError(file: path, "cannot move the finished file into place: \(reason)")
        }
    }

    /// Writes bytes atomically (results, CSV, JSON).
    public static func write(_ bytes: [UInt8], to path: String, protected: Set<String> = []) throws {
        try checkNotInput(path, protected: protected)
        let temporary = temporaryPath(for: path)
        // open/write/close: the bytes are already in one buffer, so stdio's buffer (and its fstat) adds nothing.
        // O_EXCL: a temporary left by a killed run of the same pid may be a hard link to another output
        // (`SharedWAV` links under this name before renaming); writing through it would change that file in place,
        // so it is unlinked and a new file made.
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0 && errno == EEXIST {
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw InputError(file: path, "cannot write: \(reason)", hint: "check that the directory exists and is writable")
        }
        var written = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let count = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if count > 0 { written += count } else if count < 0 && errno == EINTR { continue } else { break }
            }
        }
        let closed = close(descriptor) == 0
        guard written == bytes.count, closed else {
            unlink(temporary)
            throw InputError(file: path, "short write", hint: "is the disk full?")
        }
        try commit(temporary: temporary, to: path)
    }

    public static func write(_ text: String, to path: String, protected: Set<String> = []) throws {
        try write(Array(text.utf8), to: path, protected: protected)
    }

    /// Removes `.NAME.tmp-PID` files in `directory` whose process is gone: a SIGKILL between write and rename
    /// leaves one behind, and it would otherwise stay forever. A live pid (this run's, or a parallel run's) is left
    /// alone.
    public static func removeStaleTemporaries(in directory: String) {
        for name in entryNames(in: directory) ?? [] {
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
            guard let pid = Int32(name[marker.upperBound...]), pid > 0, pid != processID else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    /// The names in `directory` (with "." and ".."); empty when it does not exist, nil when it cannot be listed
    /// for another reason.
    public static func entryNames(in directory: String) -> [String]? {
        guard let folder = opendir(directory) else { return errno == ENOENT ? [] : nil }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            })
        }
        return names
    }

    /// Creates a directory and its parents (and clears stale temporaries from it); throws a one-line error when it
    /// cannot.
    public static func makeDirectory(_ path: String) throws {
        defer { removeStaleTemporaries(in: path) }
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            var status = stat()
            if stat(built, &status) == 0 {
                if (status.st_mode & S_IFMT) != S_IFDIR {
                    throw InputError(file: path, "\(built) exists and is not a directory", hint: "choose another --out directory")
                }
                continue
            }
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw InputError(file: path, "cannot create output directory: \(reason)", hint: "choose a writable --out directory")
            }
        }
        if access(path, W_OK) != 0 {
            throw InputError(file: path, "output directory is not writable", hint: "choose a writable --out directory")
        }
    }
}

/// POSIX `write(2)` (inside `AtomicFile` the name is its own `write`).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
