/// RFC 3611 §4.7 VoIP Metrics Report Block figures (loss, discard, burst/gap density and duration), computed by
/// the Appendix A.2 state machine as MODELS.md §2.2 restates it.
///
/// Loss and discard rates are counted as lost/expected and discarded/expected (not from the transition total,
/// which MODELS.md §2.2 shows is biased). Kept quirks of A.2: the first loss always ends a "burst" (c13), and a
/// trailing candidate burst is classified only when the next loss comes. Burst density is the Markov estimate
/// p23/(p23+p32), not an exact count.
public struct RFC3611Metrics: Sendable, Equatable, Codable {
    public var gmin: Int
    public var packets: Int
    public var lost: Int
    public var discarded: Int
    public var lossRate: Double
    public var discardRate: Double
    public var burstDensity: Double
    public var gapDensity: Double
    public var burstDurationMs: Double
    public var gapDurationMs: Double
    /// A.2 transition counters, for audits: c11, c13, c14, c22, c23, c33.
    public var c11: Int, c13: Int, c14: Int, c22: Int, c23: Int, c33: Int

    /// JSON keys in the lab's snake_case (RFC 3611 names).
    enum CodingKeys: String, CodingKey {
        case gmin, packets, lost, discarded, c11, c13, c14, c22, c23, c33
        case lossRate = "loss_rate", discardRate = "discard_rate", burstDensity = "burst_density"
        case gapDensity = "gap_density", burstDurationMs = "burst_duration_ms", gapDurationMs = "gap_duration_ms"
    }

    /// RFC 3611 §4.7 wire form of a fraction: ×256, truncated, clamped to 255.
    public static func wire(_ fraction: Double) -> Int { min(255, Int(fraction * 256)) }

    /// RFC 3611 §4.7 counts a packet as received (`played`), lost (`lost`) or discarded by the receiver (`late`:
    /// arrived after its playout deadline, or dropped by the jitter buffer).
    public init(outcomes: [PacketFate], packetMs: Double, gmin: Int = 16) {
        var accumulator = Accumulator(gmin: gmin)
        for outcome in outcomes { accumulator.add(outcome) }
        self = accumulator.metrics(packetMs: packetMs)
    }

    /// The Appendix A.2 state machine fed one packet at a time, so a capture of any length is summarised in
    /// constant memory (`moslab analyze`); `init(outcomes:)` is this applied to an array.
    public struct Accumulator: Sendable, Equatable {
        public let gmin: Int
        var packets = 0, pkt = 0, lostInBurst = 0
        var c11 = 0, c13 = 0, c14 = 0, c22 = 0, c23 = 0, c33 = 0
        var lostCount = 0, discardCount = 0

        public init(gmin: Int = 16) { self.gmin = gmin }

        @inline(__always)
        public mutating func add(_ outcome: PacketFate) {
            packets += 1
            if outcome == .played {
                pkt += 1
                return
            }
            if outcome == .lost { lostCount += 1 } else { discardCount += 1 }
            if pkt >= gmin {
                if lostInBurst == 1 { c14 += 1 } else { c13 += 1 }
                lostInBurst = 1
                c11 += pkt
            } else {
                lostInBurst += 1
                if pkt == 0 {
                    c33 += 1
                } else {
                    c23 += 1
                    c22 += pkt - 1
                }
            }
            pkt = 0
        }

        public func metrics(packetMs: Double) -> RFC3611Metrics {
            RFC3611Metrics(accumulator: self, packetMs: packetMs)
        }
    }

    init(accumulator a: Accumulator, packetMs: Double) {
        gmin = a.gmin
        packets = a.packets
        c11 = a.c11; c13 = a.c13; c14 = a.c14; c22 = a.c22; c23 = a.c23; c33 = a.c33
        lost = a.lostCount
        discarded = a.discardCount
        lossRate = packets > 0 ? Double(lost) / Double(packets) : 0
        discardRate = packets > 0 ? Double(discarded) / Double(packets) : 0
        let c31 = c13, c32 = c23
        let ctotal = Double(c11 + c14 + c13 + c22 + c23 + c31 + c32 + c33)
        let p32den = Double(c31 + c32 + c33)
        let p32 = p32den > 0 ? Double(c32) / p32den : 0
        let p23 = (c22 + c23) < 1 ? 1 : 1 - Double(c22) / Double(c22 + c23)
        let received = packets - lost - discarded
        burstDensity = received == 0 || c13 == 0 ? 0 : p23 / (p23 + p32)
        gapDensity = received == 0 || c11 + c14 == 0 ? 0 : Double(c14) / Double(c11 + c14)
        if c13 > 0 {
            gapDurationMs = Double(c11 + c14 + c13) * packetMs / Double(c13)
            burstDurationMs = ctotal * packetMs / Double(c13) - gapDurationMs
        } else {
            burstDurationMs = 0
            gapDurationMs = Double(packets) * packetMs
        }
    }
}

/// Per-trace delay and jitter figures.
public struct DelayStatistics: Sendable, Equatable, Codable {
    public var received: Int
    public var meanMs: Double
    /// Nearest-rank 95th percentile.
    public var p95Ms: Double
    public var maxMs: Double
    public var minMs: Double
    /// RFC 3550 §6.4.1 interarrival jitter J at the end of the trace, in ms.
    public var interarrivalJitterMs: Double
    /// Mean of J over the received packets (J is an EWMA with ~16 packets of memory; MODELS.md §2.3).
    public var meanInterarrivalJitterMs: Double
    /// Packets that arrived before one sent earlier.
    public var reordered: Int

