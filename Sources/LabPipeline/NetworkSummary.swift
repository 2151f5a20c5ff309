import ChannelModels
import Foundation
import LabCore
import Playout
import ScenarioSpecs

/// `moslab network`'s summary of a `ReceiverRun` without audio: RFC 3611 §4.7 figures, RFC 3550 jitter, delays,
/// the E-model's Ppl and BurstR from the realised pattern, and the buffer's KPIs. JSON keys are kept as they were.
public struct NetworkSummary: Sendable, Codable, Equatable {
    public var scenario: String
    public var seed: UInt64
    public var packets: Int
    public var ptime_ms: Double
    public var loss_model: String
    public var jitter_buffer: String
    /// Network loss pattern (before the buffer).
    public var network_loss_rate: Double
    public var network_mean_burst: Double
    public var model_loss_rate: Double
    public var model_mean_burst: Double
    public var match_candidate: Int?
    public var match_within_tolerance: Bool?
    public var tail_drops: Int
    /// RFC 3611 §4.7 over the effective pattern (network loss = lost, late = discarded), Gmin = 16.
    public var rfc3611: RFC3611Metrics
    public var interarrival_jitter_ms: Double
    public var mean_interarrival_jitter_ms: Double
    public var mean_delay_ms: Double
    public var p95_delay_ms: Double
    public var max_delay_ms: Double
    public var reordered: Int
    /// G.107 Ppl (%) and BurstR from the effective loss pattern (MODELS.md §2.4 method 1).
    public var Ppl: Double
    public var BurstR: Double
    public var buffer: BufferStatistics
    /// webrtc-stats counters of the receiver (no audio: stretches as the buffer asked them).
    public var webrtc_stats: ReceiverCounters

    public init(spec: ScenarioSpec, seed: UInt64, packets: Int, run: ReceiverRun.Output) {
        let network = LossPatternStatistics(lostFlags: run.arrivals.map(\.isLost))
        let model = spec.makeLossModel()
        scenario = spec.name
        self.seed = seed
        self.packets = packets
        ptime_ms = spec.codec.ptimeMs
        loss_model = spec.lossSummary
        jitter_buffer = spec.jitterBufferSummary
        network_loss_rate = network.lossRate
        network_mean_burst = network.meanBurstLength
        model_loss_rate = model.stationaryLossRate
        model_mean_burst = model.meanBurstLength
        match_candidate = run.matchCandidate
        match_within_tolerance = run.matchWithinTolerance
        tail_drops = run.tailDrops
        rfc3611 = run.rfc3611
        interarrival_jitter_ms = run.delays.interarrivalJitterMs
        mean_interarrival_jitter_ms = run.delays.meanInterarrivalJitterMs
        mean_delay_ms = run.delays.meanMs
        p95_delay_ms = run.delays.p95Ms
        max_delay_ms = run.delays.maxMs
        reordered = run.delays.reordered
        Ppl = 100 * run.buffer.effectiveLossRate
        BurstR = run.buffer.burstRatio
        buffer = run.buffer
        webrtc_stats = run.counters
    }
}
