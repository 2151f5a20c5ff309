import Foundation
import LabCore
import Testing
@testable import AudioIO

@Suite struct ActiveSpeechLevelTests {
    func sine(rmsDB: Double, seconds: Double, rate: Int = 8000, gate: ((Double) -> Bool)? = nil) -> AudioBuffer {
        let amplitude = pow(10, rmsDB / 20) * 2.0.squareRoot()
        let samples = (0..<Int(seconds * Double(rate))).map { i -> Float in
            let t = Double(i) / Double(rate)
            if let gate, !gate(t) { return 0 }
            return Float(amplitude * sin(2 * .pi * 1000 * t))
        }
        return AudioBuffer(samples: samples, sampleRate: rate)
    }

    /// Expected values: ../shared/MODELS.md §6.2 checks (continuous 1 kHz sine at −20 dBov RMS: −19.99 dBov, 0.998).
    @Test func continuousSine() {
        let level = ActiveSpeechLevel.measure(sine(rmsDB: -20, seconds: 10))
        #expect(abs(level.levelDB - -19.99) < 0.05)
        #expect(abs(level.activityFactor - 0.998) < 0.002)
    }

    /// MODELS.md §6.2: a 1 s on / 1 s off gated sine (same RMS when on) gives −21.05 dBov and activity 0.637.
    @Test func gatedSine() {
        let level = ActiveSpeechLevel.measure(sine(rmsDB: -20, seconds: 20) { Int($0) % 2 == 0 })
        #expect(abs(level.levelDB - -21.05) < 0.1)
        #expect(abs(level.activityFactor - 0.637) < 0.01)
    }

    @Test func silenceIsMinus100() {
        let level = ActiveSpeechLevel.measure(AudioBuffer(samples: [Float](repeating: 0, count: 8000), sampleRate: 8000))
        #expect(level.levelDB == ActiveSpeechLevel.silenceLevel)
        #expect(level.activityFactor == 0)
    }

    @Test func normalisationReachesTarget() {
        let (scaled, measured, gain) = sine(rmsDB: -35, seconds: 4).normalized(toActiveLevel: -26)
        #expect(abs(measured.levelDB - -35) < 0.1)
        #expect(abs(gain - 9) < 0.1)
        #expect(abs(ActiveSpeechLevel.measure(scaled).levelDB - -26) < 0.01)
    }

    /// P.56 method B's counts by the definition (issue 16's third pass replaced this walk over the 15 thresholds at
    /// every sample in `ActiveSpeechLevel.counts`): above c_j → counted, hangover reset; below → counted while the
    /// hangover lasts.
    static func definitionCounts(_ samples: [Float], g: Double, hangover: Int) -> (activity: [Int], sumSquares: Double) {
        let thresholds = (0..<15).map { pow(2.0, Double($0 - 15)) }
        var activity = [Int](repeating: 0, count: 15), hang = [Int](repeating: hangover, count: 15)
        var sumSquares = 0.0, p = 0.0, q = 0.0
        for sample in samples {
            let x = Double(sample)
            sumSquares += x * x
            p = g * p + (1 - g) * abs(x)
            q = g * q + (1 - g) * p
            for j in 0..<15 {
                if q >= thresholds[j] {
                    activity[j] += 1
                    hang[j] = 0
                } else if hang[j] < hangover {
                    activity[j] += 1
                    hang[j] += 1
                }
            }
        }
        return (activity, sumSquares)
    }

    /// The counts without the walk equal the definition's, bit for bit, on the corpus' speech, on bursts and gaps
    /// shorter and longer than the 0.2 s hangover, on levels from below c_0 to the rails, at 8 and 16 kHz.
    @Test func countsEqualTheDefinition() throws {
        var random = SeededRandom(seed: 56)
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus/nb").path
        var signals = try ["nb01-directory", "nb02-conference"].map { try AudioFile.read(path: "\(corpus)/\($0).wav") }
        signals.append(sine(rmsDB: -20, seconds: 3) { Int($0 * 7) % 3 != 0 })
        signals.append(sine(rmsDB: -90, seconds: 1))
        signals.append(sine(rmsDB: 0, seconds: 1, rate: 16_000) { $0 < 0.1 || $0 > 0.45 })
        signals.append(AudioBuffer(samples: [Float](repeating: 0, count: 4_000), sampleRate: 8_000))
        // Noise bursts at random levels and lengths (some gaps under the hangover, some over).
        var burst: [Float] = []
        while burst.count < 40_000 {
            let level = Float(pow(10, Double.random(in: -5...0, using: &random)))
            let length = Int.random(in: 1...3_000, using: &random)
            let silent = Bool.random(using: &random)
            burst += (0..<length).map { _ in silent ? 0 : level * Float.random(in: -1...1, using: &random) }
        }
        signals.append(AudioBuffer(samples: burst, sampleRate: 8_000))
        for signal in signals {
            let rate = Double(signal.sampleRate)
            let g = exp(-1 / (rate * 0.03)), hangover = Int((0.2 * rate).rounded())
            let fast = ActiveSpeechLevel.counts(signal.samples, g: g, hangover: hangover)
            let definition = Self.definitionCounts(signal.samples, g: g, hangover: hangover)
            #expect(fast.activity == definition.activity)
            #expect(fast.sumSquares == definition.sumSquares)
        }
    }
}
