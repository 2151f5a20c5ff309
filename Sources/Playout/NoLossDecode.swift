import SpeechCodecs

/// Every frame of a stream decoded in order with nothing lost, as the receiver would decode it (16-bit output
/// scaled to [-1, 1)): what a sweep's runs of one clip and codec share on the receive side (issue 16 part 2).
///
/// A run uses it only where it is provably the same as decoding (`ReceiverAudio`): any frame of a stateless
/// decoder (G.711); for a decoder with state, the frames up to the first call that differs from the no-loss
/// sequence (a loss, a late packet, a skip, a concealment by the codec), after which the run's own decoder is
/// brought to the same state by decoding that prefix and takes over. A decoder that is not replayable (its output
/// depends on state outside it, `SpeechDecoder.isReplayable`) never uses it.
public struct NoLossDecode: Sendable {
    /// Decoded frames in call order (packet by packet, frame by frame); nil where the decoder gave nothing.
    public let frames: [[Float]?]
    /// Index in `frames` of each packet's first frame (one more entry: the total).
    public let firstFrame: [Int]

    public init(payloads: [[[UInt8]]], decoder: any SpeechDecoder) throws {
        var decoder = decoder
        var frames: [[Float]?] = []
        var firstFrame: [Int] = []
        frames.reserveCapacity(payloads.reduce(0) { $0 + $1.count })
        firstFrame.reserveCapacity(payloads.count + 1)
        for packet in payloads {
            firstFrame.append(frames.count)
            for payload in packet {
                frames.append(try decoder.decode(payload).map(Self.scaled))
            }
        }
        firstFrame.append(frames.count)
        self.frames = frames
        self.firstFrame = firstFrame
    }

    /// The receiver's scaling of decoded 16-bit samples.
    static func scaled(_ samples: [Int16]) -> [Float] { samples.map { Float($0) / 32768 } }

    /// Approximate bytes held (for a cache's budget).
    public var bytes: Int { frames.reduce(firstFrame.count * 8) { $0 + 48 + ($1?.count ?? 0) * 4 } }
}
