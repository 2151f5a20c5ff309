import Foundation
import LabCore
import Testing
@testable import AudioIO

/// Issue 14: audio that used to be read silently as something it is not.
@Suite struct BadAudioTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "moslab-badaudio-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func tone(_ count: Int = 8_000) -> [Float] { (0..<count).map { 0.3 * sin(Float($0) * 0.1) } }

    func message(_ path: String) -> String {
        do { _ = try AudioFile.read(path: path); return "no error" } catch { return "\(error)" }
    }

    @Test func aWAVCutShortOfItsHeaderIsRefused() throws {
        let path = directory + "/cut.wav"
        try AudioFile.writeWAV(AudioBuffer(samples: tone(), sampleRate: 8000), to: path)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(truncate(path, off_t(size - 6_000)) == 0)
        #expect(message(path) == "\(path): truncated: its header declares 8000 frames, the file holds 5000 (hint: the file is cut short; re-export or re-copy it)")
    }

    @Test func aCompleteWAVStillReads() throws {
        let path = directory + "/whole.wav"
        try AudioFile.writeWAV(AudioBuffer(samples: tone(), sampleRate: 8000), to: path, encoding: .float32)
        #expect(try AudioFile.read(path: path).samples.count == 8_000)
    }

    @Test(arguments: [(Float.nan, "is NaN"), (Float.infinity, "is infinite"), (-Float.infinity, "is infinite"),
                      (1e30, "is 1e+30, far outside the ±1 of full scale")])
    func invalidFloatSamplesAreRefused(value: Float, text: String) throws {
        let path = directory + "/bad-\(text.count).wav"
        var samples = tone()
        samples[4_000] = value
        try AudioFile.writeWAV(AudioBuffer(samples: samples, sampleRate: 8000), to: path, encoding: .float32)
        let error = message(path)
        #expect(error.hasPrefix("\(path): sample 4000 (at 0.500 s) \(text)"), "\(error)")
    }

    @Test func slightOversInFloatFilesAreKept() throws {
        let path = directory + "/over.wav"
        var samples = tone()
        samples[10] = 1.5
        try AudioFile.writeWAV(AudioBuffer(samples: samples, sampleRate: 8000), to: path, encoding: .float32)
        #expect(try AudioFile.read(path: path).samples[10] == 1.5)
    }

    @Test func clipsLongerThanTheMaximumAreRefusedBeforeAllocating() throws {
        let path = directory + "/long.wav"
        let frames = Int(AudioFile.maximumSeconds + 1) * 8_000
        try AudioFile.writeWAV(AudioBuffer(samples: [Float](repeating: 0, count: frames), sampleRate: 8000), to: path)
        #expect(message(path).hasPrefix("\(path): is 601.0 s long; MOSLab scores clips up to 600 s (10 min) (hint: cut it into shorter clips"))
    }
}
