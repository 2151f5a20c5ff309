import SpeechCodecs

/// The receiver's audio, driven tick by tick by the buffer's decisions (`PlayoutMedia`): packets are decoded into
/// a sync buffer, accelerate / preemptive expand stretch the decoded speech with `TimeStretch`, missing slots and
/// waits are filled by the codec's PLC or the spec's concealment, and each tick plays one packet's worth.
///
/// The output is what the listener hears from the first packet played on: the silence before it is left out, and
/// the slots before the first packet played (lost or late) and after the last tick (the lost tail) are concealed
/// as if played in turn, so a buffer that never stretches or waits (a fixed buffer) produces exactly one slot per
/// packet, aligned with the sender, as `Receiver.render` does.
public struct ReceiverAudio: PlayoutMedia {
    public var decoder: any SpeechDecoder
    public var concealment: any Concealment
    let payloads: [[[UInt8]]]
    let frameSamples: Int
    let sampleRate: Int
    let stretch: TimeStretch
    /// Everything queued for the listener, in order; the first `played` samples have been played (the rest is the
    /// sync buffer). One growing array instead of a queue drained into an output: no copy per tick (issue 16).
    var stream: [Float] = []
    var played = 0
    /// The audio played so far.
    public var output: [Float] { Array(stream[0..<played]) }
    public private(set) var statistics = Receiver.Statistics()
    /// Samples removed by accelerate and inserted by preemptive expand, counted in the audio itself.
    public private(set) var removedSamples = 0
    public private(set) var insertedSamples = 0
    /// Samples of concealment in the output (lost or late slots, waits, underruns).
    public private(set) var concealedSamples = 0
    var started = false
    /// The next media slot (packet) after the last one decoded or concealed.
    var nextSlot = 0
    var run = 0
    /// The stream decoded with nothing lost (a sweep's shared work), or nil to decode everything here.
    let noLoss: NoLossDecode?
    /// For a decoder with state: how many decoder calls were answered from `noLoss`, all in the no-loss order
    /// (nil once the receiver left that order; `decoder` then holds the real state).
    var answeredFromNoLoss: Int?
    /// The decoder's properties, read once (its `descriptor` is a struct of strings, copied at every access).
    let concealsInternally: Bool
    let statelessDecoder: Bool

    /// `noLoss` must be the decode of these `payloads` by a decoder like `decoder` (`NoLossDecode`).
    public init(decoder: any SpeechDecoder, concealment: any Concealment, payloads: [[[UInt8]]], noLoss: NoLossDecode? = nil) {
        self.decoder = decoder
        self.concealment = concealment
        self.payloads = payloads
        frameSamples = decoder.descriptor.frameSamples
        sampleRate = decoder.descriptor.sampleRate
        stretch = TimeStretch(sampleRate: decoder.descriptor.sampleRate)
        self.noLoss = noLoss.flatMap { $0.firstFrame.count == payloads.count + 1 && decoder.isReplayable ? $0 : nil }
        concealsInternally = decoder.descriptor.concealsInternally
        statelessDecoder = decoder.isStateless
        answeredFromNoLoss = self.noLoss != nil && !statelessDecoder ? 0 : nil
        stream.reserveCapacity(payloads.reduce(0) { $0 + $1.count } * frameSamples + frameSamples)
    }

    var packetSamples: Int { (payloads.first?.count ?? 1) * frameSamples }

    func samples(_ ms: Double) -> Int { Int((ms * Double(sampleRate) / 1000).rounded()) }

    /// Frame `frame` of packet `seq` as the decoder gives it (nil: it gave nothing), from the no-loss decode where
    /// that is provably the same.
    mutating func decodedFrame(_ seq: Int, _ frame: Int) throws -> [Float]? {
        if let noLoss {
            let index = noLoss.firstFrame[seq] + frame
            if statelessDecoder { return noLoss.frames[index] }
            if let answered = answeredFromNoLoss {
                if answered == index {
                    answeredFromNoLoss = answered + 1
                    return noLoss.frames[index]
                }
                try takeOverDecoding()
            }
        }
        return try decoder.decode(payloads[seq][frame]).map { $0.map { Float($0) / 32768 } }
    }

