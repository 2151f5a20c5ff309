import COpus
import LabCore

/// Opus (RFC 6716) through libopus: narrowband (8 kHz) or wideband (16 kHz), 6–64 kbit/s constant bit rate,
/// `OPUS_APPLICATION_VOIP`, voice signal, in-band FEC on or off.
///
/// 20 ms frames. Look-ahead: 2.5 ms + 4 ms delay compensation = 6.5 ms (RFC 6716 §2; libopus reports it as
/// `OPUS_GET_LOOKAHEAD`, which CodecTests checks against this descriptor): 52 samples at 8 kHz, 104 at 16 kHz.
/// A lost frame is `opus_decode(NULL)`, Opus's own concealment.
///
/// FEC: the encoder puts a low-rate copy of frame n into packet n + 1 (LBRR, told to expect 10 % loss). To use it
/// the decoder must see packet n + 1 before it renders frame n, so with FEC on the decoder runs one frame behind
/// (as a real receiver with a one-frame jitter reserve would): when frame n was lost and n + 1 arrives, frame n is
/// rebuilt from n + 1's FEC data (`decode_fec = 1`). That extra frame is counted in the look-ahead, so the output
/// still lines up and the delay enters the E-model's mouth-to-ear budget.
public struct OpusCodec: SpeechCodec {
    public enum Band: String, Sendable { case narrowband = "nb", wideband = "wb" }
    public static let bitrateRange = 6000...64000
    static let expectedLossPercent: Int32 = 10

    public let band: Band
    public let bitrate: Int
    public let fec: Bool

    public init(band: Band, bitrate: Int, fec: Bool = false) {
        self.band = band
        self.bitrate = bitrate
        self.fec = fec
    }

    var sampleRate: Int { band == .narrowband ? 8000 : 16000 }

    public var descriptor: CodecDescriptor {
        let frame = sampleRate / 50
        let lookahead = sampleRate * 13 / 2000 + (fec ? frame : 0)
        var kbps = String(Double(bitrate) / 1000)
        if kbps.hasSuffix(".0") { kbps.removeLast(2) }
        return CodecDescriptor(
            name: "opus-\(band.rawValue)-\(kbps)" + (fec ? "-fec" : ""),
            displayName: "Opus \(band == .narrowband ? "NB" : "WB") \(kbps) kbit/s CBR" + (fec ? " + FEC" : ""),
            family: "opus-\(band.rawValue)", sampleRate: sampleRate, frameMs: 20, lookaheadSamples: lookahead,
            bitrate: bitrate, bitrates: [6000, 8000, 11000, 12000, 16000, 24000, 32000, 48000, 64000],
            concealsInternally: true, wideband: band == .wideband, implementation: "libopus")
    }

