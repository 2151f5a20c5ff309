import AudioIO
import Foundation
import LabCore

#if canImport(Glibc)
import Glibc
#endif

/// A sweep's inputs (clips, specs, traces) known by file identity, so checking that an output does not replace one
/// costs one `stat` of the output (issue 16 part 2): resolving every input's real path for every file written was
/// a twentieth of a network-only run (`AtomicFile.checkNotInput` resolves both sides each time).
///
/// An output names an input when both are the same file (device and inode), which is what "the same real path"
/// means, and also catches a hard link. Inputs that cannot be found now are compared the old way, by real path.
struct ProtectedInputs: Sendable {
    private struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    private let identities: Set<Identity>
    private let unresolved: Set<String>
    /// The names in each output folder when the sweep started (a folder that did not exist: none). An output whose
    /// name was not there then cannot be an input that exists (those were found by `stat` above), so it needs no
    /// `stat` of its own: in a fresh output folder no output is stat-ed at all (issue 16: two `stat`s per file of a
    /// long path each).
    private let present: [String: Set<String>]

    /// `outputFolders`: folders every output is written into directly (listed once now).
    init(_ paths: Set<String>, outputFolders: [String] = []) {
        var identities: Set<Identity> = []
        var unresolved: Set<String> = []
        for path in paths {
            if let identity = Self.identity(of: path) { identities.insert(identity) } else { unresolved.insert(path) }
        }
        self.identities = identities
        self.unresolved = unresolved
        var present: [String: Set<String>] = [:]
        if !identities.isEmpty {
            for folder in outputFolders where present[folder] == nil {
                if let names = Self.names(in: folder) { present[folder] = names }
            }
        }
        self.present = present
    }

    /// The entries of `folder`; empty when it does not exist; nil when it cannot be listed for another reason.
    private static func names(in folder: String) -> Set<String>? {
        AtomicFile.entryNames(in: folder).map(Set.init)
    }

    /// True when `path` is in a listed folder under a name that was not there when the sweep started.
    private func wasAbsent(_ path: String) -> Bool {
        guard !present.isEmpty, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")),
              let names = present[String(path[..<slash])] else { return false }
        // By UTF-8 position, not by Character: a name starting with a combining mark joins the slash's cluster.
        let name = String(path[path.utf8.index(after: slash)...])
        return !name.isEmpty && !names.contains(name)
    }

    private static func identity(of path: String) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Throws the error `AtomicFile.checkNotInput` throws when `path` is one of the inputs.
    func check(_ path: String) throws {
        if !unresolved.isEmpty { try AtomicFile.checkNotInput(path, protected: unresolved) }
        guard !identities.isEmpty, !wasAbsent(path), let identity = Self.identity(of: path), identities.contains(identity) else { return }
        throw InputError(file: path, "refusing to overwrite an input file", hint: "choose another --out directory")
    }

    /// Writes `bytes` to `path` atomically, refusing to replace an input.
    func write(_ bytes: [UInt8], to path: String) throws {
        try check(path)
        try AtomicFile.write(bytes, to: path)
    }
}
