import CSpanDSP
import LabCore

/// ITU-T G.726 ADPCM (8 kHz, 16/24/32/40 kbit/s) through spandsp's `g726_*`, 16-bit linear interworking,
/// RFC 3551 bit packing (`G726_PACKING_RIGHT`).
///
/// Sample by sample, so no look-ahead; framed in 10 ms (80 samples → 20/30/40/50 bytes).
/// G.726 has no concealment of its own: the receiver conceals.
public struct G726Codec: SpeechCodec {
    public static let bitrates = [16000, 24000, 32000, 40000]
    public let bitrate: Int

    public init(bitrate: Int = 32000) { self.bitrate = bitrate }

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "g726-\(bitrate / 1000)", displayName: "G.726 \(bitrate / 1000) kbit/s", family: "g726",
                        sampleRate: 8000, frameMs: 10, lookaheadSamples: 0, bitrate: bitrate, bitrates: Self.bitrates,
                        concealsInternally: false, wideband: false, implementation: "spandsp g726")
    }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        try CodecOptions.refuseMode(mode, descriptor)
        guard let bitrate else { return self }
        try CodecOptions.requireBitrate(bitrate, in: Self.bitrates, descriptor)
        return G726Codec(bitrate: bitrate)
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Coder(descriptor: descriptor) }
    public func makeDecoder() throws -> any SpeechDecoder { try Coder(descriptor: descriptor) }

    final class State {
        let state: OpaquePointer
        init(bitrate: Int) throws {
            state = try SpanDSP.check(g726_init(nil, Int32(bitrate), Int32(G726_ENCODING_LINEAR), Int32(G726_PACKING_RIGHT)),
                                      "g726_init")
        }
        deinit { g726_free(state) }
    }

    /// One state per direction: the same type encodes or decodes, never both.
    struct Coder: SpeechEncoder, SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: State
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            state = try State(bitrate: descriptor.bitrate)
        }

        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: frame.count)
            let bytes = try SpanDSP.check(g726_encode(state.state, &out, frame, Int32(frame.count)), "g726_encode")
            return Array(out.prefix(bytes))
        }

        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard let payload else { return nil }
            var out = [Int16](repeating: 0, count: payload.count * 4 + 8)
            let samples = try SpanDSP.check(g726_decode(state.state, &out, payload, Int32(payload.count)), "g726_decode")
            return Array(out.prefix(samples))
        }
    }
}
