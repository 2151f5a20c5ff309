import Foundation
import LabCore
import Testing
@testable import AudioIO

/// `AudioFile.read(bytes:)` (the path the WAV fuzzer feeds) must read exactly what `read(path:)` reads from the same
/// bytes on disk, and refuse what it refuses with the same message.
@Suite struct MemoryAudioTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "moslab-memaudio-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func tone(_ count: Int = 8_000) -> [Float] { (0..<count).map { 0.3 * sin(Float($0) * 0.1) } }

    /// The outcome of reading `path` from disk and from memory (under the same name), as text.
    func bothWays(_ path: String) throws -> (disk: String, memory: String) {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func outcome(_ read: () throws -> (buffer: AudioBuffer, info: AudioFile.Info)) -> String {
            do {
                let (buffer, info) = try read()
                return "\(info.sampleRate) Hz \(info.channels) ch \(info.frames) frames format \(info.format) samples \(buffer.samples.hashValue) \(buffer.samples.count)"
            } catch {
                return "\(error)"
            }
        }
        return (outcome { try AudioFile.readWithInfo(path: path, channels: .mixDown) },
                outcome { try AudioFile.readWithInfo(bytes: bytes, name: path, channels: .mixDown) })
    }

    @Test(arguments: [AudioFile.Encoding.pcm16, .float32])
    func aWAVReadsTheSameFromMemory(encoding: AudioFile.Encoding) throws {
        let path = directory + "/tone-\(encoding).wav"
        try AudioFile.writeWAV(AudioBuffer(samples: tone(), sampleRate: 16_000), to: path, encoding: encoding)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let disk = try AudioFile.read(path: path)
        let memory = try AudioFile.read(bytes: bytes, name: path)
        #expect(memory.sampleRate == 16_000)
        #expect(memory.samples == disk.samples)
        #expect(memory.samples.count == 8_000)
    }

    @Test func theCommittedFuzzSeedsReadTheSameFromMemory() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/wav").path
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds).sorted()
        #expect(names.count >= 3)
        for name in names {
            let (disk, memory) = try bothWays(seeds + "/" + name)
            #expect(disk == memory, "\(name)")
            #expect(disk.contains(" Hz "), "\(name): \(disk)")
        }
    }

    @Test func badFilesAreRefusedWithTheSameMessageFromMemory() throws {
        // Truncated below the header's data size.
        let cut = directory + "/cut.wav"
        try AudioFile.writeWAV(AudioBuffer(samples: tone(), sampleRate: 8000), to: cut)
        let size = try FileManager.default.attributesOfItem(atPath: cut)[.size] as! Int
        #expect(truncate(cut, off_t(size - 6_000)) == 0)
        // A NaN sample.
        let nan = directory + "/nan.wav"
        var samples = tone()
        samples[100] = .nan
        try AudioFile.writeWAV(AudioBuffer(samples: samples, sampleRate: 8000), to: nan, encoding: .float32)
        // Not audio at all, and empty.
        let text = directory + "/text.wav"
        try Data("not a wav".utf8).write(to: URL(fileURLWithPath: text))
        let empty = directory + "/empty.wav"
        try Data().write(to: URL(fileURLWithPath: empty))
        for path in [cut, nan, text, empty] {
            let (disk, memory) = try bothWays(path)
            #expect(disk == memory)
            #expect(disk.hasPrefix("\(path): "), "\(disk)")
        }
        #expect(try bothWays(cut).memory.contains("truncated: its header declares 8000 frames, the file holds 5000"))
        #expect(try bothWays(nan).memory.contains("sample 100 (at 0.013 s) is NaN"))
    }
}
