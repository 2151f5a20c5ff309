import ChannelModels

/// Per-stream statistics of a captured RTP stream, accumulated packet by packet in constant memory (a few KiB per
/// stream, nothing per packet), so a capture of any size is analysed in bounded memory.
///
/// - Sequence numbers: RFC 3550 Appendix A.1 — extended to 64 bits across 16-bit wraps; a step within
///   −`maxMisorder`…`maxDropout` is normal (gap = loss, behind = reordered or duplicate); a larger one is a
///   "jump" and the stream restarts only when the next packet continues from it (two in sequence), as A.1 does.
///   Expected = highest − base + 1 per segment; lost = expected − distinct received (RFC 3550 §6.4.1 "cumulative
///   number of packets lost"). Duplicates are told apart with a `window`-packet bitmap.
/// - Loss pattern: each sequence number is classified received/lost once it leaves the reorder window, in sequence
///   order, and fed to ChannelModels' RFC 3611 Appendix A.2 accumulator (burst/gap metrics) and to run-length
///   counts (bursts, the loss-run histogram, Markov transition counts for the fitted loss model).
/// - Jitter: RFC 3550 §6.4.1 / A.8, in arrival order, through ChannelModels' `InterarrivalJitter.Estimator` with
///   the RTP timestamp as the send clock (ms = timestamp × 1000 / clock rate). `mean_jitter_ms` is the mean of the
///   running estimate, as Wireshark's "Mean Jitter".
/// - Relative delay: transit (arrival − timestamp time) relative to the smallest transit seen, as a 0.1 ms
///   histogram (Wireshark's "delta"/"skew" family; the one-way delay itself is unknowable from one capture point).
///   A timestamp jump (|D| > `timestampJumpMs`) re-bases the transit and restarts the jitter difference.
public struct RTPStreamStatistics: Sendable {
    public static let maxDropout: Int64 = 3000
    public static let maxMisorder: Int64 = 100
    static let window = 128  // > maxMisorder, a power of two
    public static let timestampJumpMs = 5_000.0
    public static let delayBinMs = 0.1

    public let key: RTPStreamKey
    public private(set) var payloadType: UInt8
    public private(set) var clockRate: Int
    public private(set) var firstMicros: Int64 = 0
    public private(set) var lastMicros: Int64 = 0
    /// Every RTP packet seen, duplicates included.
    public private(set) var packetsSeen = 0
    public private(set) var duplicates = 0
    public private(set) var reordered = 0
    public private(set) var sequenceJumps = 0
    public private(set) var sequenceRestarts = 0
    public private(set) var timestampJumps = 0
    public private(set) var payloadTypeChanges = 0
    public private(set) var markers = 0
    public private(set) var payloadBytes = 0
    public private(set) var jitter = InterarrivalJitter.Estimator()
    public private(set) var maxJitterMs = 0.0
    public private(set) var rfc3611 = RFC3611Metrics.Accumulator()
    /// Loss runs in sequence order: run length → count.
    public private(set) var burstHistogram: [Int: Int] = [:]
    /// Runs of received packets between losses (completed ones).
    public private(set) var gapHistogram: [Int: Int] = [:]
    /// Markov transition counts between successive sequence numbers (received → received, etc.).
    public private(set) var transitions = (rr: 0, rl: 0, lr: 0, ll: 0)
    /// Relative transit histogram (0.1 ms bins of transit − first transit) and its moments.
    public private(set) var transitBins: [Int: Int] = [:]
    var transitSum = 0.0, transitSumSquares = 0.0, transitLagProduct = 0.0, transitCount = 0
    var previousTransit: Double? = nil
    var transitOffset = 0.0
    var firstTransit: Double? = nil
    var minRelativeTransit = Double.infinity
    var maxRelativeTransit = -Double.infinity
    /// Timestamp increments between packets with consecutive sequence numbers (→ packet duration).
    public private(set) var timestampSteps: [Int64: Int] = [:]

