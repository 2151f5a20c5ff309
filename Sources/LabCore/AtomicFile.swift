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
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let prefix = directory.isEmpty ? "" : directory + "/"
        return "\(prefix).\(name).tmp-\(getpid())"
    }

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
        guard let file = fopen(temporary, "wb") else {
            let reason = String(cString: strerror(errno))
            throw InputError(file: path, "cannot write: \(reason)", hint: "check that the directory exists and is writable")
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let flushed = fflush(file) == 0
        fclose(file)
        guard written == bytes.count, flushed else {
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
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
            guard let pid = Int32(name[marker.upperBound...]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
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
