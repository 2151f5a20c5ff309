#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Size and FNV-1a 64-bit hash of a file, recorded in each run's result so `--resume` reuses a run only when its
/// files are exactly the ones it wrote (issue 14: a truncated WAV was reused and a deleted reference not rebuilt).
/// FNV-1a (Fowler–Noll–Vo, offset basis 14695981039346656037, prime 1099511628211) detects accidental change;
/// it is not a cryptographic hash and need not be.
public struct FileDigest: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var fnv1a64: String

    public init(path: String, bytes: Int, fnv1a64: String) {
        self.path = path
        self.bytes = bytes
        self.fnv1a64 = fnv1a64
    }

    /// The digest of the file at `path` now, or nil when it cannot be read.
    public static func of(_ path: String) -> FileDigest? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var hash = fnvOffsetBasis
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            total += count
            hash = chunk.withUnsafeBytes { fnv1a64(UnsafeRawBufferPointer(rebasing: $0[..<count]), from: hash) }
        }
        if ferror(file) != 0 { return nil }
        return FileDigest(path: path, bytes: total, fnv1a64: hex(hash))
    }

    /// FNV-1a 64's offset basis and prime (the FNV reference, draft-eastlake-fnv: 14695981039346656037, 1099511628211).
    public static let fnvOffsetBasis: UInt64 = 14_695_981_039_346_656_037
    public static let fnvPrime: UInt64 = 1_099_511_628_211

    /// The digest of `bytes` as a file at `path` would have it: what a writer that holds the file's bytes records
    /// without reading the file back (issue 16 part 2). Equal to `of(path)` once the bytes are written there.
    public static func of(bytes: UnsafeRawBufferPointer, path: String) -> FileDigest {
        FileDigest(path: path, bytes: bytes.count, fnv1a64: hex(fnv1a64(bytes)))
    }

    public static func of(bytes: [UInt8], path: String) -> FileDigest {
        bytes.withUnsafeBytes { of(bytes: $0, path: path) }
    }

    /// FNV-1a 64 of `bytes`, continuing from `hash` (the offset basis for a whole file): `fnv1a64Scalar`'s value,
    /// from the process's wide kernel (`FNV1a64Kernel`) when there are at least `kernelMinimum` bytes.
    public static func fnv1a64(_ bytes: UnsafeRawBufferPointer, from hash: UInt64 = fnvOffsetBasis) -> UInt64 {
        bytes.count < kernelMinimum ? fnv1a64Scalar(bytes, from: hash) : FNV1a64Kernel.processDefault.hash(bytes, from: hash)
    }

    /// The length from which the kernels pay: below it their set-up (tables, powers of the prime) and the 64-byte
    /// chunks they run one at a time cost about what the serial loop does (moslab-bench `digest`: at 256 bytes the
    /// AVX-512 kernel takes 0.48 ns a byte, the loop 0.94).
    public static let kernelMinimum = 256

    /// FNV-1a 64 by its definition, one byte after another: the reference the kernels equal (FileDigestKernelTests).
    public static func fnv1a64Scalar(_ bytes: UnsafeRawBufferPointer, from hash: UInt64 = fnvOffsetBasis) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    /// `fnv1a64` of two files' bytes, as hex digests (issue 16: a run's degraded WAV and its trace are hashed
    /// together; with the wide kernels each is hashed alone, faster than two serial chains interleaved).
    public static func fnv1a64Hex(_ a: [UInt8], _ b: [UInt8]) -> (String, String) {
        (a.withUnsafeBytes { hex(fnv1a64($0)) }, b.withUnsafeBytes { hex(fnv1a64($0)) })
    }

    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether the file is still exactly as recorded.
    public var isIntact: Bool { FileDigest.of(path) == self }
}
