import CBcg729
import LabCore

/// ITU-T G.729 Annex A (CS-ACELP, 8 kbit/s) through Belledonne's bcg729, VAD off.
///
/// bcg729's encoder implements Annex A only (its decoder reads G.729 and G.729A streams), so MOSLab offers
/// `g729a` and not full G.729 from it. 10 ms frames of 80 samples → 10 bytes; 5 ms (40 samples) look-ahead
/// (G.729 §2: "an algorithmic delay of 15 ms": 10 ms frame + 5 ms look-ahead), confirmed on speech by
/// CodecDelayTests. The decoder conceals an erased frame itself (G.729 §4.4, frame erasure flag).
public struct G729ACodec: SpeechCodec {
    public init() {}

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "g729a", displayName: "G.729 Annex A", family: "g729a", sampleRate: 8000, frameMs: 10,
                        lookaheadSamples: 40, bitrate: 8000, concealsInternally: true, wideband: false,
                        implementation: "bcg729")
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Encoder(descriptor: descriptor) }
    public func makeDecoder() throws -> any SpeechDecoder { try Decoder(descriptor: descriptor) }

    static let library = "bcg729"

    final class EncoderState {
        let context: OpaquePointer
        init() throws {
            context = try CodecError.nonNull(initBcg729EncoderChannel(0), library: G729ACodec.library,
                                             function: "initBcg729EncoderChannel")
        }
        deinit { closeBcg729EncoderChannel(context) }
    }

    final class DecoderState {
        let context: OpaquePointer
        init() throws {
            context = try CodecError.nonNull(initBcg729DecoderChannel(), library: G729ACodec.library,
                                             function: "initBcg729DecoderChannel")
        }
        deinit { closeBcg729DecoderChannel(context) }
    }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let encoder: EncoderState
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            encoder = try EncoderState()
        }
        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: 10)
            var length: UInt8 = 0
            bcg729Encoder(encoder.context, frame, &out, &length)
            // bcg729Encoder returns nothing; a length other than 10 (VAD is off, so no SID/untransmitted frames) is its failure.
            guard length == 10 else {
                throw CodecError(library: G729ACodec.library, function: "bcg729Encoder", constant: "bitStreamLength \(length) ≠ 10")
            }
            return out
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        let decoder: DecoderState
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            decoder = try DecoderState()
        }
        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            var out = [Int16](repeating: 0, count: 80)
            if let payload {
                guard payload.count == 10 else {
                    throw CodecError(library: G729ACodec.library, function: "bcg729Decoder", constant: "payload of \(payload.count) bytes ≠ 10")
                }
                bcg729Decoder(decoder.context, payload, 10, 0, 0, 0, &out)
            } else {
                // Frame erasure: the decoder's own concealment (the bitstream is not read).
                let empty = [UInt8](repeating: 0, count: 10)
                bcg729Decoder(decoder.context, empty, 0, 1, 0, 0, &out)
            }
            return out
        }
    }
}
