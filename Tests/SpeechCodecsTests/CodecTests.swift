import Foundation
import LabCore
import Playout
import Testing
@testable import SpeechCodecs

/// Round trip, concealment and option handling for every registered codec (CodecDelayTests covers alignment).
@Suite struct CodecTests {
    @Test func namesAreUniqueAndResolve() throws {
        let names = CodecRegistry.names
        #expect(Set(names).count == names.count)
        for name in names { #expect(try CodecRegistry.codec(named: name).descriptor.name == name) }
        for family in CodecRegistry.families { #expect(try CodecRegistry.codec(named: family.name).descriptor.family == family.name) }
    }

    /// Same length out as in, and speech-like level: the output's RMS within 6 dB of the input's
    /// (codecs do not change the level; a failing wrapper gives silence or noise).
    @Test(arguments: CodecRegistry.names)
    func roundTripKeepsLengthAndLevel(name: String) throws {
        let codec = try CodecRegistry.codec(named: name)
        let input = try CodecTestSupport.speech(sampleRate: codec.descriptor.sampleRate, seconds: 1.5)
        let output = try CodecRoundTrip.run(codec, pcm: input)
        #expect(output.count == input.count)
        let inLevel = CodecTestSupport.levelDB(input[...]), outLevel = CodecTestSupport.levelDB(output[...])
        #expect(abs(outLevel - inLevel) < 6, "\(name): input \(inLevel) dBov, output \(outLevel) dBov")
    }

    /// A frame lost right after voiced speech is concealed with sound: by the codec's own PLC (`decode(nil)`)
    /// where it has one, else by the receiver's repeat-with-fade concealment (and `decode(nil)` returns nil).
    @Test(arguments: CodecRegistry.names)
    func lostFrameAfterVoicedSpeechIsConcealed(name: String) throws {
        let codec = try CodecRegistry.codec(named: name)
        let d = codec.descriptor
        let input = try CodecTestSupport.speech(sampleRate: d.sampleRate, seconds: 1.5)
        let frame = d.frameSamples
        // The loudest frame after the first 300 ms is voiced speech; lose the one after it.
        let first = d.sampleRate * 3 / 10 / frame
        let voiced = (first..<(input.count / frame - 2)).max {
            CodecTestSupport.levelDB(input[($0 * frame)..<($0 * frame + frame)])
                < CodecTestSupport.levelDB(input[($1 * frame)..<($1 * frame + frame)])
        }!
        var encoder = try codec.makeEncoder()
        var decoder = try codec.makeDecoder()
        var concealment = RepeatWithFadeConcealment(sampleRate: d.sampleRate)
        var concealed: [Int16] = []
        for index in 0...(voiced + 1) {
            let payload = try encoder.encode(Array(input[(index * frame)..<(index * frame + frame)]))
            if index <= voiced {
                let good = try #require(try decoder.decode(payload))
                concealment.observe(goodFrame: good.map { Float($0) / 32768 })
            } else if d.concealsInternally {
                concealed = try #require(try decoder.decode(nil))
            } else {
                #expect(try decoder.decode(nil) == nil, "\(name) has no PLC: decode(nil) must leave it to the receiver")
                concealed = concealment.conceal(count: frame).map { Int16(pcm16: $0) }
            }
        }
        if d.concealsInternally && d.lookaheadSamples >= frame {
            // Opus with FEC runs one frame behind: the concealed frame comes out of the next call.
            concealed = try #require(try decoder.decode(nil))
        }
        #expect(concealed.count == frame)
        let level = CodecTestSupport.levelDB(concealed[...])
        #expect(level > -45, "\(name): concealed frame at \(level) dBov")
    }

    @Test func unknownCodecSuggestsNearestNames() {
        let error = #expect(throws: InputError.self) { try CodecRegistry.codec(named: "opus-wd") }
        #expect(error?.description.contains("did you mean opus-wb") == true, "\(String(describing: error))")
        #expect(error?.description.contains("`moslab codecs` lists every codec") == true)
    }

    @Test func unknownModeListsValidModes() {
        let amr = #expect(throws: InputError.self) { try CodecRegistry.codec(named: "amr-nb", bitrate: nil, mode: "MR999") }
        #expect(amr?.description.contains("MR475") == true)
        let codec2 = #expect(throws: InputError.self) { try CodecRegistry.codec(named: "codec2", bitrate: nil, mode: "600") }
        #expect(codec2?.description.contains("700C") == true)
        let g729 = #expect(throws: InputError.self) { try CodecRegistry.codec(named: "g729a", bitrate: nil, mode: "fast") }
        #expect(g729?.description.contains("no modes") == true)
    }

    @Test func unsupportedBitrateIsRefused() {
        let g726 = #expect(throws: InputError.self) { try CodecRegistry.codec(named: "g726", bitrate: 20000, mode: nil) }
        #expect(g726?.description.contains("16000, 24000, 32000, 40000") == true)
        #expect(throws: InputError.self) { try CodecRegistry.codec(named: "opus-nb", bitrate: 5000, mode: nil) }
        #expect(throws: InputError.self) { try CodecRegistry.codec(named: "g722-64", bitrate: 32000, mode: nil) }
        #expect(throws: InputError.self) { try CodecRegistry.codec(named: "opus-wb-100") }
        #expect(throws: InputError.self) { try CodecRegistry.codec(named: "mnru-q99") }
    }

    @Test func optionsSelectWithinTheFamily() throws {
        #expect(try CodecRegistry.codec(named: "g726", bitrate: 16000, mode: nil).descriptor.name == "g726-16")
        #expect(try CodecRegistry.codec(named: "amr-nb", bitrate: nil, mode: "MR74").descriptor.name == "amr-nb-7.4")
        #expect(try CodecRegistry.codec(named: "amr-nb-12.2", bitrate: 4750, mode: nil).descriptor.name == "amr-nb-4.75")
        #expect(try CodecRegistry.codec(named: "opus-wb", bitrate: 20000, mode: "fec").descriptor.name == "opus-wb-20-fec")
        #expect(try CodecRegistry.codec(named: "codec2", bitrate: nil, mode: "700c").descriptor.name == "codec2-700c")
        #expect(try CodecRegistry.codec(named: "speex-nb", bitrate: 8000, mode: nil).descriptor.name == "speex-nb-8")
        #expect(try CodecRegistry.codec(named: "mnru", bitrate: nil, mode: "q17").descriptor.name == "mnru-q17")
        #expect(try CodecRegistry.codec(named: "gsm-fr", bitrate: 13000, mode: nil).descriptor.name == "gsm-fr")
    }

    @Test func wrongFrameSizeIsRefusedBeforeTheLibrary() throws {
        for name in ["g722-64", "g729a", "gsm-fr", "amr-nb-12.2", "opus-nb-11", "speex-wb-27.8", "codec2-1200"] {
            var encoder = try CodecRegistry.codec(named: name).makeEncoder()
            #expect(throws: InputError.self) { try encoder.encode([0, 1, 2]) }
        }
    }

    /// A failing C call surfaces as a typed `CodecError` naming the library's error, never a crash.
    @Test func corruptPayloadsGiveTypedErrors() throws {
        var gsm = try GSMFullRateCodec().makeDecoder()
        let gsmError = #expect(throws: CodecError.self) { try gsm.decode([UInt8](repeating: 0, count: 33)) }
        #expect(gsmError?.library == "libgsm")
        var opus = try OpusCodec(band: .narrowband, bitrate: 11000).makeDecoder()
        let opusError = #expect(throws: CodecError.self) { try opus.decode([0xFF, 0xFF, 0xFF]) }
        #expect(opusError?.constant == "OPUS_INVALID_PACKET")
        var amr = try AMRNBCodec().makeDecoder()
        #expect(throws: CodecError.self) { try amr.decode([0x7C]) }
    }

    /// The descriptors agree with what the libraries report.
    @Test func descriptorsMatchTheLibraries() throws {
        for band in [OpusCodec.Band.narrowband, .wideband] {
            let codec = OpusCodec(band: band, bitrate: 16000)
            #expect(try OpusCodec.EncoderState(codec: codec).lookahead() == codec.descriptor.lookaheadSamples)
        }
        for (band, table) in [(SpeexCodec.Band.narrowband, SpeexCodec.narrowbandQualities), (.wideband, SpeexCodec.widebandQualities)] {
            for entry in table {
                #expect(try SpeexCodec.EncoderState(codec: SpeexCodec(band: band, bitrate: entry.bitrate)).bitrate() == entry.bitrate)
            }
        }
        for mode in Codec2Codec.all {
            _ = try Codec2Codec.Coder(codec: Codec2Codec(mode: mode.name))  // throws if the frame length disagrees
        }
    }

    /// Opus in-band FEC: with every 5th frame lost, the FEC variant rebuilds lost frames from the next packet and
    /// ends closer to the input than plain PLC.
    @Test func opusFECBeatsPlainConcealment() throws {
        let input = try CodecTestSupport.speech(sampleRate: 16000, seconds: 2)
        let lost = Set(stride(from: 3, to: 100, by: 5))
        func snr(_ codec: OpusCodec) throws -> Double {
            let output = try CodecRoundTrip.run(codec, pcm: input, lostFrames: lost)
            var signal = 0.0, noise = 0.0
            for (x, y) in zip(input, output) {
                signal += Double(x) * Double(x)
                noise += (Double(x) - Double(y)) * (Double(x) - Double(y))
            }
            return 10 * log10(signal / noise)
        }
        let plain = try snr(OpusCodec(band: .wideband, bitrate: 24000))
        let fec = try snr(OpusCodec(band: .wideband, bitrate: 24000, fec: true))
        #expect(fec > plain + 1, "FEC \(fec) dB vs plain \(plain) dB")
    }
}
