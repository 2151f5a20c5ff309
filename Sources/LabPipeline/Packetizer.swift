import SpeechCodecs

/// Stage 2 of a run: encode whole frames and put `ptime / frame` of them in each packet, zero-padding the end.
/// There are enough packets to carry the codec's look-ahead too, so removing the codec delay later never leaves a
/// silent tail.
public struct Packetizer: Sendable {
    public var codec: any SpeechCodec
    public var ptimeMs: Double

    public init(codec: any SpeechCodec, ptimeMs: Double) {
        self.codec = codec
        self.ptimeMs = ptimeMs
    }

    public var framesPerPacket: Int { max(1, Int((ptimeMs / codec.descriptor.frameMs).rounded())) }
    public var packetSamples: Int { codec.descriptor.frameSamples * framesPerPacket }

    /// Packets needed for `sampleCount` samples of audio plus the look-ahead.
    public func packetCount(samples sampleCount: Int) -> Int {
        (sampleCount + codec.descriptor.lookaheadSamples + packetSamples - 1) / packetSamples
    }

    /// `payloads[seq][frame]`: the encoded frames of each packet.
    public func packetize(_ pcm: [Int16]) throws -> [[[UInt8]]] {
        // The descriptor asked once, not per frame (each `descriptor` builds the codec's whole description).
        let frameSamples = codec.descriptor.frameSamples, framesPerPacket = framesPerPacket, packetSamples = packetSamples
        let count = packetCount(samples: pcm.count)
        var encoder = try codec.makeEncoder()
        var payloads: [[[UInt8]]] = []
        payloads.reserveCapacity(count)
        for packet in 0..<count {
            var frames: [[UInt8]] = []
            for frame in 0..<framesPerPacket {
                let start = packet * packetSamples + frame * frameSamples
                var samples = [Int16](repeating: 0, count: frameSamples)
                let available = max(0, min(frameSamples, pcm.count - start))
                if available > 0 { samples.replaceSubrange(0..<available, with: pcm[start..<(start + available)]) }
                frames.append(try encoder.encode(samples))
            }
            payloads.append(frames)
        }
        return payloads
    }

    /// One packet of the codec's encoding of silence (for `moslab network`'s RTP exports).
    public func silencePayload() throws -> [UInt8] {
        var encoder = try codec.makeEncoder()
        var payload: [UInt8] = []
        for _ in 0..<framesPerPacket {
            payload += try encoder.encode([Int16](repeating: 0, count: codec.descriptor.frameSamples))
        }
        return payload
    }
}
