/// The receiver's counters as WebRTC reports them, so a team compares MOSLab with `getStats()` directly: the W3C
/// `RTCInboundRtpStreamStats` audio members (webrtc-stats §8.4: jitterBufferDelay / jitterBufferEmittedCount,
/// jitterBufferTargetDelay, concealedSamples, concealmentEvents, insertedSamplesForDeceleration,
/// removedSamplesForAcceleration, totalSamplesReceived) in snake_case, plus NetEq's network statistics rates
/// (`NetEqNetworkStatistics`: expand, accelerate and preemptive rates, here as fractions of the samples played).
public struct ReceiverCounters: Sendable, Codable, Equatable {
    /// Mean time a played packet waited in the buffer (playout − arrival), ms: jitterBufferDelay / emitted count.
    public var jitter_buffer_delay_ms: Double
    /// Mean of the buffer's target over the run's ticks, ms (a fixed buffer: its depth).
    public var jitter_buffer_target_delay_ms: Double
    /// Samples played that were concealment (lost or late slots, waits, underruns).
    public var concealed_samples: Int
    /// Times concealment started after audio that was not concealed.
    public var concealment_events: Int
    /// Samples inserted by preemptive expand.
    public var inserted_samples_for_deceleration: Int
    /// Samples removed by accelerate.
    public var removed_samples_for_acceleration: Int
    /// Samples played in all.
    public var total_samples_received: Int
    public var expand_rate: Double
    public var accelerate_rate: Double
    public var preemptive_rate: Double

    /// From a run's ticks (and the audio's own counts when it was rendered: `removed`/`inserted` samples).
    public init(run: PlayoutRun, arrivals: [Double?], sampleRate: Int, ptimeMs: Double,
                audio: (concealedSamples: Int, removed: Int, inserted: Int, total: Int)? = nil) {
        let perMs = Double(sampleRate) / 1000
        var waits = 0.0, played = 0
        for (index, event) in run.schedule.events.enumerated() where event.fate == .played {
            if let arrival = arrivals[index] {
                waits += event.playoutMs - arrival
                played += 1
            }
        }
        jitter_buffer_delay_ms = played > 0 ? waits / Double(played) : 0
        var targetSum = 0.0, targets = 0
        var events = 0
        var concealing = false
        var concealedMs = 0.0, removedMs = 0.0, insertedMs = 0.0
        for tick in run.records {
            if let target = tick.targetDelayMs {
                targetSum += target
                targets += 1
            }
            let now = tick.concealedMs > 0
            if now && !concealing { events += 1 }
            concealing = now && tick.decision.playedSeq == nil
            concealedMs += tick.concealedMs
            removedMs += tick.removedMs
            insertedMs += tick.insertedMs
        }
        jitter_buffer_target_delay_ms = targets == 0 ? 0 : targetSum / Double(targets)
        concealment_events = events
        let tickTotal = Int((Double(run.records.count) * ptimeMs * perMs).rounded())
        concealed_samples = audio?.concealedSamples ?? Int((concealedMs * perMs).rounded())
        removed_samples_for_acceleration = audio?.removed ?? Int((removedMs * perMs).rounded())
        inserted_samples_for_deceleration = audio?.inserted ?? Int((insertedMs * perMs).rounded())
        total_samples_received = audio?.total ?? tickTotal
        let total = Double(max(1, total_samples_received))
        expand_rate = Double(concealed_samples) / total
        accelerate_rate = Double(removed_samples_for_acceleration) / total
        preemptive_rate = Double(inserted_samples_for_deceleration) / total
    }
}
