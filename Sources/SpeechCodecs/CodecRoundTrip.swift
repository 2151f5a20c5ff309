import LabCore

/// A codec alone, with no network: encode and decode a whole signal frame by frame, remove the codec's
/// look-ahead, and return exactly as many samples as came in (`moslab codec`, tests, the benchmark).
public enum CodecRoundTrip {
    /// `pcm` at the codec's rate. Frames in `lostFrames` are decoded as `decode(nil)`; where the codec has no
    /// concealment of its own they come out silent (the receiver's concealment is not part of a codec alone).
    /// The input is followed by enough silent frames to flush the look-ahead, so the end is not cut.
    public static func run(_ codec: any SpeechCodec, pcm: [Int16], lostFrames: Set<Int> = []) throws -> [Int16] {
        let descriptor = codec.descriptor
        let frame = descriptor.frameSamples
        let frames = (pcm.count + descriptor.lookaheadSamples + frame - 1) / frame
        var encoder = try codec.makeEncoder()
        var decoder = try codec.makeDecoder()
        var output: [Int16] = []
        output.reserveCapacity(frames * frame)
        var block = [Int16](repeating: 0, count: frame)
        for index in 0..<frames {
            let start = index * frame
            let available = max(0, min(frame, pcm.count - start))
            for i in 0..<frame { block[i] = i < available ? pcm[start + i] : 0 }
            let payload = try encoder.encode(block)
            let decoded = try decoder.decode(lostFrames.contains(index) ? nil : payload)
            output += decoded ?? [Int16](repeating: 0, count: frame)
        }
        let aligned = output.dropFirst(descriptor.lookaheadSamples).prefix(pcm.count)
        return Array(aligned) + [Int16](repeating: 0, count: pcm.count - aligned.count)
    }
}
