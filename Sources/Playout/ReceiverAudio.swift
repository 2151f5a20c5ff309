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
    var queue: [Float] = []
    public private(set) var output: [Float] = []
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

    public init(decoder: any SpeechDecoder, concealment: any Concealment, payloads: [[[UInt8]]]) {
        self.decoder = decoder
        self.concealment = concealment
        self.payloads = payloads
        frameSamples = decoder.descriptor.frameSamples
        sampleRate = decoder.descriptor.sampleRate
        stretch = TimeStretch(sampleRate: decoder.descriptor.sampleRate)
    }

    var packetSamples: Int { (payloads.first?.count ?? 1) * frameSamples }

    func samples(_ ms: Double) -> Int { Int((ms * Double(sampleRate) / 1000).rounded()) }

    /// One packet's frames, decoded (or concealed frame by frame when the decoder gives nothing).
    mutating func decode(_ seq: Int) throws -> [Float] {
        var out: [Float] = []
        for payload in payloads[seq] {
            if let decoded = try decoder.decode(payload) {
                var frame = decoded.map { Float($0) / 32768 }
                if !decoder.descriptor.concealsInternally { frame = concealment.process(goodFrame: frame) }
                run = 0
                out += frame
            } else {
                let frame = try concealFrame()
                concealedSamples += frame.count
                out += frame
            }
        }
        return out
    }

    mutating func concealFrame() throws -> [Float] {
        statistics.concealedFrames += 1
        run += 1
        statistics.longestConcealmentFrames = max(statistics.longestConcealmentFrames, run)
        if decoder.descriptor.concealsInternally, let concealed = try decoder.decode(nil) {
            return concealed.map { Float($0) / 32768 }
        }
        return concealment.conceal(count: frameSamples)
    }

    /// Before the first packet played: conceal the slots it skipped, into the output directly.
    mutating func begin(at seq: Int) throws {
        guard !started else { return }
        started = true
        while nextSlot < seq {
            for _ in 0..<(payloads[nextSlot].count) {
                let frame = try concealFrame()
                concealedSamples += frame.count
                output += frame
            }
            nextSlot += 1
        }
    }

    public mutating func play(_ seq: Int) throws {
        try begin(at: seq)
        queue += try decode(seq)
        nextSlot = seq + 1
    }

    public mutating func accelerate(_ seqs: [Int], maxMs: Double) throws -> Double {
        try begin(at: seqs[0])
        var decoded: [Float] = []
        for seq in seqs { decoded += try decode(seq) }
        nextSlot = seqs.last! + 1
        let (stretched, removed) = stretch.accelerate(decoded, maxMs: maxMs)
        queue += stretched
        removedSamples += removed
        return Double(removed) * 1000 / Double(sampleRate)
    }

    public mutating func preemptiveExpand(_ seq: Int, maxMs: Double) throws -> Double {
        try begin(at: seq)
        let (stretched, inserted) = stretch.preemptiveExpand(try decode(seq), maxMs: maxMs)
        nextSlot = seq + 1
        queue += stretched
        insertedSamples += inserted
        return Double(inserted) * 1000 / Double(sampleRate)
    }

    public mutating func conceal(ms: Double, consumesSlot: Bool) throws {
        guard started else { return }  // silence before the first packet is not part of the listener's audio
        var count = samples(ms)
        while count > 0 {
            let frame = try concealFrame()
            queue += frame.prefix(count)
            concealedSamples += min(count, frame.count)
            count -= frame.count
        }
        if consumesSlot { nextSlot += 1 }
    }

    public mutating func output(ms: Double) {
        guard started else { return }
        let count = min(queue.count, samples(ms))
        output += queue[0..<count]
        queue.removeFirst(count)
    }

    /// The listener's audio: everything played, what is still queued, the slots never reached concealed in turn,
    /// and the concealment's own delay (G.711 Appendix I: 3.75 ms) removed.
    public mutating func finish() throws -> [Float] {
        if !started { started = true }
        output += queue
        queue = []
        while nextSlot < payloads.count {
            for _ in 0..<(payloads[nextSlot].count) {
                let frame = try concealFrame()
                concealedSamples += frame.count
                output += frame
            }
            nextSlot += 1
        }
        let delay = decoder.descriptor.concealsInternally ? 0 : concealment.delaySamples
        if delay > 0 {
            let flushed = concealment.process(goodFrame: [Float](repeating: 0, count: delay))
            output = Array(output.dropFirst(delay)) + flushed
        }
        return output
    }
}
