import CSpeex
import LabCore

/// Speex (Jean-Marc Valin, Xiph.Org) narrowband (8 kHz) or wideband (16 kHz) CELP through libspeex.
///
/// 20 ms frames (160/320 samples), constant bit rate chosen by the quality setting (0–10); each bit rate below is
/// what libspeex reports (`SPEEX_GET_BITRATE`) for that quality, checked by CodecTests. The decoder conceals a lost
/// frame itself (`speex_decode_int` with NULL bits) and runs its perceptual enhancer (the library default).
/// Look-ahead: libspeex's `SPEEX_GET_LOOKAHEAD` (encoder) plus the decoder's, as measured on speech.
public struct SpeexCodec: SpeechCodec {
    public enum Band: String, Sendable { case narrowband = "nb", wideband = "wb" }
    static let library = "libspeex"

    /// Distinct bit rates and the lowest quality giving each (Speex manual, "Quality vs bit-rate" tables).
    /// Quality 0 is left out: the manual calls that narrowband mode (2.15 kbit/s) a vocoder "mostly for comfort
    /// noise", and it does not keep the waveform (nor, in wideband, its low band).
    static let narrowbandQualities: [(bitrate: Int, quality: Int32)] = [
        (3950, 1), (5950, 2), (8000, 3), (11000, 5), (15000, 7), (18200, 9), (24600, 10),
    ]
    static let widebandQualities: [(bitrate: Int, quality: Int32)] = [
        (5750, 1), (7750, 2), (9800, 3), (12800, 4), (16800, 5), (20600, 6), (23800, 7), (27800, 8),
        (34200, 9), (42200, 10),
    ]

    public let band: Band
    public let bitrate: Int

    public init(band: Band, bitrate: Int) {
        self.band = band
        self.bitrate = bitrate
    }

    static func table(_ band: Band) -> [(bitrate: Int, quality: Int32)] {
        band == .narrowband ? narrowbandQualities : widebandQualities
    }

    var quality: Int32 { Self.table(band).first { $0.bitrate == bitrate }?.quality ?? 8 }
    var sampleRate: Int { band == .narrowband ? 8000 : 16000 }

    public var descriptor: CodecDescriptor {
        var kbps = String(Double(bitrate) / 1000)
        if kbps.hasSuffix(".0") { kbps.removeLast(2) }
        // Measured encode→decode delay on speech (CodecDelayTests): 78 samples NB (9.75 ms: the encoder's 40-sample
        // `SPEEX_GET_LOOKAHEAD` plus the decoder's), 221 WB (13.8 ms, with the QMF sub-band split).
        let lookahead = band == .narrowband ? 78 : 221
        return CodecDescriptor(
            name: "speex-\(band.rawValue)-\(kbps)", displayName: "Speex \(band == .narrowband ? "NB" : "WB") \(kbps) kbit/s",
            family: "speex-\(band.rawValue)", sampleRate: sampleRate, frameMs: 20, lookaheadSamples: lookahead,
            bitrate: bitrate, bitrates: Self.table(band).map(\.bitrate), concealsInternally: true,
            wideband: band == .wideband, implementation: "libspeex")
    }

