import Foundation

/// Stage 3 of a run: the sender's voice activity per packet, which sets the RTP marker (RFC 3551 §4.1: the first
/// packet of a talkspurt) and tells the adaptive buffers which packets are silence.
///
/// A packet is active when its RMS is within 30 dB of the active speech level the reference was normalised to
/// (P.56); a talkspurt starts at an active packet after an inactive one, and at packet 0.
public struct TalkspurtDetector: Sendable {
    public var levelDBov: Double
    /// Below the active speech level, dB.
    public static let thresholdDB = 30.0

    public init(levelDBov: Double) { self.levelDBov = levelDBov }

    public struct Talkspurts: Sendable, Equatable {
        public var active: [Bool]
        public var starts: [Bool]
    }

    public func detect(_ pcm: [Int16], packetSamples: Int, packets: Int) -> Talkspurts {
        let threshold = pow(10, (levelDBov - Self.thresholdDB) / 20) * 32768
        var active = [Bool](repeating: false, count: packets)
        var starts = [Bool](repeating: false, count: packets)
        var previousActive = false
        for packet in 0..<packets {
            let range = min(pcm.count, packet * packetSamples)..<min(pcm.count, (packet + 1) * packetSamples)
            let energy = range.reduce(0.0) { $0 + Double(pcm[$1]) * Double(pcm[$1]) }
            let isActive = !range.isEmpty && (energy / Double(range.count)).squareRoot() >= threshold
            active[packet] = isActive
            starts[packet] = packet == 0 || (isActive && !previousActive)
            previousActive = isActive
        }
        return Talkspurts(active: active, starts: starts)
    }
}
