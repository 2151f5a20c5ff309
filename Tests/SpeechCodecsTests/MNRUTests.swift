import Foundation
import LabCore
import Testing
@testable import SpeechCodecs

/// The simulated codec: P.810 MNRU at Q dB plus a linear-phase band limit.
@Suite struct MNRUTests {
    /// Signal-to-modulated-noise ratio. P.810 defines Q before the output filter: noise power g²·E[x²] with
    /// g = 10^(−Q/20). Through the FIR the white noise keeps Σh² of its power and the speech E[h∗x]²/E[x²] of its
    /// own, so the measured ratio (noise = output − band-limited input) must be Q + 10·log10(E[(h∗x)²]/E[x²]) − 10·log10(Σh²).
    @Test(arguments: [10.0, 20.0, 30.0])
    func measuredRatioTracksQ(q: Double) throws {
        let input = try CodecTestSupport.speech(sampleRate: 8000, seconds: 2)
        let output = try CodecRoundTrip.run(MNRUCodec(q: q), pcm: input)
        let clean = try CodecRoundTrip.run(MNRUCodec(q: 200), pcm: input)  // the band limit alone (noise gain 1e-10)
        var signal = 0.0, noise = 0.0
        for (x, y) in zip(clean, output) {
            signal += Double(x) * Double(x)
            noise += (Double(y) - Double(x)) * (Double(y) - Double(x))
        }
        let inputEnergy = input.reduce(0.0) { $0 + Double($1) * Double($1) }
        let filter = BandLimitFilter.telephoneBand()
        let noiseGain = filter.coefficients.reduce(0.0) { $0 + Double($1) * Double($1) }
        let expected = q + 10 * log10(signal / inputEnergy) - 10 * log10(noiseGain)
        let ratio = 10 * log10(signal / noise)
        #expect(abs(ratio - expected) < 0.3, "Q \(q): measured \(ratio) dB, expected \(expected) dB")
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let input = try CodecTestSupport.speech(sampleRate: 8000, seconds: 2)
        let a = try CodecRoundTrip.run(MNRUCodec(q: 15), pcm: input)
        let b = try CodecRoundTrip.run(MNRUCodec(q: 15), pcm: input)
        let c = try CodecRoundTrip.run(MNRUCodec(q: 15, seed: 7), pcm: input)
        let same = a == b, different = a != c
        #expect(same)
        #expect(different)
    }

    /// The band limit: a 100 Hz tone is cut by more than 20 dB, a 1 kHz tone passes within 0.5 dB.
    @Test func bandLimitPassesTheTelephoneBand() {
        func gain(_ hz: Double) -> Double {
            var filter = BandLimitFilter.telephoneBand()
            let tone = (0..<8000).map { Float(sin(2 * Double.pi * hz * Double($0) / 8000)) }
            let out = filter.process(tone)
            let rms = { (x: ArraySlice<Float>) in (x.reduce(0) { $0 + Double($1 * $1) } / Double(x.count)).squareRoot() }
            return 20 * log10(rms(out[1000...]) / rms(tone[1000...]))
        }
        #expect(gain(100) < -20)
        #expect(abs(gain(1000)) < 0.5)
        #expect(gain(3800) < -20)
    }
}