    public var modes: [String] { (1...10).map { "q\($0)" } }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        var result = self
        if let bitrate {
            try CodecOptions.requireBitrate(bitrate, in: Self.table(band).map(\.bitrate), descriptor)
            result = SpeexCodec(band: band, bitrate: bitrate)
        }
        if let mode {
            // Quality q0…q10 → the bit rate it gives.
            guard mode.lowercased().hasPrefix("q"), let q = Int32(mode.dropFirst()), (1...10).contains(q),
                  let entry = Self.table(band).last(where: { $0.quality <= q }) else {
                throw CodecOptions.unknownMode(mode, descriptor, valid: modes)
            }
            result = SpeexCodec(band: band, bitrate: entry.bitrate)
        }
        return result
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Encoder(codec: self) }
    public func makeDecoder() throws -> any SpeechDecoder { try Decoder(codec: self) }

    /// The one choke point for libspeex: `speex_*_ctl` returns -1 for an unknown request and -2 for a bad
    /// parameter; `speex_decode_int` returns -1 at end of stream and -2 for a corrupt stream.
    @discardableResult
    static func check(_ result: Int32, _ function: String) throws -> Int32 {
        guard result >= 0 else {
            let constant = result == -1 ? (function.hasSuffix("ctl") ? "unknown request" : "end of stream")
                : (function.hasSuffix("ctl") ? "invalid parameter" : "corrupt stream")
            throw CodecError(library: library, function: function, constant: constant, code: Int(result))
        }
        return result
    }

    static func mode(_ band: Band) throws -> UnsafePointer<SpeexMode> {
        try CodecError.nonNull(speex_lib_get_mode(band == .narrowband ? SPEEX_MODEID_NB : SPEEX_MODEID_WB),
                               library: library, function: "speex_lib_get_mode")
    }

    final class EncoderState {
        let state: UnsafeMutableRawPointer
        var bits = SpeexBits()
        init(codec: SpeexCodec) throws {
            state = try CodecError.nonNull(speex_encoder_init(try SpeexCodec.mode(codec.band)), library: SpeexCodec.library,
                                           function: "speex_encoder_init")
            speex_bits_init(&bits)
            var quality = codec.quality
            try SpeexCodec.check(speex_encoder_ctl(state, SPEEX_SET_QUALITY, &quality), "speex_encoder_ctl")
        }
        deinit {
            speex_bits_destroy(&bits)
            speex_encoder_destroy(state)
        }

        func bitrate() throws -> Int {
            var value: Int32 = 0
            try SpeexCodec.check(speex_encoder_ctl(state, SPEEX_GET_BITRATE, &value), "speex_encoder_ctl")
            return Int(value)
        }

        func lookahead() throws -> Int {
            var value: Int32 = 0
            try SpeexCodec.check(speex_encoder_ctl(state, SPEEX_GET_LOOKAHEAD, &value), "speex_encoder_ctl")
            return Int(value)
        }
    }

    final class DecoderState {
        let state: UnsafeMutableRawPointer
        var bits = SpeexBits()
        init(codec: SpeexCodec) throws {
            state = try CodecError.nonNull(speex_decoder_init(try SpeexCodec.mode(codec.band)), library: SpeexCodec.library,
                                           function: "speex_decoder_init")
            speex_bits_init(&bits)
        }
        deinit {
            speex_bits_destroy(&bits)
            speex_decoder_destroy(state)
        }
    }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let state: EncoderState
        init(codec: SpeexCodec) throws {
            descriptor = codec.descriptor
            state = try EncoderState(codec: codec)
        }
        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            speex_bits_reset(&state.bits)
            // speex_encode_int only reads its input (the C prototype lacks `const`), so no copy of the frame is made.
            frame.withUnsafeBufferPointer { _ = speex_encode_int(state.state, UnsafeMutablePointer(mutating: $0.baseAddress), &state.bits) }
            var out = [UInt8](repeating: 0, count: Int(speex_bits_nbytes(&state.bits)))
            let bytes = out.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { speex_bits_write(&state.bits, $0.baseAddress, Int32($0.count)) }
            }
            try SpeexCodec.check(bytes, "speex_bits_write")
            return out
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: DecoderState
        init(codec: SpeexCodec) throws {
            descriptor = codec.descriptor
            state = try DecoderState(codec: codec)
        }
        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            var out = [Int16](repeating: 0, count: descriptor.frameSamples)
            if let payload {
                payload.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) {
                        speex_bits_read_from(&state.bits, $0.baseAddress, Int32($0.count))
                    }
                }
                try SpeexCodec.check(speex_decode_int(state.state, &state.bits, &out), "speex_decode_int")
            } else {
                try SpeexCodec.check(speex_decode_int(state.state, nil, &out), "speex_decode_int(NULL)")
            }
            return out
        }
    }
}
