/// 16-bit linear PCM (RTP payload "L16", RFC 3551 §4.5.11) at 8 kHz: no coding loss at all, so the network and
/// concealment are heard alone. Trainers' MOS ladders use it to reach targets above G.711's own MOS.
public struct L16Codec: SpeechCodec {
    public init() {}

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "l16", displayName: "Linear PCM 16-bit (L16)", sampleRate: 8000, frameMs: 10,
                        lookaheadSamples: 0, bitrate: 128_000, concealsInternally: false, wideband: false)
    }

    public func makeEncoder() -> any SpeechEncoder { Encoder(descriptor: descriptor) }
    public func makeDecoder() -> any SpeechDecoder { Decoder(descriptor: descriptor) }

    /// Network byte order, as RTP carries L16.
    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        func encode(_ frame: [Int16]) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(frame.count * 2)
            for sample in frame {
                let bits = UInt16(bitPattern: sample)
                bytes.append(UInt8(bits >> 8))
                bytes.append(UInt8(bits & 0xFF))
            }
            return bytes
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        func decode(_ payload: [UInt8]?) -> [Int16]? {
            guard let payload else { return nil }
            return stride(from: 0, to: payload.count - 1, by: 2).map {
                Int16(bitPattern: UInt16(payload[$0]) << 8 | UInt16(payload[$0 + 1]))
            }
        }
        /// Each frame is its own bytes: nothing is carried from frame to frame.
        var isStateless: Bool { true }
    }
}
