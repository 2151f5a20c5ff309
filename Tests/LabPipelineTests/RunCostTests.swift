import Foundation
import LabCore
import Testing
@testable import LabPipeline

#if canImport(Glibc)
import Glibc
#endif

/// The shortcuts of issue 16's second pass on the run cost keep their guarantees: the paired FNV-1a loop gives each
/// file's own digest, and outputs skipped by `ProtectedInputs`' folder listing are exactly those that cannot be an
/// input.
@Suite struct RunCostTests {
    /// FNV-1a 64 by its definition (offset basis 14695981039346656037, prime 1099511628211), one byte at a time.
    static func definition(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    @Test(arguments: [(0, 0), (0, 5), (5, 0), (1, 1), (7, 1_000), (1_000, 7), (44 + 2 * 1_600, 21_000), (4_096, 4_096)])
    func pairedDigestsEqualEachFilesOwn(lengths: (Int, Int)) {
        var random = SeededRandom(seed: UInt64(lengths.0 * 31 + lengths.1))
        let a = (0..<lengths.0).map { _ in UInt8.random(in: 0...255, using: &random) }
        let b = (0..<lengths.1).map { _ in UInt8.random(in: 0...255, using: &random) }
        let (x, y) = FileDigest.fnv1a64Hex(a, b)
        #expect(x == Self.definition(a))
        #expect(y == Self.definition(b))
        #expect(x == FileDigest.of(bytes: a, path: "").fnv1a64 && y == FileDigest.of(bytes: b, path: "").fnv1a64)
    }

    /// Published FNV-1a 64 test vectors (Fowler, Noll, Vo, "FNV hash" test suite, draft-eastlake-fnv): "" →
    /// cbf29ce484222325, "a" → af63dc4c8601ec8c, "foobar" → 85944171f73967e8, each paired with another input.
    @Test func pairedDigestsMatchThePublishedVectors() {
        let (empty, a) = FileDigest.fnv1a64Hex([], Array("a".utf8))
        let (foobar, again) = FileDigest.fnv1a64Hex(Array("foobar".utf8), [])
        #expect(empty == "cbf29ce484222325" && again == "cbf29ce484222325")
        #expect(a == "af63dc4c8601ec8c")
        #expect(foobar == "85944171f73967e8")
    }

    @Test func outputsAbsentAtTheStartAreNotInputsAndPresentOnesAreChecked() throws {
        let out = TestSupport.temporaryDirectory()
        let folder = out + "/scenario", missing = out + "/not-yet"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = out + "/input.wav"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: input))
        // The input is also in the output folder under an output's name, as a hard link (same file, another path).
        #expect(link(input, folder + "/clip.wav") == 0)
        let guarded = ProtectedInputs([input], outputFolders: [folder, missing])
        #expect(throws: InputError.self) { try guarded.check(folder + "/clip.wav") }
        // Names that were not there: writable (and a file created there later by this sweep is its own output).
        try guarded.check(folder + "/clip.trace.csv")
        try guarded.check(missing + "/clip.wav")
        // A path outside the listed folders is still checked by stat: the input itself is refused.
        #expect(throws: InputError.self) { try guarded.check(input) }
    }
}
