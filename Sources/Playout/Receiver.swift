import PacketTraces
import ChannelModels
import SpeechCodecs

/// The receiving end on a virtual clock: plays each frame the jitter buffer released through the decoder, and asks
/// the codec's own PLC (`decode(nil)`) or the receiver's concealment for every frame that was lost or late.
///
/// Output sample i corresponds to input sample i (the network and buffer delay are reported, not baked in), which
/// is what MOSLab's alignment contract asks of the degraded file.
public struct Receiver {
    public var decoder: any SpeechDecoder
    public var concealment: any Concealment

    public init(decoder: any SpeechDecoder, concealment: any Concealment) {
        self.decoder = decoder
        self.concealment = concealment
    }

    /// What rendering produced besides the audio.
    public struct Statistics: Sendable, Equatable {
        public var concealedFrames = 0
        /// Longest run of consecutively concealed frames.
        public var longestConcealmentFrames = 0
        public init() {}
    }

    /// `payloads[seq][frame]` are the encoded frames of each packet; `events[seq]` says whether it was played.
    public mutating func render(payloads: [[[UInt8]]], events: [PlayoutEvent]) throws -> (samples: [Float], statistics: Statistics) {
        precondition(payloads.count == events.count, "one playout event per packet")
        let frameSamples = decoder.descriptor.frameSamples
        var output: [Float] = []
        output.reserveCapacity(payloads.count * (payloads.first?.count ?? 1) * frameSamples)
        var statistics = Statistics()
        var run = 0
        for (packet, event) in zip(payloads, events) {
            for payload in packet {
                var frame: [Float]
                if event.fate == .played, let decoded = try decoder.decode(payload) {
                    frame = decoded.map { Float($0) / 32768 }
                    if !decoder.descriptor.concealsInternally { frame = concealment.process(goodFrame: frame) }
                    run = 0
                } else {
                    if decoder.descriptor.concealsInternally, let concealed = try decoder.decode(nil) {
                        frame = concealed.map { Float($0) / 32768 }
                    } else {
                        frame = concealment.conceal(count: frameSamples)
                    }
                    statistics.concealedFrames += 1
                    run += 1
                    statistics.longestConcealmentFrames = max(statistics.longestConcealmentFrames, run)
                }
                output += frame
            }
        }
        // A concealment that delays its output (G.711 Appendix I: 30 samples) is re-aligned here.
        let delay = decoder.descriptor.concealsInternally ? 0 : concealment.delaySamples
        if delay > 0 {
            let flushed = concealment.process(goodFrame: [Float](repeating: 0, count: delay))
            output = Array(output.dropFirst(delay)) + flushed
        }
        return (output, statistics)
    }
}
