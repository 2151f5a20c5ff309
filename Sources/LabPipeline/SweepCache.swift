import AudioIO
import EModel
import Foundation
import LabCore
import Playout
import Reporting
import ScenarioSpecs
import SignalQuality
import SpeechCodecs

/// What the runs of one sweep share, computed once (issue 16 part 2): a sweep sends the same clips through the same
/// codecs under many network conditions, and everything before the network depends only on the clip, the codec and
/// the level — the prepared reference (read, resampled, P.56-normalised), the encoded packets, the talkspurt marks —
/// as does the reference side of P.862 (`P862Reference`: level alignment, filters and envelope of the reference).
/// After the network it also keeps what runs that play alike share: the no-loss decode, the degraded audio found
/// identical by hash and comparison (its WAV bytes and P.862 score), and the receiver's audio rendered from a
/// recorded sequence of buffer calls (`renderedAudio`, keyed by a hash of the calls and taken only when the calls
/// compare equal word for word). One cache lives for one `ScenarioRunner.run`.
///
/// Every value is the output of a deterministic function of its key (`SweepMemo`), or of what it is compared
/// equal with, so reuse changes no byte out; memory stays bounded (least recently used first out, `budgetBytes`
/// per kind).
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
    let referenceFiles: SweepMemo<ReferenceKey, SharedWAV>
    let decodes: SweepMemo<PacketKey, NoLossDecode?>
    let payloadMeans: SweepMemo<PacketKey, Double>

    /// Audio of a run by content: the reference it is compared with, and a hash of its bytes (`ContentHash`).
    struct ContentKey: Hashable, Sendable {
        var reference: ReferenceKey
        var band: P862Band?
        var hash: UInt64
    }

    /// What depends only on a run's audio, for runs whose audio came out identical (a buffer deep enough to lose
    /// nothing late plays the same samples at any depth): the degraded WAV with its digest, and the P.862 score.
    let degradedFiles: SweepMemo<ContentKey, DegradedFile>
    let signalScores: SweepMemo<ContentKey, ScoredAudio>

    /// What the E-model's table values and the spec's `emodel:` overrides depend on (`Prediction.builder`).
    struct BuilderKey: Hashable, Sendable {
        var codecName: String
        var wideband: Bool
        var ptimeBits: UInt64
        var plc: String
        var emodelKeys: [String]
        var emodelValues: [UInt64]
    }

    let builders: SweepMemo<BuilderKey, EModelInputBuilder>

    /// A run's receiver calls (`DeferredReceiverAudio.calls`) on a clip, codec and ptime (the packets and their
    /// no-loss decode) with a concealment, by a hash of the calls.
    struct RenderKey: Hashable, Sendable {
        var packets: PacketKey
        var plc: String
        var hash: UInt64
    }

    struct Render: Sendable {
        var calls: [UInt64]
        var audio: RenderedAudio
    }

    /// The receiver's audio by its calls: in a sweep over buffer depths, the runs that lose nothing late make the
    /// same calls and get the same audio (rendered once, then taken).
    let renders: SweepMemo<RenderKey, Render>

    /// Per network, seed, packet count and ptime: the channel (`ReceiverRun.Channel`: arrivals and their delay
    /// statistics). A channel is a function of these four only (`ReceiverRun.transmit`, `ScenarioSpec.makeChannel`
    /// reads nothing but `network`), and the network draws from its own random streams, so runs that differ only after
    /// the network (buffer depths, concealment) take the arrivals they would have drawn (issue 16, fifth pass).
    let channels: SweepMemo<ChannelKey, ReceiverRun.Channel>

    struct ChannelKey: Hashable, Sendable {
        var network: NetworkSpec
        var seed: UInt64
        var packets: Int
        var ptimeBits: UInt64
    }

    struct DegradedFile: Sendable {
        var samples: [Float]
        var wav: SharedWAV
    }

    struct ScoredAudio: Sendable {
        var samples: [Float]
        var result: P862Result
    }

    /// Default budgets hold a few hundred 10 s clips of each kind (about 0.5 MB per prepared 8 kHz reference,
    /// about 2 MB per P.862 reference analysis at 8 kHz).
    public init(budgetBytes: Int = 256 << 20) {
        references = SweepMemo(budgetBytes: budgetBytes)
        packets = SweepMemo(budgetBytes: budgetBytes / 4)
        talkspurts = SweepMemo(budgetBytes: budgetBytes / 16)
        p862 = SweepMemo(budgetBytes: budgetBytes)
        referenceFiles = SweepMemo(budgetBytes: budgetBytes / 2)
        decodes = SweepMemo(budgetBytes: budgetBytes / 2)
        payloadMeans = SweepMemo(budgetBytes: 1 << 20)
        // Runs with identical audio are mostly near each other in a sweep's order: a small window of recent audio.
        degradedFiles = SweepMemo(budgetBytes: budgetBytes / 32)
        signalScores = SweepMemo(budgetBytes: budgetBytes / 32)
        builders = SweepMemo(budgetBytes: 4 << 20)
        renders = SweepMemo(budgetBytes: budgetBytes / 32)
        channels = SweepMemo(budgetBytes: budgetBytes / 32)
    }

    /// `compute()` (the channel of `spec`'s network for `seed` and `packets`), shared with earlier runs of the same
    /// network, seed, packet count and ptime (`channels`).
    func channel(of spec: ScenarioSpec, seed: UInt64, packets: Int, compute: () -> ReceiverRun.Channel) -> ReceiverRun.Channel {
        let key = ChannelKey(network: spec.network, seed: seed, packets: packets, ptimeBits: spec.codec.ptimeMs.bitPattern)
        // An arrival (seq, send and arrival times, flags) and its arrival time again, about 48 bytes a packet.
        return channels.value(for: key, cost: { $0.run.arrivals.count * 48 + 512 }, compute: compute)
    }

    /// How much was shared: distinct values computed (misses) and reuses (hits).
    public struct Statistics: Sendable, Equatable {
        public var preparedReferences = 0
        public var encodedStreams = 0
        public var p862References = 0
        public var reuses = 0
        /// Runs whose audio was identical to an earlier run's: P.862 scores and degraded files reused.
        public var reusedSignalScores = 0
        public var reusedDegradedFiles = 0
        /// Runs whose receiver audio was taken from an earlier run that made the same buffer calls (`renderedAudio`).
        public var reusedRenders = 0

        public init(preparedReferences: Int = 0, encodedStreams: Int = 0, p862References: Int = 0, reuses: Int = 0) {
            self.preparedReferences = preparedReferences
            self.encodedStreams = encodedStreams
            self.p862References = p862References
            self.reuses = reuses
        }
    }

    public var statistics: Statistics {
        var statistics = Statistics(preparedReferences: references.misses, encodedStreams: packets.misses, p862References: p862.misses,
                                    reuses: references.hits + packets.hits + talkspurts.hits + p862.hits + referenceFiles.hits + decodes.hits)
        statistics.reusedSignalScores = signalScores.hits
        statistics.reusedDegradedFiles = degradedFiles.hits
        statistics.reusedRenders = renders.hits
        return statistics
    }

    /// The degraded WAV of a run with its digest (`WAVBytes.pcm16(degraded)`), shared with earlier runs of the same
    /// clip whose samples were bit for bit the same (compared, not only hashed): neither converted nor hashed again.
    /// `hash`: `ContentHash.of(degraded.samples)`. Also the FNV-1a digest of the run's trace file (`trace`, its
    /// bytes): when the WAV is new, both are hashed in one loop (`FileDigest.fnv1a64Hex`), the trace for nothing
    /// (it is about an eighth of the WAV).
    func degradedWAV(of preparation: ReferencePreparation, codecName: String, degraded: AudioBuffer, hash: UInt64,
                     trace: [UInt8]) -> (wav: SharedWAV, traceDigest: String) {
        func fresh() -> (wav: SharedWAV, traceDigest: String) {
            let bytes = WAVBytes.pcm16(degraded)
            let (wavDigest, traceDigest) = FileDigest.fnv1a64Hex(bytes, trace)
            return (SharedWAV(bytes, digest: wavDigest), traceDigest)
        }
        let key = ContentKey(reference: Self.key(preparation, codecName: codecName), band: nil, hash: hash)
        var made: (wav: SharedWAV, traceDigest: String)?
        let shared = degradedFiles.value(for: key, cost: { $0.samples.count * 4 + $0.wav.bytes.count + 256 }) {
            made = fresh()
            return DegradedFile(samples: degraded.samples, wav: made!.wav)
        }
        if let made { return made }
        guard Self.sameBytes(shared.samples, degraded.samples) else { return fresh() }
        return (shared.wav, FileDigest.of(bytes: trace, path: "").fnv1a64)
    }

    /// `score()` (P.862 of `degraded` against this clip's reference), shared with earlier runs whose degraded
    /// samples were bit for bit the same: P.862 is a deterministic function of the two signals.
    /// `hash`: `ContentHash.of(degraded.samples)`.
    public func signalScore(of preparation: ReferencePreparation, codecName: String, band: P862Band, degraded: AudioBuffer,
                            hash: UInt64, score: () throws -> P862Result) throws -> P862Result {
        let key = ContentKey(reference: Self.key(preparation, codecName: codecName), band: band, hash: hash)
        let shared = try signalScores.value(for: key, cost: { $0.samples.count * 4 + 256 }) {
            ScoredAudio(samples: degraded.samples, result: try score())
        }
        return Self.sameBytes(shared.samples, degraded.samples) ? shared.result : try score()
    }

    /// `Prediction.builder(spec:codec:)`: the E-model's inputs that depend on the spec and codec only (G.113 or
    /// calibrated Ie/Bpl for the packet size and concealment, the `emodel:` overrides), once per distinct set.
    func emodelBuilder(spec: ScenarioSpec, codec descriptor: CodecDescriptor) throws -> EModelInputBuilder {
        let key = BuilderKey(codecName: descriptor.name, wideband: descriptor.wideband, ptimeBits: spec.codec.ptimeMs.bitPattern,
                             plc: descriptor.concealsInternally ? "native" : spec.plc.rawValue,
                             emodelKeys: spec.emodel.map(\.key), emodelValues: spec.emodel.map(\.value.bitPattern))
        return try builders.value(for: key, cost: { _ in 1024 }) { try Prediction.builder(spec: spec, codec: descriptor) }
    }

    static func sameBytes<T>(_ a: [T], _ b: [T]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        // The same storage (runs that took the same rendered audio, `renderedAudio`) holds the same bytes.
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.baseAddress == y.baseAddress || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
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

    /// `Bandwidth.meanPayloadBytes(payloads)` of a prepared reference's packets, once per clip, codec and ptime (a
    /// walk over every packet's frames per run otherwise).
    public func meanPayloadBytes(of preparation: ReferencePreparation, codecName: String, ptimeMs: Double, payloads: [[[UInt8]]]) -> Double {
        let key = PacketKey(reference: Self.key(preparation, codecName: codecName), ptimeBits: ptimeMs.bitPattern)
        return payloadMeans.value(for: key, cost: { _ in 256 }) { Bandwidth.meanPayloadBytes(payloads) }
    }

    /// The encoded packets of a prepared reference decoded in order with nothing lost, by a fresh decoder of `codec`
    /// (`NoLossDecode`), once per clip, codec and ptime; nil for a decoder that is not replayable.
    public func noLossDecode(_ codec: any SpeechCodec, of preparation: ReferencePreparation, codecName: String, ptimeMs: Double,
                             payloads: [[[UInt8]]]) throws -> NoLossDecode? {
        let key = PacketKey(reference: Self.key(preparation, codecName: codecName), ptimeBits: ptimeMs.bitPattern)
        return try decodes.value(for: key, cost: { $0?.bytes ?? 64 }) {
            let decoder = try codec.makeDecoder()
            return decoder.isReplayable ? try NoLossDecode(payloads: payloads, decoder: decoder) : nil
        }
    }

    /// The processed reference's WAV bytes and digest (`<clip>.reference.wav` of every run), once per clip, rate,
    /// level and codec: `WAVBytes.pcm16` of the prepared 16-bit samples, which is what `AudioFile.writeWAV` writes
    /// for the processed reference.
    public func referenceWAV(of preparation: ReferencePreparation, codecName: String, pcm: [Int16]) -> SharedWAV {
        referenceFiles.value(for: Self.key(preparation, codecName: codecName), cost: { $0.bytes.count + 256 }) {
            SharedWAV(WAVBytes.pcm16(pcm, sampleRate: preparation.sampleRate))
        }
    }

    /// The audio a receiver renders from `calls` (`DeferredReceiverAudio`) on this clip, codec and ptime with
    /// concealment `plc`: `render()`, or what it gave for an earlier run whose calls were the same (compared word
    /// for word, not only hashed). `ReceiverAudio` depends on nothing but its starting value and its calls, and the
    /// starting value is fixed by the key (the packets, their no-loss decode, the concealment), so the samples and
    /// counts are those `render()` would give.
    public func renderedAudio(of preparation: ReferencePreparation, codecName: String, ptimeMs: Double, plc: String,
                              calls: [UInt64], render: () throws -> RenderedAudio) throws -> RenderedAudio {
        let key = RenderKey(packets: PacketKey(reference: Self.key(preparation, codecName: codecName), ptimeBits: ptimeMs.bitPattern),
                            plc: plc, hash: ContentHash.of(calls))
        var made: RenderedAudio?
        let shared = try renders.value(for: key, cost: { $0.audio.samples.count * 4 + $0.calls.count * 8 + 256 }) {
            made = try render()
            return Render(calls: calls, audio: made!)
        }
        if let made { return made }
        return shared.calls == calls ? shared.audio : try render()
    }

    /// `P862.reference` of a prepared reference, once per clip, codec and band. Its cost is what the analysed
    /// reference can hold (`P862Reference.byteCount`: signals, envelope, perceptual-model frames and the fine
    /// aligner's spectrum store counted at its cap, as it fills while the sweep scores).
    public func p862Reference(of preparation: ReferencePreparation, codecName: String, processed: AudioBuffer,
                              band: P862Band) throws -> P862Reference {
        let key = P862Key(reference: Self.key(preparation, codecName: codecName), band: band)
        return try p862.value(for: key, cost: { $0.byteCount + 4096 }) {
            try P862.reference(processed, band: band)
        }
    }
}
