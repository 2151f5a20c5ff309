import Foundation
import Testing

/// `moslab score` refuses a file longer than P.862's limit from its header, with one line and exit 2 (issue 16).
@Suite struct ScoreLengthLimitTests {
    /// A 16-bit mono WAV of `seconds` of silence at 8 kHz.
    static func silentWAV(seconds: Int, to path: String) throws {
        let frames = 8000 * seconds
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * frames)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(1); u32(8000); u32(16000); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(2 * frames)
        data.append(Data(count: 2 * frames))
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func tooLongIsRefusedWithExitTwo() throws {
        let dir = CLIRunner.temporaryDirectory()
        let long = dir + "/long.wav"
        try Self.silentWAV(seconds: 121, to: long)
        let reference = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"
        let run = try CLIRunner.run(["score", reference, long])
        #expect(run.status == 2, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(run.stderr.contains("long.wav") && run.stderr.contains("longer than the 120 s"), "\(run.stderr)")
    }
}
