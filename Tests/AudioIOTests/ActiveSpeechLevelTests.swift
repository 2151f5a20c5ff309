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
}
