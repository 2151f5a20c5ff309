import ChannelModels

/// The figures a jitter-buffer tuning regression tracks (MODELS.md §4.5–4.6), from arrivals and the schedule.
public struct BufferStatistics: Sendable, Equatable, Codable {
    public var packets: Int
    public var lost: Int
    public var late: Int
    /// Network loss, lost / sent.
    public var lossRate: Double
    /// Discarded as late, late / sent.
    public var lateLossRate: Double
    /// (lost + late) / sent.
    public var effectiveLossRate: Double
    /// Time a played packet waited in the buffer (playout − arrival): mean and nearest-rank 95th percentile.
    public var meanPlayoutDelayMs: Double
    public var p95PlayoutDelayMs: Double
    /// Send to playout (network + buffer), mean over all packets.
    public var meanEndToEndDelayMs: Double
    public var adaptations: Int
    /// Packets not played × ptime, and the longest run of them × ptime.
    public var concealedMs: Double
    public var longestConcealmentMs: Double
    /// Effective-loss pattern statistics (Ppl and BurstR for the E-model, MODELS.md §2.4 method 1).
    public var meanBurstLength: Double
    public var burstRatio: Double

    /// JSON keys in the lab's snake_case, matching result.json's names.
    enum CodingKeys: String, CodingKey {
        case packets, lost, late, adaptations
        case lossRate = "loss_rate", lateLossRate = "late_loss_rate", effectiveLossRate = "effective_loss_rate"
        case meanPlayoutDelayMs = "mean_playout_delay_ms", p95PlayoutDelayMs = "p95_playout_delay_ms"
        case meanEndToEndDelayMs = "mean_end_to_end_delay_ms", concealedMs = "concealed_ms"
        case longestConcealmentMs = "longest_concealment_ms", meanBurstLength = "mean_burst_length", burstRatio = "burst_ratio"
    }

    public init(arrivals: [PacketArrival], schedule: PlayoutSchedule, ptimeMs: Double) {
        let events = schedule.events
        packets = events.count
        lost = events.lazy.filter { $0.fate == .lost }.count
        late = events.lazy.filter { $0.fate == .late }.count
        let n = Double(max(1, packets))
        lossRate = Double(lost) / n
        lateLossRate = Double(late) / n
        effectiveLossRate = Double(lost + late) / n
        var waits: [Double] = []
        waits.reserveCapacity(packets)
        var endToEnd = 0.0
        var run = 0, longest = 0, bursts = 0
        for (arrival, event) in zip(arrivals, events) {
            endToEnd += event.playoutMs - arrival.sendMs
            if event.fate == .played {
                waits.append(event.playoutMs - arrival.arrivalMs!)
                run = 0
            } else {
                run += 1
                if run == 1 { bursts += 1 }
                longest = max(longest, run)
            }
        }
        meanPlayoutDelayMs = waits.isEmpty ? 0 : waits.reduce(0, +) / Double(waits.count)
        p95PlayoutDelayMs = Percentile.nearestRank(waits, 0.95)
        meanEndToEndDelayMs = packets > 0 ? endToEnd / Double(packets) : 0
        adaptations = schedule.adaptations
        concealedMs = Double(lost + late) * ptimeMs
        longestConcealmentMs = Double(longest) * ptimeMs
        // The effective-loss pattern of `fate != .played` (lost or late): its runs are the ones counted above.
        let pattern = LossPatternStatistics(packets: packets, lost: lost + late, bursts: bursts)
        meanBurstLength = pattern.meanBurstLength
        burstRatio = pattern.burstRatio
    }
}