    public init(arrivals: [PacketArrival]) {
        // One pass for the delays, the reordering count and whether the received packets are already in arrival
        // order (`InterarrivalJitter.series`' own test: no arrival before the previous received one).
        var delays: [Double] = []
        delays.reserveCapacity(arrivals.count)
        var latest = -Double.infinity
        var count = 0
        var previous: Double? = nil
        var inOrder = true
        for a in arrivals {
            guard let t = a.arrivalMs else { continue }
            delays.append(t - a.sendMs)
            if t < latest { count += 1 }
            latest = max(latest, t)
            if let previous, t < previous { inOrder = false }
            previous = t
        }
        received = delays.count
        meanMs = delays.isEmpty ? 0 : delays.reduce(0, +) / Double(delays.count)
        p95Ms = Percentile.nearestRank(delays, 0.95)
        maxMs = delays.max() ?? 0
        minMs = delays.min() ?? 0
        if inOrder {
            // In order, J's series is the estimator fed the received packets in seq order: its last value and its
            // running sum (0 + J₁ + J₂ + …, the series' `reduce`) without building the series (issue 16, fifth pass).
            var estimator = InterarrivalJitter.Estimator()
            for a in arrivals { if let t = a.arrivalMs { estimator.add(arrivalMs: t, sendMs: a.sendMs) } }
            interarrivalJitterMs = estimator.updates > 0 ? estimator.jitterMs : 0
            meanInterarrivalJitterMs = estimator.updates > 0 ? estimator.sumMs / Double(estimator.updates) : 0
        } else {
            let jitter = InterarrivalJitter.series(arrivals)
            interarrivalJitterMs = jitter.last ?? 0
            meanInterarrivalJitterMs = jitter.isEmpty ? 0 : jitter.reduce(0, +) / Double(jitter.count)
        }
        reordered = count
    }
}

/// RFC 3550 §6.4.1 / A.8 interarrival jitter, floating-point form: D(i−1,i) = (R_i − R_{i−1}) − (S_i − S_{i−1}),
/// J ← J + (|D| − J)/16, packets taken in arrival order (ties by seq). Times stay in ms (RFC 3550 uses timestamp
/// units; multiply by rate/1000 for those).
public enum InterarrivalJitter {
    /// J after each received packet from the second on.
    public static func series(_ arrivals: [PacketArrival]) -> [Double] {
        var received = arrivals.filter { !$0.isLost }
        var inOrder = true
        for i in received.indices.dropFirst() where received[i].arrivalMs! < received[i - 1].arrivalMs! { inOrder = false; break }
        if !inOrder {
            received.sort { ($0.arrivalMs!, $0.seq) < ($1.arrivalMs!, $1.seq) }
        }
        guard received.count > 1 else { return [] }
        var estimator = Estimator()
        var out: [Double] = []
        out.reserveCapacity(received.count - 1)
        for packet in received {
            if let j = estimator.add(arrivalMs: packet.arrivalMs!, sendMs: packet.sendMs) { out.append(j) }
        }
        return out
    }

    /// The running estimate fed one packet at a time in arrival order (the form a capture reader needs: constant
    /// memory). `sendMs` is the sender's clock (the RTP timestamp in ms); any fixed offset cancels in D.
    public struct Estimator: Sendable, Equatable {
        public private(set) var jitterMs = 0.0
        /// J summed over every update, and the number of updates (for the mean of the running estimate).
        public private(set) var sumMs = 0.0
        public private(set) var updates = 0
        var previous: (arrival: Double, send: Double)? = nil

        public init() {}

        public static func == (a: Estimator, b: Estimator) -> Bool {
            a.jitterMs == b.jitterMs && a.sumMs == b.sumMs && a.updates == b.updates
        }

        /// Updates J with this packet; returns J, or nil for the first packet (no D yet).
        @inline(__always) @discardableResult
        public mutating func add(arrivalMs: Double, sendMs: Double) -> Double? {
            defer { previous = (arrivalMs, sendMs) }
            guard let last = previous else { return nil }
            let d = (arrivalMs - last.arrival) - (sendMs - last.send)
            jitterMs += (abs(d) - jitterMs) / 16
            sumMs += jitterMs
            updates += 1
            return jitterMs
        }

        /// Forgets the previous packet (after a timestamp jump) while keeping J and its mean.
        public mutating func restart() { previous = nil }

        public var meanMs: Double { updates > 0 ? sumMs / Double(updates) : 0 }
    }
}

public enum Percentile {
    /// Nearest-rank percentile (the smallest value with at least q of the data at or below it); 0 for no data.
    public static func nearestRank(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let rank = max(1, Int((q * Double(values.count)).rounded(.up)))
        return select(values, min(values.count, rank) - 1)
    }

    /// The k-th smallest value (0-based), by quickselect: the same value sorting would give, in linear time.
    static func select(_ values: [Double], _ k: Int) -> Double {
        var a = values
        var low = 0, high = a.count - 1
        while low < high {
            let pivot = a[low + (high - low) / 2]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return a[k] }
        }
        return a[k]
    }
}
