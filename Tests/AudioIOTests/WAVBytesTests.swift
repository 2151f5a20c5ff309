import Foundation
import LabCore
import Testing
@testable import AudioIO

/// `WAVBytes` must give exactly the bytes `AudioFile.writeWAV` (libsndfile) writes, and its vectorised float → int16
/// conversion exactly `Int16(pcm16:)` (issue 16 part 2: runs write their WAVs from memory).
@Suite struct WAVBytesTests {
    func converted(_ values: [Float]) -> [Int16] {
        var out = [UInt8](repeating: 0, count: values.count * 2)
        values.withUnsafeBufferPointer { source in out.withUnsafeMutableBytes { WAVBytes.convert(source, into: $0) } }
        return (0..<values.count).map { Int16(bitPattern: UInt16(out[2 * $0]) | UInt16(out[2 * $0 + 1]) << 8) }
    }

    @Test func conversionEqualsPCM16RoundingOnEveryStepAndTie() {
        // Every 16-bit step, every half-way point, their float neighbours, and beyond the rails.
        var values: [Float] = []
        for k in -33_000...33_000 {
            for x in [Float(k) / 32768, (Float(k) + 0.5) / 32768] {
                values += [x, x.nextUp, x.nextDown]
            }
        }
        values += [0, -0.0, 1, -1, 1.5, -1.5, 40, -40, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity]
        var generator = SystemRandomNumberGenerator()
        values += (0..<100_000).map { _ in Float.random(in: -1.2...1.2, using: &generator) }
        let fast = converted(values)
        let mismatches = values.indices.filter { fast[$0] != Int16(pcm16: values[$0]) }
        #expect(mismatches.isEmpty, "first: \(mismatches.first.map { values[$0] } ?? 0)")
    }

    /// `WAVBytes.int16Samples` (the prepared reference's 16-bit samples) equals `AudioBuffer.int16Samples`: every
    /// step, tie and neighbour, the rails and beyond, infinities, random values, and every length around a block.
    @Test func int16SamplesEqualTheScalarMap() {
        var values: [Float] = []
        for k in -33_000...33_000 {
            for x in [Float(k) / 32768, (Float(k) + 0.5) / 32768] { values += [x, x.nextUp, x.nextDown] }
        }
        values += [0, -0.0, 1, -1, 1.5, -1.5, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
                   -.greatestFiniteMagnitude, .infinity, -.infinity]
        var generator = SystemRandomNumberGenerator()
        values += (0..<50_000).map { _ in Float.random(in: -1.2...1.2, using: &generator) }
        let buffer = AudioBuffer(samples: values, sampleRate: 8000)
        #expect(WAVBytes.int16Samples(buffer) == buffer.int16Samples)
        for count in 0...33 {
            let short = AudioBuffer(samples: Array(values.suffix(count)), sampleRate: 8000)
            #expect(WAVBytes.int16Samples(short) == short.int16Samples, "\(count) samples")
        }
    }

    /// The eight-lane loop and the scalar loop it leaves the tail to give the same bytes, NaN and the infinities
    /// included (a one-sample buffer takes the scalar loop), at every length around a block.
    @Test func eightLaneLoopEqualsScalarLoop() {
        var generator = SystemRandomNumberGenerator()
        let specials: [Float] = [.nan, -.nan, .infinity, -.infinity, 0.5 / 32768, -0.5 / 32768, 32766.5 / 32768, -32767.5 / 32768, -0.0]
        for count in 0...33 {
            let values = (0..<count).map { index in
                index % 3 == 0 ? specials[(index / 3 + count) % specials.count] : Float.random(in: -1.1...1.1, using: &generator)
            }
            let whole = converted(values)
            let alone = values.map { converted([$0])[0] }
            #expect(whole == alone, "\(count) samples")
        }
    }

    @Test func bytesEqualLibsndfilesFile() throws {
        let folder = NSTemporaryDirectory() + "moslab-wavbytes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SystemRandomNumberGenerator()
        for (index, count) in [0, 1, 7, 80, 16_001].enumerated() {
            for rate in [8000, 16000] {
                let samples = (0..<count).map { _ in Float.random(in: -1.1...1.1, using: &generator) }
                let buffer = AudioBuffer(samples: samples, sampleRate: rate)
                let path = "\(folder)/\(index)-\(rate).wav"
                try AudioFile.writeWAV(buffer, to: path)
                let written = try #require(FileManager.default.contents(atPath: path))
                #expect([UInt8](written) == WAVBytes.pcm16(buffer), "\(count) samples at \(rate) Hz")
                let pcm = buffer.int16Samples
                #expect([UInt8](written) == WAVBytes.pcm16(pcm, sampleRate: rate), "\(count) 16-bit samples at \(rate) Hz")
            }
        }
    }
}
