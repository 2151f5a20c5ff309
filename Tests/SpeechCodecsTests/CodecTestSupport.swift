import AudioIO
import Foundation
import LabCore
@testable import SpeechCodecs

/// Shared helpers: corpus speech at a codec's rate, and the measures the codec tests use.
enum CodecTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The first `seconds` of a committed corpus clip (nb01 at 8 kHz or wb01 at 16 kHz), as 16-bit PCM.
    static func speech(sampleRate: Int, seconds: Double = 2) throws -> [Int16] {
        let path = sampleRate == 8000 ? "Corpus/nb/nb01-directory.wav" : "Corpus/wb/wb01-new-user.wav"
        var buffer = try AudioFile.read(path: repositoryRoot.appendingPathComponent(path).path)
        if buffer.sampleRate != sampleRate { buffer = try Resampler.resample(buffer, to: sampleRate) }
        return Array(buffer.int16Samples.prefix(Int(seconds * Double(sampleRate))))
    }

    /// Lag (samples) of the normalised cross-correlation peak of `output` against `input` within ±`maxLag`:
    /// positive when the output comes late.
    static func peakLag(_ input: [Float], _ output: [Float], maxLag: Int) -> Int {
        var best = (lag: 0, value: -Double.infinity)
        let n = min(input.count, output.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeBufferPointer { y in
                for lag in -maxLag...maxLag {
                    var sum: Float = 0
                    let lo = max(0, -lag), hi = min(n, n - lag)
                    if hi <= lo { continue }
                    for i in lo..<hi { sum += x[i] * y[i + lag] }
                    if Double(sum) > best.value { best = (lag, Double(sum)) }
                }
            }
        }
        return best.lag
    }

    static func floats(_ pcm: [Int16]) -> [Float] { pcm.map { Float($0) / 32768 } }

    /// Short-time energy envelope (20 ms mean square, one value per sample): for vocoders, whose waveform
    /// (phase) is synthetic, delay is measured on the envelope.
    static func envelope(_ pcm: [Int16], window: Int) -> [Float] {
        let x = floats(pcm)
        var out = [Float](repeating: 0, count: x.count)
        var acc: Float = 0
        for i in 0..<x.count {
            acc += x[i] * x[i]
            if i >= window { acc -= x[i - window] * x[i - window] }
            out[i] = acc / Float(window)
        }
        let mean = out.reduce(0, +) / Float(max(1, out.count))
        return out.map { $0 - mean }
    }

    /// RMS level in dBov of `pcm[range]`.
    static func levelDB(_ pcm: ArraySlice<Int16>) -> Double {
        guard !pcm.isEmpty else { return -200 }
        let energy = pcm.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(pcm.count)
        return 10 * log10(max(energy, 1e-20) / (32768.0 * 32768.0))
    }

    static func isVocoder(_ descriptor: CodecDescriptor) -> Bool { descriptor.family == "codec2" }
}