    // Sequence state (RFC 3550 A.1).
    var expectedBefore: Int64 = 0  // expected packets of finished segments
    var distinctReceived = 0
    var baseExt: Int64 = 0
    var maxExt: Int64 = 0
    var finalizedUpTo: Int64 = 0  // next extended seq to classify
    var badSeq: Int64? = nil
    var ring = [Bool](repeating: false, count: RTPStreamStatistics.window)
    var runLength = 0
    var runIsLoss = false
    var previousFinal: Bool? = nil  // last classified: true = received
    // Timestamp state.
    var extendedTimestamp: Int64 = 0
    var lastTimestamp: UInt32 = 0
    var lastSequenceForStep: Int64? = nil
    var started = false

    public init(key: RTPStreamKey, payloadType: UInt8, clockRate: Int) {
        self.key = key
        self.payloadType = payloadType
        self.clockRate = clockRate
    }

    /// The clock is known only after a few packets when it has to be estimated; set it before `add`.
    public mutating func setClockRate(_ rate: Int) { clockRate = rate }

    /// One received RTP packet (arrival time in µs since the epoch).
    @inline(__always)
    public mutating func add(micros: Int64, sequence: UInt16, timestamp: UInt32, payloadType pt: UInt8, marker: Bool, payloadLength: Int) {
        packetsSeen += 1
        payloadBytes += payloadLength
        if marker { markers += 1 }
        if pt != payloadType { payloadTypeChanges += 1; payloadType = pt }
        guard started else {
            started = true
            firstMicros = micros
            lastMicros = micros
            baseExt = Int64(sequence)
            maxExt = baseExt
            finalizedUpTo = baseExt
            ring[Int(baseExt) & (Self.window - 1)] = true
            distinctReceived = 1
            lastTimestamp = timestamp
            extendedTimestamp = Int64(timestamp)
            lastSequenceForStep = baseExt
            observeTiming(micros: micros)
            return
        }
        lastMicros = max(lastMicros, micros)
        extendedTimestamp += Int64(Int32(bitPattern: timestamp &- lastTimestamp))
        lastTimestamp = timestamp

        let delta = Int64(Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: maxExt)))
        let ext = maxExt + delta
        if delta > Self.maxDropout || delta < -Self.maxMisorder {
            // RFC 3550 A.1: a very large jump; restart only when the next packet follows it.
            if let bad = badSeq, Int64(sequence) == bad & 0xFFFF {
                restartSequence(at: Int64(sequence))
            } else {
                sequenceJumps += 1
                badSeq = (Int64(sequence) + 1) & 0xFFFF
                return
            }
        } else {
            badSeq = nil
            if delta > 0 {
                advance(to: ext)
                if ext == (lastSequenceForStep ?? ext - 1) + 1 { recordStep() }
                lastSequenceForStep = ext
            } else if ext < baseExt {
                // Before the first packet seen (reordered at the start): widen the segment if still in the window.
                if maxExt - ext < Int64(Self.window) && finalizedUpTo == baseExt {
                    for q in ext..<baseExt { ring[Int(q & Int64(Self.window - 1))] = false }
                    baseExt = ext
                    finalizedUpTo = ext
                    ring[Int(ext & Int64(Self.window - 1))] = true
                    distinctReceived += 1
                }
                reordered += 1
            } else if ext < finalizedUpTo {
                reordered += 1  // already classified as lost; too late for the window
            } else {
                let slot = Int(ext & Int64(Self.window - 1))
                if ring[slot] {
                    duplicates += 1
                    return  // a copy changes neither jitter nor delay statistics
                }
                ring[slot] = true
                distinctReceived += 1
                if delta < 0 { reordered += 1 }
            }
        }
        observeTiming(micros: micros)
    }

    @inline(__always)
    mutating func recordStep() {
        if timestampSteps.count < 32 || timestampSteps[stepCandidate] != nil {
            timestampSteps[stepCandidate, default: 0] += 1
        }
    }

    var stepCandidate: Int64 { extendedTimestamp - previousExtendedTimestamp }
    var previousExtendedTimestamp: Int64 = 0

    @inline(__always)
    mutating func observeTiming(micros: Int64) {
        defer { previousExtendedTimestamp = extendedTimestamp }
        let arrivalMs = Double(micros - firstMicros) / 1000
        let sendMs = Double(extendedTimestamp) * 1000 / Double(clockRate)
        var transit = arrivalMs - sendMs + transitOffset
        if let previous = previousTransit, abs(transit - previous) > Self.timestampJumpMs {
            // A timestamp jump (sender clock reset): continue the transit from where it was.
            timestampJumps += 1
            transitOffset += previous - transit
            transit = previous
            jitter.restart()
        }
        if let j = jitter.add(arrivalMs: arrivalMs + transitOffset, sendMs: sendMs) { maxJitterMs = max(maxJitterMs, j) }
        let first = firstTransit ?? transit
        firstTransit = first
        let relative = transit - first
        transitBins[Int((relative / Self.delayBinMs).rounded(.down)), default: 0] += 1
        minRelativeTransit = min(minRelativeTransit, relative)
        maxRelativeTransit = max(maxRelativeTransit, relative)
        transitSum += relative
        transitSumSquares += relative * relative
        if let previous = previousTransit { transitLagProduct += relative * (previous - first) }
        transitCount += 1
        previousTransit = transit
    }

    /// A new highest sequence number: classify what leaves the window, clear the new slots.
    @inline(__always)
    mutating func advance(to ext: Int64) {
        let mask = Int64(Self.window - 1)
        let limit = ext - Int64(Self.window)
        while finalizedUpTo <= limit {
            let received = finalizedUpTo <= maxExt && ring[Int(finalizedUpTo & mask)]
            classify(received: received)
            finalizedUpTo += 1
        }
        var q = max(maxExt + 1, finalizedUpTo)
        while q < ext { ring[Int(q & mask)] = false; q += 1 }
        ring[Int(ext & mask)] = true
        maxExt = ext
        distinctReceived += 1
    }

    @inline(__always)
    mutating func classify(received: Bool) {
        rfc3611.add(received ? .played : .lost)  // a capture sees arrivals, not playout
        if let previous = previousFinal {
            switch (previous, received) {
            case (true, true): transitions.rr += 1
            case (true, false): transitions.rl += 1
            case (false, true): transitions.lr += 1
            case (false, false): transitions.ll += 1
            }
            if previous == received {
                runLength += 1
            } else {
                if runIsLoss { burstHistogram[runLength, default: 0] += 1 } else { gapHistogram[runLength, default: 0] += 1 }
                runLength = 1
                runIsLoss = !received
            }
        } else {
            runLength = 1
            runIsLoss = !received
        }
        previousFinal = received
    }

    mutating func restartSequence(at sequence: Int64) {
        flush()
        sequenceRestarts += 1
        expectedBefore += maxExt - baseExt + 1
        // Continue the extended numbering past the old segment so the ring stays consistent.
        let next = maxExt + Int64(Self.window) + 1
        let aligned = next + ((sequence - next) % 65_536 + 65_536) % 65_536
        baseExt = aligned
        maxExt = aligned
        finalizedUpTo = aligned
        for i in ring.indices { ring[i] = false }
        ring[Int(aligned & Int64(Self.window - 1))] = true
        distinctReceived += 1
        badSeq = nil
        lastSequenceForStep = aligned
    }

    /// Classifies everything still in the window (end of capture or a sequence restart).
    mutating func flush() {
        let mask = Int64(Self.window - 1)
        while finalizedUpTo <= maxExt {
            classify(received: ring[Int(finalizedUpTo & mask)])
            finalizedUpTo += 1
        }
    }

    /// Packets expected from the sequence numbers (all segments).
    public var expected: Int64 { started ? expectedBefore + maxExt - baseExt + 1 : 0 }
    /// Distinct packets received.
    public var received: Int { distinctReceived }
    public var lost: Int64 { max(0, expected - Int64(distinctReceived)) }

    /// The summary at the end of the capture (classifies the packets still in the reorder window).
    public func finished() -> RTPStreamSummary {
        var copy = self
        copy.flush()
        if copy.runLength > 0 {
            if copy.runIsLoss { copy.burstHistogram[copy.runLength, default: 0] += 1 }
            // A trailing received run is not a completed gap.
        }
        return RTPStreamSummary(copy)
    }
}
