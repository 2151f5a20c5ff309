/// The receiver's audio with its work deferred: the buffer's media calls are recorded, and the audio is rendered
/// from them afterwards — or taken from an earlier run of the sweep that made exactly the same calls (issue 16
/// part 2, third pass: in a loss × buffer-depth sweep most runs play the same packets the same way, and the audio
/// half of the receiver was a tenth of a network-only run).
///
/// Exact by construction: `ReceiverAudio` is a state machine of its own, whose output depends only on how it was
/// made and on the sequence of calls it received (never on the clock or the buffer), so replaying the recorded
/// calls into the same starting value gives the same samples, statistics and counts, bit for bit. Deferring is only
/// done when none of those calls can fail or answer (`canDefer`): every frame comes from the no-loss decode of a
/// stateless decoder and concealment is the spec's, not the codec's. A stretch (accelerate, preemptive expand)
/// returns what the audio did, so at the first one the recorded calls are replayed and the rest is live.
public struct DeferredReceiverAudio: PlayoutMedia {
    /// The calls so far while deferred, as words: a tag in the top two bits (1 play, 2 conceal, 3 output) with the
    /// packet or the `consumesSlot` flag below it, followed by the ms' bit pattern for conceal and output — compared
    /// and hashed as plain memory.
    public private(set) var calls: [UInt64] = []
    /// The audio in its starting state while deferred; once live, the audio itself (nil once taken).
    private var storage: ReceiverAudio?
    public private(set) var isLive = false
    /// Whether a packet was played yet: before it, `ReceiverAudio` ignores concealment and output (the silence
    /// before the first packet is not the listener's), so those calls are not recorded — runs whose buffers waited
    /// differently before their first packet then make the same calls.
    var started = false

    static let playTag: UInt64 = 1 << 62, concealTag: UInt64 = 2 << 62, outputTag: UInt64 = 3 << 62
    static let tagMask: UInt64 = 3 << 62

    /// Whether `audio`'s calls can be deferred: none of them can throw or depend on more than the calls.
    public static func canDefer(_ audio: ReceiverAudio) -> Bool {
        audio.noLoss != nil && audio.statelessDecoder && !audio.concealsInternally
    }

    /// `audio` must be fresh and `canDefer(audio)`.
    public init(_ audio: ReceiverAudio) {
        precondition(Self.canDefer(audio), "only a receiver whose calls cannot fail is deferred")
        storage = audio
        calls.reserveCapacity(4 * (audio.payloads.count + 16))
    }

    /// `audio` after replaying the recorded calls (what it would be had it received them live).
    public static func replay(_ calls: [UInt64], into audio: inout ReceiverAudio) throws {
        var index = 0
        while index < calls.count {
            let word = calls[index]
            switch word & tagMask {
            case playTag:
                try audio.play(Int(word & ~tagMask))
                index += 1
            case concealTag:
                try audio.conceal(ms: Double(bitPattern: calls[index + 1]), consumesSlot: word & 1 == 1)
                index += 2
            default:
                audio.output(ms: Double(bitPattern: calls[index + 1]))
                index += 2
            }
        }
    }

    /// The audio, taken out (so that replaying into it or finishing it does not copy its buffer, which a second
    /// reference would force); the value is not used after this.
    public mutating func takeAudio() -> ReceiverAudio {
        defer { storage = nil }
        return storage!
    }

    /// Replays the recorded calls and continues live.
    mutating func goLive() throws {
        guard !isLive else { return }
        try Self.replay(calls, into: &storage!)
        calls = []
        isLive = true
    }

    /// Inlined into the playout driver (a tick's common call: the driver's specialisation stopped inlining it when it
    /// grew, +0.66 M instructions in the scaleout profile).
    @inline(__always)
    public mutating func play(_ seq: Int) throws {
        if isLive { return try storage!.play(seq) }
        started = true
        calls.append(Self.playTag | UInt64(seq))
    }

    public mutating func accelerate(_ seqs: [Int], maxMs: Double) throws -> Double {
        try goLive()
        return try storage!.accelerate(seqs, maxMs: maxMs)
    }

    public mutating func preemptiveExpand(_ seq: Int, maxMs: Double) throws -> Double {
        try goLive()
        return try storage!.preemptiveExpand(seq, maxMs: maxMs)
    }

    public mutating func conceal(ms: Double, consumesSlot: Bool) throws {
        if isLive { return try storage!.conceal(ms: ms, consumesSlot: consumesSlot) }
        guard started else { return }
        calls.append(Self.concealTag | (consumesSlot ? 1 : 0))
        calls.append(ms.bitPattern)
    }

    public mutating func output(ms: Double) {
        if isLive { return storage!.output(ms: ms) }
        guard started else { return }
        calls.append(Self.outputTag)
        calls.append(ms.bitPattern)
    }
}

/// What a receiver's audio ended as: `ReceiverAudio.finish()` and the counts read from it, kept by a sweep for runs
/// that make the same calls (`DeferredReceiverAudio`).
public struct RenderedAudio: Sendable {
    /// `finish()`'s samples, or those aligned to the reference by the caller (`isAligned`).
    public var samples: [Float]
    /// How many samples `finish()` gave (before any alignment).
    public var renderedCount: Int
    /// Whether `samples` were aligned by the `ReceiverRun.RenderLookup` that rendered them (a sweep keeps them so,
    /// and hands the same array to every run with the same calls, without copying it to trim it).
    public var isAligned = false
    /// A hash of the aligned samples the caller computed with them (a sweep's `ContentHash`), kept with them.
    public var contentHash: UInt64?
    public var statistics: Receiver.Statistics
    public var concealedSamples: Int
    public var removedSamples: Int
    public var insertedSamples: Int

    /// Finishes `audio` and reads its counts. The samples are moved out of `audio` (which keeps none), so that the
    /// caller holds the only reference and trims them in place.
    public init(finishing audio: inout ReceiverAudio) throws {
        samples = try audio.finish()
        audio.stream = []
        audio.played = 0
        renderedCount = samples.count
        statistics = audio.statistics
        concealedSamples = audio.concealedSamples
        removedSamples = audio.removedSamples
        insertedSamples = audio.insertedSamples
    }
}
