import CSpanDSP
import LabCore

/// ITU-T G.722 sub-band ADPCM (16 kHz, 64/56/48 kbit/s) through spandsp's `g722_*`, packed bitstream.
///
/// 10 ms frames (160 samples); the payload is 80 code words of 8/7/6 bits, packed (`G722_PACKED`), so 80/70/60 bytes.
/// spandsp has no G.722 concealment (G.722 Appendix III/IV are not in it): the receiver conceals.
/// Delay: the transmit and receive QMF (24 taps each) give 22 samples at 16 kHz (1.375 ms) end to end,
/// measured on speech by CodecDelayTests (G.722 §1.3 quotes about 1.5 ms for the codec with its filters).
public struct G722Codec: SpeechCodec {
    public static let bitrates = [64000, 56000, 48000]
    public let bitrate: Int

    public init(bitrate: Int = 64000) { self.bitrate = bitrate }

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "g722-\(bitrate / 1000)", displayName: "G.722 \(bitrate / 1000) kbit/s", family: "g722",
                        sampleRate: 16000, frameMs: 10, lookaheadSamples: 22, bitrate: bitrate, bitrates: Self.bitrates,
                        concealsInternally: false, wideband: true, implementation: "spandsp g722")
    }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        try CodecOptions.refuseMode(mode, descriptor)
        guard let bitrate else { return self }
        try CodecOptions.requireBitrate(bitrate, in: Self.bitrates, descriptor)
        return G722Codec(bitrate: bitrate)
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Encoder(descriptor: descriptor) }
    public func makeDecoder() throws -> any SpeechDecoder { try Decoder(descriptor: descriptor) }

    final class EncoderState {
        let state: OpaquePointer
        init(bitrate: Int) throws {
            state = try SpanDSP.check(g722_encode_init(nil, Int32(bitrate), Int32(G722_PACKED)), "g722_encode_init")
        }
        deinit { g722_encode_free(state) }
    }

    final class DecoderState {
        let state: OpaquePointer
        init(bitrate: Int) throws {
            state = try SpanDSP.check(g722_decode_init(nil, Int32(bitrate), Int32(G722_PACKED)), "g722_decode_init")
        }
        deinit { g722_decode_free(state) }
    }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let state: EncoderState
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            state = try EncoderState(bitrate: descriptor.bitrate)
        }
        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: frame.count)
            let bytes = try SpanDSP.check(g722_encode(state.state, &out, frame, Int32(frame.count)), "g722_encode")
            return Array(out.prefix(bytes))
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: DecoderState
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            state = try DecoderState(bitrate: descriptor.bitrate)
        }
        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard let payload else { return nil }
            var out = [Int16](repeating: 0, count: payload.count * 16 / 6 + 2)
            let samples = try SpanDSP.check(g722_decode(state.state, &out, payload, Int32(payload.count)), "g722_decode")
            return Array(out.prefix(samples))
        }
    }
}