    /// The receiver leaves the no-loss order: the decoder decodes the frames answered so far, which brings it to the
    /// state it would have had decoding them itself.
    mutating func takeOverDecoding() throws {
        guard let answered = answeredFromNoLoss, let noLoss else { return }
        answeredFromNoLoss = nil
        var seq = 0
        for index in 0..<answered {
            while noLoss.firstFrame[seq + 1] <= index { seq += 1 }
            _ = try decoder.decode(payloads[seq][index - noLoss.firstFrame[seq]])
        }
    }

    /// One packet's frames, decoded (or concealed frame by frame when the decoder gives nothing), appended to `out`.
    mutating func decode(_ seq: Int, into out: inout [Float]) throws {
        for frame in 0..<payloads[seq].count {
            if let decoded = try decodedFrame(seq, frame) {
                run = 0
                if concealsInternally {
                    out += decoded
                } else {
                    out += concealment.process(goodFrame: decoded)
                }
            } else {
                let concealed = try concealFrame()
                concealedSamples += concealed.count
                out += concealed
            }
        }
    }

    mutating func concealFrame() throws -> [Float] {
        statistics.concealedFrames += 1
        run += 1
        statistics.longestConcealmentFrames = max(statistics.longestConcealmentFrames, run)
        if concealsInternally {
            try takeOverDecoding()
            if let concealed = try decoder.decode(nil) { return concealed.map { Float($0) / 32768 } }
        }
        return concealment.conceal(count: frameSamples)
    }

    /// Before the first packet played: conceal the slots it skipped, straight into what is played.
    mutating func begin(at seq: Int) throws {
        guard !started else { return }
        started = true
        while nextSlot < seq {
            for _ in 0..<(payloads[nextSlot].count) {
                let frame = try concealFrame()
                concealedSamples += frame.count
                stream += frame
            }
            nextSlot += 1
        }
        played = stream.count
    }

    public mutating func play(_ seq: Int) throws {
        try begin(at: seq)
        // Decode straight onto the stream (moved out and back, so it is never copied).
        var queued: [Float] = []
        swap(&queued, &stream)
        defer { swap(&queued, &stream) }
        try decode(seq, into: &queued)
        nextSlot = seq + 1
    }

    public mutating func accelerate(_ seqs: [Int], maxMs: Double) throws -> Double {
        try begin(at: seqs[0])
        var decoded: [Float] = []
        for seq in seqs { try decode(seq, into: &decoded) }
        nextSlot = seqs.last! + 1
        let (stretched, removed) = stretch.accelerate(decoded, maxMs: maxMs)
        stream += stretched
        removedSamples += removed
        return Double(removed) * 1000 / Double(sampleRate)
    }

    public mutating func preemptiveExpand(_ seq: Int, maxMs: Double) throws -> Double {
        try begin(at: seq)
        var decoded: [Float] = []
        try decode(seq, into: &decoded)
        let (stretched, inserted) = stretch.preemptiveExpand(decoded, maxMs: maxMs)
        nextSlot = seq + 1
        stream += stretched
        insertedSamples += inserted
        return Double(inserted) * 1000 / Double(sampleRate)
    }

    public mutating func conceal(ms: Double, consumesSlot: Bool) throws {
        guard started else { return }  // silence before the first packet is not part of the listener's audio
        var count = samples(ms)
        while count > 0 {
            let frame = try concealFrame()
            stream += frame.prefix(count)
            concealedSamples += min(count, frame.count)
            count -= frame.count
        }
        if consumesSlot { nextSlot += 1 }
    }

    public mutating func output(ms: Double) {
        guard started else { return }
        played = min(stream.count, played + samples(ms))
    }

    /// The listener's audio: everything played, what is still queued, the slots never reached concealed in turn,
    /// and the concealment's own delay (G.711 Appendix I: 3.75 ms) removed.
    public mutating func finish() throws -> [Float] {
        if !started { started = true }
        while nextSlot < payloads.count {
            for _ in 0..<(payloads[nextSlot].count) {
                let frame = try concealFrame()
                concealedSamples += frame.count
                stream += frame
            }
            nextSlot += 1
        }
        played = stream.count
        let delay = concealsInternally ? 0 : concealment.delaySamples
        if delay > 0 {
            let flushed = concealment.process(goodFrame: [Float](repeating: 0, count: delay))
            stream = Array(stream.dropFirst(delay)) + flushed
            played = stream.count
        }
        return stream
    }
}
