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

    init(_ paths: Set<String>) {
        var identities: Set<Identity> = []
        var unresolved: Set<String> = []
        for path in paths {
            if let identity = Self.identity(of: path) { identities.insert(identity) } else { unresolved.insert(path) }
        }
        self.identities = identities
        self.unresolved = unresolved
    }

    private static func identity(of path: String) -> Identity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Identity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Throws the error `AtomicFile.checkNotInput` throws when `path` is one of the inputs.
    func check(_ path: String) throws {
        if !unresolved.isEmpty { try AtomicFile.checkNotInput(path, protected: unresolved) }
        guard !identities.isEmpty, let identity = Self.identity(of: path), identities.contains(identity) else { return }
        throw InputError(file: path, "refusing to overwrite an input file", hint: "choose another --out directory")
    }

    /// Writes `bytes` to `path` atomically, refusing to replace an input.
    func write(_ bytes: [UInt8], to path: String) throws {
        try check(path)
        try AtomicFile.write(bytes, to: path)
    }
}
