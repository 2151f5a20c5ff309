import Foundation
import LabCore
import Testing
@testable import AudioIO

@Suite struct AudioFileTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "moslab-audioio-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test func pcm16RoundTripIsExact() throws {
        let pcm: [Int16] = [0, 1, -1, 32767, -32768, 1234, -4321]
        let path = directory + "/a.wav"
        try AudioFile.writeWAV(AudioBuffer(int16: pcm, sampleRate: 8000), to: path)
        let back = try AudioFile.read(path: path)
        #expect(back.sampleRate == 8000)
        #expect(back.int16Samples == pcm)
    }

    @Test func missingFileNamesThePath() {
        #expect {
            try AudioFile.read(path: directory + "/nope.wav")
        } throws: { error in
            "\(error)".contains("nope.wav") && "\(error)".contains("not found")
        }
    }

    @Test func corruptFileIsRefusedClearly() throws {
        let path = directory + "/corrupt.wav"
        try Data("RIFF\u{0}\u{0}garbage that is not a wave file".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try AudioFile.read(path: path)
        } throws: { error in
            "\(error)".hasPrefix(path) && "\(error)".contains("cannot read audio")
        }
    }

    @Test func stereoIsRefusedUnlessMixedDown() throws {
        let path = directory + "/stereo.wav"
        // Build a stereo file with sox-free means: write two channels through libsndfile via a float mono file is not
        // possible, so write the RIFF header by hand (16-bit, 2 channels, 8 kHz, 4 frames).
        var bytes = [UInt8]()
        func le32(_ v: UInt32) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func le16(_ v: UInt16) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        let frames: [Int16] = [100, -100, 200, -200, 300, -300, 400, -400]
        bytes += Array("RIFF".utf8); le32(36 + UInt32(frames.count * 2)); bytes += Array("WAVE".utf8)
        bytes += Array("fmt ".utf8); le32(16); le16(1); le16(2); le32(8000); le32(8000 * 4); le16(4); le16(16)
        bytes += Array("data".utf8); le32(UInt32(frames.count * 2))
        for s in frames { le16(UInt16(bitPattern: s)) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            try AudioFile.read(path: path)
        } throws: { error in
            "\(error)".contains("2 channels") && "\(error)".contains("sox")
        }
        let mixed = try AudioFile.read(path: path, channels: .mixDown)
        #expect(mixed.samples.count == 4)
        #expect(mixed.samples.allSatisfy { $0 == 0 })
    }

    @Test func refusesToOverwriteAnInput() throws {
        let path = directory + "/input.wav"
        try AudioFile.writeWAV(AudioBuffer(int16: [1, 2, 3], sampleRate: 8000), to: path)
        #expect(throws: InputError.self) {
            try AudioFile.writeWAV(AudioBuffer(int16: [9], sampleRate: 8000), to: path, protected: [path])
        }
        #expect(try AudioFile.read(path: path).int16Samples == [1, 2, 3])
    }

    @Test func unwritableDirectoryIsOneLineError() {
        #expect {
            try AtomicFile.makeDirectory("/proc/moslab-cannot-exist")
        } throws: { error in
            "\(error)".contains("/proc/moslab-cannot-exist") && !"\(error)".contains("\n")
        }
    }

    @Test func resamplingKeepsDurationAndTone() throws {
        let rate = 44100
        let tone = (0..<rate).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / Double(rate))) }
        let out = try Resampler.resample(AudioBuffer(samples: tone, sampleRate: rate), to: 8000)
        #expect(out.sampleRate == 8000)
        #expect(out.samples.count == 8000)
        let rms = (out.samples[1000..<7000].map { Double($0 * $0) }.reduce(0, +) / 6000).squareRoot()
        #expect(abs(rms - 0.5 / 2.0.squareRoot()) < 0.01)
    }
}