    public var modes: [String] { ["fec", "nofec"] }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        var result = self
        if let bitrate {
            guard Self.bitrateRange.contains(bitrate) else {
                throw InputError("opus does not support \(bitrate) bit/s", hint: "valid bit rates: 6000…64000 bit/s")
            }
            result = OpusCodec(band: band, bitrate: bitrate, fec: fec)
        }
        switch mode?.lowercased() {
        case nil: break
        case "fec": result = OpusCodec(band: band, bitrate: result.bitrate, fec: true)
        case "nofec": result = OpusCodec(band: band, bitrate: result.bitrate, fec: false)
        case let other?: throw CodecOptions.unknownMode(other, descriptor, valid: modes)
        }
        return result
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Encoder(codec: self) }
    public func makeDecoder() throws -> any SpeechDecoder { try Decoder(codec: self) }

    final class EncoderState {
        let encoder: OpaquePointer
        init(codec: OpusCodec) throws {
            var error: Int32 = 0
            let created = opus_encoder_create(Int32(codec.sampleRate), 1, OPUS_APPLICATION_VOIP, &error)
            try Opus.check(error, "opus_encoder_create")
            encoder = try CodecError.nonNull(created, library: Opus.library, function: "opus_encoder_create")
            try Opus.check(moslab_opus_set_bitrate(encoder, Int32(codec.bitrate)), "opus_encoder_ctl(OPUS_SET_BITRATE)")
            try Opus.check(moslab_opus_set_vbr(encoder, 0), "opus_encoder_ctl(OPUS_SET_VBR)")
            try Opus.check(moslab_opus_set_signal(encoder, OPUS_SIGNAL_VOICE), "opus_encoder_ctl(OPUS_SET_SIGNAL)")
            let bandwidth = codec.band == .narrowband ? OPUS_BANDWIDTH_NARROWBAND : OPUS_BANDWIDTH_WIDEBAND
            try Opus.check(moslab_opus_set_bandwidth(encoder, bandwidth), "opus_encoder_ctl(OPUS_SET_BANDWIDTH)")
            try Opus.check(moslab_opus_set_inband_fec(encoder, codec.fec ? 1 : 0), "opus_encoder_ctl(OPUS_SET_INBAND_FEC)")
            try Opus.check(moslab_opus_set_packet_loss_perc(encoder, codec.fec ? OpusCodec.expectedLossPercent : 0),
                           "opus_encoder_ctl(OPUS_SET_PACKET_LOSS_PERC)")
        }
        deinit { opus_encoder_destroy(encoder) }

        /// libopus's own look-ahead, in samples.
        func lookahead() throws -> Int {
            var value: Int32 = 0
            try Opus.check(moslab_opus_get_lookahead(encoder, &value), "opus_encoder_ctl(OPUS_GET_LOOKAHEAD)")
            return Int(value)
        }
    }

    final class DecoderState {
        let decoder: OpaquePointer
        init(sampleRate: Int) throws {
            var error: Int32 = 0
            let created = opus_decoder_create(Int32(sampleRate), 1, &error)
            try Opus.check(error, "opus_decoder_create")
            decoder = try CodecError.nonNull(created, library: Opus.library, function: "opus_decoder_create")
        }
        deinit { opus_decoder_destroy(decoder) }
    }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let state: EncoderState
        init(codec: OpusCodec) throws {
            descriptor = codec.descriptor
            state = try EncoderState(codec: codec)
        }
        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: 1276)  // RFC 6716 §3.4: at most 1275 bytes per frame
            let bytes = try Opus.check(opus_encode(state.encoder, frame, Int32(frame.count), &out, Int32(out.count)), "opus_encode")
            return Array(out.prefix(bytes))
        }
    }

    struct Decoder: SpeechDecoder {
        /// With FEC on, what the decoder holds back for one frame: nothing yet, a received payload, or a loss.
        enum Held { case start, payload([UInt8]), lost }

        let descriptor: CodecDescriptor
        let fec: Bool
        let state: DecoderState
        var held = Held.start

        init(codec: OpusCodec) throws {
            descriptor = codec.descriptor
            fec = codec.fec
            state = try DecoderState(sampleRate: codec.sampleRate)
        }

        mutating func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard fec else { return try run(payload, fec: false) }
            defer { held = payload.map(Held.payload) ?? .lost }
            switch held {
            case .start: return [Int16](repeating: 0, count: descriptor.frameSamples)
            case .payload(let previous): return try run(previous, fec: false)
            case .lost: return try run(payload, fec: payload != nil)  // rebuild the lost frame from the next packet's FEC
            }
        }

        private func run(_ payload: [UInt8]?, fec: Bool) throws -> [Int16] {
            var out = [Int16](repeating: 0, count: descriptor.frameSamples)
            let count = Int32(descriptor.frameSamples)
            let samples: Int
            if let payload {
                samples = try Opus.check(opus_decode(state.decoder, payload, Int32(payload.count), &out, count, fec ? 1 : 0), "opus_decode")
            } else {
                samples = try Opus.check(opus_decode(state.decoder, nil, 0, &out, count, 0), "opus_decode(NULL)")
            }
            return Array(out.prefix(samples))
        }
    }
}
