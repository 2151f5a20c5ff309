import Foundation
import LabCore
import SignalQuality
import SpeechCodecs

/// What the runs of one sweep share, computed once (issue 16 part 2): a sweep sends the same clips through the same
/// codecs under many network conditions, and everything before the network depends only on the clip, the codec and
/// the level — the prepared reference (read, resampled, P.56-normalised), the encoded packets, the talkspurt marks —
/// as does the reference side of P.862 (`P862Reference`: level alignment, filters and envelope of the reference).
/// One cache lives for one `ScenarioRunner.run`.
///
/// Every value is the output of a deterministic function of its key (`SweepMemo`), so reuse changes no byte out;
/// memory stays bounded (least recently used first out, `budgetBytes` per kind).
public final class SweepCache: Sendable {
    /// A prepared reference: clip, rate, level and the codec named in its notes.
    struct ReferenceKey: Hashable, Sendable {
        var clipPath: String
        var sampleRate: Int
        var levelBits: UInt64
        var codecName: String
    }

    struct PacketKey: Hashable, Sendable {
        var reference: ReferenceKey
        var ptimeBits: UInt64
    }

    struct P862Key: Hashable, Sendable {
        var reference: ReferenceKey
        var band: P862Band
    }

    let references: SweepMemo<ReferenceKey, ReferencePreparation.Output>
    let packets: SweepMemo<PacketKey, [[[UInt8]]]>
    let talkspurts: SweepMemo<PacketKey, TalkspurtDetector.Talkspurts>
    let p862: SweepMemo<P862Key, P862Reference>

    /// Default budgets hold a few hundred 10 s clips of each kind (about 0.5 MB per prepared 8 kHz reference,
    /// about 2 MB per P.862 reference analysis at 8 kHz).
    public init(budgetBytes: Int = 256 << 20) {
        references = SweepMemo(budgetBytes: budgetBytes)
        packets = SweepMemo(budgetBytes: budgetBytes / 4)
        talkspurts = SweepMemo(budgetBytes: budgetBytes / 16)
        p862 = SweepMemo(budgetBytes: budgetBytes)
    }

    /// How much was shared: distinct values computed (misses) and reuses (hits).
    public struct Statistics: Sendable, Equatable {
        public var preparedReferences = 0
        public var encodedStreams = 0
        public var p862References = 0
        public var reuses = 0

        public init(preparedReferences: Int = 0, encodedStreams: Int = 0, p862References: Int = 0, reuses: Int = 0) {
            self.preparedReferences = preparedReferences
            self.encodedStreams = encodedStreams
            self.p862References = p862References
            self.reuses = reuses
        }
    }

    public var statistics: Statistics {
        Statistics(preparedReferences: references.misses, encodedStreams: packets.misses, p862References: p862.misses,
                   reuses: references.hits + packets.hits + talkspurts.hits + p862.hits)
    }

    static func key(_ preparation: ReferencePreparation, codecName: String) -> ReferenceKey {
        ReferenceKey(clipPath: preparation.clipPath, sampleRate: preparation.sampleRate,
                     levelBits: preparation.levelDBov.bitPattern, codecName: codecName)
    }

    /// `ReferencePreparation.run(codecName:)`, once per clip, rate, level and codec.
    public func reference(_ preparation: ReferencePreparation, codecName: String) throws -> ReferencePreparation.Output {
        try references.value(for: Self.key(preparation, codecName: codecName), cost: { $0.pcm.count * 6 + 256 }) {
            try preparation.run(codecName: codecName)
        }
    }

    /// `Packetizer.packetize(pcm)` of a prepared reference, once per clip, codec and ptime.
    public func payloads(_ packetizer: Packetizer, of preparation: ReferencePreparation, codecName: String,
                         pcm: [Int16]) throws -> [[[UInt8]]] {
        let key = PacketKey(reference: Self.key(preparation, codecName: codecName), ptimeBits: packetizer.ptimeMs.bitPattern)
        return try packets.value(for: key, cost: { $0.reduce(0) { $0 + $1.reduce(64) { $0 + $1.count + 32 } } }) {
            try packetizer.packetize(pcm)
        }
    }

    /// `TalkspurtDetector.detect` of a prepared reference, once per clip, codec and ptime (the level is in the key).
    public func talkspurts(_ detector: TalkspurtDetector, of preparation: ReferencePreparation, codecName: String, pcm: [Int16],
                           packetSamples: Int, packets count: Int, ptimeMs: Double) -> TalkspurtDetector.Talkspurts {
        let key = PacketKey(reference: Self.key(preparation, codecName: codecName), ptimeBits: ptimeMs.bitPattern)
        return talkspurts.value(for: key, cost: { _ in count * 2 + 64 }) {
            detector.detect(pcm, packetSamples: packetSamples, packets: count)
        }
    }

    /// `P862.reference` of a prepared reference, once per clip, codec and band. Its cost estimate counts the model
    /// signal, aligned copy and envelope (three Double arrays of the reference's length) and the samples.
    public func p862Reference(of preparation: ReferencePreparation, codecName: String, processed: AudioBuffer,
                              band: P862Band) throws -> P862Reference {
        let key = P862Key(reference: Self.key(preparation, codecName: codecName), band: band)
        return try p862.value(for: key, cost: { _ in processed.samples.count * 28 + 4096 }) {
            try P862.reference(processed, band: band)
        }
    }
}
