import AudioIO
import Foundation
import LabCore
import Testing
@testable import SpeechCodecs

/// Issue 14: the narrowband MNRU band limit is flat from 300 to 3400 Hz (the STL's MNRU + G.712 chain), and Q
/// measured the STL way (noise = MOD_NOISE output − SIGNAL_ONLY output, both through the same filter) tracks the
/// nominal Q.
@Suite struct MNRUBandTests {
    @Test func passBandIsFlatWithinHalfADecibelFrom300To3400Hz() {
        let filter = BandLimitFilter.telephoneBand()
        for hz in stride(from: 300.0, through: 3400, by: 50) {
            #expect(abs(filter.gainDB(atHz: hz, sampleRate: 8000)) < 0.5, "\(hz) Hz: \(filter.gainDB(atHz: hz, sampleRate: 8000)) dB")
        }
        for hz in [20.0, 50, 100, 3800, 3900, 4000] {
            #expect(filter.gainDB(atHz: hz, sampleRate: 8000) < -40, "\(hz) Hz")
        }
    }

    /// A 1 kHz tone passes at unity, so the measured ratio is Q plus the white noise's out-of-band share,
    /// −10·log10(Σh²) ≈ +0.76 dB, for every Q.
    @Test(arguments: [5.0, 15.0, 25.0, 35.0])
    func qMeasuredOnAToneIsNominalPlusTheNoiseBandShare(q: Double) throws {
        let tone = (0..<16_000).map { Int16(12_000 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }
        let (measured, bandShare) = try Self.measuredQ(q: q, input: tone)
        #expect(abs(measured - (q + bandShare)) < 0.25, "Q \(q): measured \(measured), expected \(q + bandShare)")
        #expect(abs(bandShare - 0.76) < 0.05)
    }

    /// On real speech (four corpus clips) the effective Q stays within −0.5…+1.0 dB of nominal (the old −6 dB edges
    /// left it 0.9–2.2 dB below).
    @Test func effectiveQOnSpeechStaysNearNominal() throws {
        for clip in ["nb01-directory", "nb02-conference", "nb03-busy", "nb04-voicemail"] {
            let path = CodecTestSupport.repositoryRoot.appendingPathComponent("Corpus/nb/\(clip).wav").path
            let speech = try AudioFile.read(path: path).int16Samples
            let (measured, _) = try Self.measuredQ(q: 20, input: speech)
            #expect(measured > 19.5 && measured < 21, "\(clip): effective Q \(measured) dB for nominal 20")
        }
    }

    static func measuredQ(q: Double, input: [Int16]) throws -> (measured: Double, bandShare: Double) {
        let output = try CodecRoundTrip.run(MNRUCodec(q: q), pcm: input)
        let clean = try CodecRoundTrip.run(MNRUCodec(q: 200), pcm: input)  // SIGNAL_ONLY: the filter alone
        var signal = 0.0, noise = 0.0
        for (x, y) in zip(clean.dropFirst(200), output.dropFirst(200)) {
            signal += Double(x) * Double(x)
            noise += (Double(y) - Double(x)) * (Double(y) - Double(x))
        }
        let h = BandLimitFilter.telephoneBand().coefficients
        let bandShare = -10 * log10(h.reduce(0.0) { $0 + Double($1) * Double($1) })
        return (10 * log10(signal / noise), bandShare)
    }
}
