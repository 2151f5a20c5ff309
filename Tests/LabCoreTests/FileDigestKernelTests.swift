import Testing
@testable import LabCore

/// The wide FNV-1a 64 kernels (Sources/CDigest, `FNV1a64Kernel`) against the byte-serial definition
/// (`FileDigest.fnv1a64Scalar`): the digests in every run's `output_files` must not change by one bit.
@Suite struct FileDigestKernelTests {
    /// Every kernel this processor runs (the portable one always).
    static let kernels = FNV1a64Kernel.allCases.filter(\.isAvailable)

    /// Deterministic bytes (a 64-bit LCG's high byte; the test needs variety, not quality).
    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static func expectKernelsEqualScalar(_ bytes: [UInt8], from hash: UInt64 = FileDigest.fnvOffsetBasis,
                                         _ comment: Comment? = nil) {
        bytes.withUnsafeBytes { buffer in
            let reference = FileDigest.fnv1a64Scalar(buffer, from: hash)
            for kernel in kernels {
                #expect(kernel.hash(buffer, from: hash) == reference, "\(kernel), \(bytes.count) bytes, \(comment ?? "")")
            }
            #expect(FileDigest.fnv1a64(buffer, from: hash) == reference)
        }
    }

    @Test func knownVectors() {
        // draft-eastlake-fnv's test vectors for FNV-1a 64.
        for (text, digest) in [("", "cbf29ce484222325"), ("a", "af63dc4c8601ec8c"), ("foobar", "85944171f73967e8")] {
            #expect(FileDigest.of(bytes: Array(text.utf8), path: "").fnv1a64 == digest)
            Array(text.utf8).withUnsafeBytes { buffer in
                for kernel in Self.kernels {
                    #expect(FileDigest.hex(kernel.hash(buffer, from: FileDigest.fnvOffsetBasis)) == digest, "\(kernel)")
                }
            }
        }
    }

    @Test func everyLengthUpTo2100() {
        let bytes = Self.randomBytes(2_100, seed: 1)
        bytes.withUnsafeBytes { all in
            for count in 0...2_100 {
                let buffer = UnsafeRawBufferPointer(rebasing: all[..<count])
                let reference = FileDigest.fnv1a64Scalar(buffer)
                for kernel in Self.kernels where kernel.hash(buffer, from: FileDigest.fnvOffsetBasis) != reference {
                    Issue.record("\(kernel) differs at \(count) bytes")
                }
            }
        }
    }

    /// Around the kernels' chunk (64 bytes) and group (4 and 12 chunks) boundaries, at larger sizes too.
    @Test func lengthsAroundBlockBoundaries() {
        let bytes = Self.randomBytes(40_000, seed: 2)
        for blocks in [1, 2, 3, 4, 5, 11, 12, 13, 15, 16, 17, 23, 24, 25, 36, 48, 100, 600] {
            for delta in -2...2 where blocks * 64 + delta >= 0 {
                let count = min(bytes.count, blocks * 64 + delta)
                Self.expectKernelsEqualScalar(Array(bytes[..<count]))
            }
        }
    }

    /// A degraded WAV's size (160,044 bytes: 5 s of 16 kHz 16-bit mono and its header) with several contents.
    @Test func wavSizedBuffers() {
        let count = 160_044
        let patterns: [(String, [UInt8])] = [
            ("random", Self.randomBytes(count, seed: 3)),
            ("zeros", [UInt8](repeating: 0, count: count)),
            ("ones", [UInt8](repeating: 0xFF, count: count)),
            ("alternating", (0..<count).map { $0 & 1 == 0 ? 0x00 : 0xFF }),
            ("counting", (0..<count).map { UInt8(truncatingIfNeeded: $0) }),
        ]
        for (name, bytes) in patterns { Self.expectKernelsEqualScalar(bytes, "\(name)") }
    }

    /// Continuing from any hash (`FileDigest.of(path)` hashes a file chunk by chunk), every low byte included.
    @Test func nonZeroStartingHashes() {
        let bytes = Self.randomBytes(3_333, seed: 4)
        var start: UInt64 = 0x0123_4567_89AB_CDEF
        for low in 0..<256 {
            start = start &* FileDigest.fnvPrime &+ UInt64(low)
            Self.expectKernelsEqualScalar(bytes, from: (start & ~0xFF) | UInt64(low), "start low byte \(low)")
        }
        Self.expectKernelsEqualScalar(bytes, from: 0)
        Self.expectKernelsEqualScalar(bytes, from: .max)
        // Hashing in two pieces equals hashing at once.
        bytes.withUnsafeBytes { buffer in
            for kernel in Self.kernels {
                let first = kernel.hash(UnsafeRawBufferPointer(rebasing: buffer[..<1_000]), from: FileDigest.fnvOffsetBasis)
                #expect(kernel.hash(UnsafeRawBufferPointer(rebasing: buffer[1_000...]), from: first)
                        == FileDigest.fnv1a64Scalar(buffer), "\(kernel)")
            }
        }
    }

    @Test func unalignedStarts() {
        let bytes = Self.randomBytes(10_000, seed: 5)
        bytes.withUnsafeBytes { all in
            for offset in 0..<65 {
                for count in [0, 63, 64, 65, 767, 768, 769, 5_000] {
                    let buffer = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + count)])
                    let reference = FileDigest.fnv1a64Scalar(buffer)
                    for kernel in Self.kernels {
                        #expect(kernel.hash(buffer, from: FileDigest.fnvOffsetBasis) == reference,
                                "\(kernel), offset \(offset), \(count) bytes")
                    }
                }
            }
        }
    }

    /// The two-file helper the sweep cache uses equals hashing each file alone.
    @Test func pairHelperEqualsEachAlone() {
        let a = Self.randomBytes(160_044, seed: 6), b = Self.randomBytes(9_000, seed: 7)
        let (x, y) = FileDigest.fnv1a64Hex(a, b)
        #expect(x == a.withUnsafeBytes { FileDigest.hex(FileDigest.fnv1a64Scalar($0)) })
        #expect(y == b.withUnsafeBytes { FileDigest.hex(FileDigest.fnv1a64Scalar($0)) })
    }

    @Test func theBestKernelIsAvailable() {
        #expect(FNV1a64Kernel.best.isAvailable)
        #expect(FNV1a64Kernel.processDefault <= FNV1a64Kernel.best)
    }
}
