import Foundation
import Playout
import Testing

/// Oracle check against the ITU-T G.191 STL's own G.711 Appendix I test vectors (openitu/STL, src/g711iplc/test_data:
/// input `f2.le`, erasure patterns `fe10.g192` (10 %) and `fe10_2.g192` (two consecutive frames in 20), expected
/// outputs `f2_10.raw` and `f2_10_2.raw`, all 16-bit little-endian; produced by `g711iplc -stats PATTERN f2.le OUT`).
/// The vectors are not committed (AT&T's licence terms); point `STL_G711IPLC_DATA` at that folder to run it:
///
///     STL_G711IPLC_DATA=/path/to/STL/src/g711iplc/test_data swift test --filter G711AppendixIOracleTests
///
/// Our implementation works in floating point where the STL truncates to 16 bits, so the check is a tolerance:
/// every sample within 3 LSB (measured: ≤ 1.9 and ≤ 2.3 LSB; SNR 77.5 and 74.2 dB overall).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["STL_G711IPLC_DATA"] != nil))
struct G711AppendixIOracleTests {
    static var folder: String { ProcessInfo.processInfo.environment["STL_G711IPLC_DATA"] ?? "" }

    func shorts(_ name: String) throws -> [Int16] {
        let data = try #require(FileManager.default.contents(atPath: Self.folder + "/" + name))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Int16(littleEndian: $0) }
    }

    @Test(arguments: [("fe10.g192", "f2_10.raw"), ("fe10_2.g192", "f2_10_2.raw")])
    func matchesSTLOutput(pattern: String, expected: String) throws {
        let input = try shorts("f2.le")
        let erased = try shorts(pattern).map { $0 == 0x6B20 }      // G.192: 0x6B21 good frame, 0x6B20 erased
        let reference = try shorts(expected)
        var plc = G711AppendixIConcealment()
        var out: [Float] = []
        for frame in 0..<(input.count / 80) {
            if erased[frame % erased.count] {
                out += plc.conceal(count: 80)
            } else {
                out += plc.process(goodFrame: input[(frame * 80)..<(frame * 80 + 80)].map { Float($0) / 32768 })
            }
        }
        // As g711iplc does: drop the 30-sample delay at the start, flush it at the end.
        out = Array(out.dropFirst(30)) + plc.process(goodFrame: [Float](repeating: 0, count: 30))
        #expect(out.count == reference.count)
        var maxDifference = 0.0
        for (ours, theirs) in zip(out, reference) {
            maxDifference = max(maxDifference, abs(Double(ours) * 32768 - Double(theirs)))
        }
        print("G.711 App I vs STL \(expected): max |difference| \(maxDifference) LSB")
        #expect(maxDifference <= 3)
    }
}
