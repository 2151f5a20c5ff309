import EModel
import LabCore

/// The result of one scenario on one clip: the stable, documented schema of `result.json` and `results.csv`
/// (docs/results.md). Field names are snake_case and never change meaning; new fields may be added.
public struct RunResult: Sendable, Codable, Equatable {
    public static let schemaVersion = 1

    public var schema_version = RunResult.schemaVersion
    public var scenario: String
    public var clip: String
    public var codec: String
    public var seed: UInt64
    public var ptime_ms: Double
    public var plc: String
    public var jitter_buffer: String
    public var loss_model: String
    /// For runs expanded from a `matrix:`: the spec's own name and each swept path's value; `spec_hash` identifies
    /// the spec text and assignment (used by `--resume` and `moslab check`).
    public var base_scenario: String = ""
    public var matrix: [String: String] = [:]
    public var spec_hash: String = ""

    // Reference preparation
    public var reference_path: String
    public var sample_rate: Int
    public var duration_s: Double
    /// P.56 active speech level of the reference as read, before normalisation.
    public var reference_level_dbov: Double
    /// Active speech level the reference was normalised to (P.56).
    public var normalized_level_dbov: Double
    public var activity_factor: Double

    // Network and receiver
    public var packets_sent: Int
    public var packets_lost: Int
    public var packets_late: Int
    /// Network loss, lost / sent.
    public var loss_rate: Double
    /// Discarded by the jitter buffer as late, late / sent.
    public var late_loss_rate: Double
    /// (lost + late) / sent: what the listener misses, and the E-model's Ppl / 100.
    public var effective_loss_rate: Double
    /// Mean run of consecutive effective losses (0 when none).
    public var mean_burst_length: Double
    /// G.107 BurstR from the realised effective-loss pattern.
    public var burst_ratio: Double
    public var mean_network_delay_ms: Double
    /// Mean time a played packet waited in the jitter buffer.
    public var mean_playout_delay_ms: Double
    /// Mouth-to-ear delay: packetization + network + buffer + codec look-ahead (the E-model's Ta).
    public var one_way_delay_ms: Double
    public var concealed_ms: Double
    public var longest_concealment_ms: Double
    /// Nearest-rank 95th percentile of the time a played packet waited in the jitter buffer.
    public var p95_playout_delay_ms: Double?
    /// Changes of the playout delay of ≥ 1 ms (0 for a fixed buffer).
    public var jitter_buffer_adaptations: Int?
    /// RFC 3550 interarrival jitter at the end of the clip, ms.
    public var interarrival_jitter_ms: Double?
    public var p95_network_delay_ms: Double?
    public var max_network_delay_ms: Double?
    /// RFC 3611 §4.7 figures of the effective loss (lost = network loss, discarded = late), Gmin = 16.
    public var discard_rate: Double?
    public var burst_density: Double?
    public var gap_density: Double?
    public var burst_duration_ms: Double?
    public var gap_duration_ms: Double?
    /// webrtc-stats counters of the receiver (W3C RTCInboundRtpStreamStats names in snake_case, NetEq rates).
    public var jitter_buffer_delay_ms: Double?
    public var jitter_buffer_target_delay_ms: Double?
    public var concealed_samples: Int?
    public var concealment_events: Int?
    public var inserted_samples_for_deceleration: Int?
    public var removed_samples_for_acceleration: Int?
    public var total_samples_received: Int?
    public var expand_rate: Double?
    public var accelerate_rate: Double?
    public var preemptive_rate: Double?

    // Quality
    /// G.107 R (0…100) or, for wideband codecs, G.107.1 R (0…129); null when the codec has no published Ie/Bpl.
    @NullEncoded public var r_factor: Double?
    @NullEncoded public var predicted_mos: Double?
    /// Band of the predicted MOS; null with it.
    @NullEncoded public var mos_band: String?
    /// Which E-model produced the prediction (G.107 or G.107.1).
    public var emodel_model: String
    /// P.862 MOS-LQO; null until the P.862 stage is available.
    @NullEncoded public var signal_mos: Double?
    @NullEncoded public var signal_band: String?
    /// Every E-model input by its symbol and every term (`R`, `MOS`, `Ro`, `Is`, `Id`, `Idte`, `Idle`, `Idd`,
    /// `Ie_eff`, `A`, …), so the prediction can be audited.
    public var emodel_inputs: [String: Double]
    public var emodel: [String: Double]

    // Outputs
    public var degraded_path: String
    public var processed_reference_path: String
    /// Conversions made on the way (stereo mixed down, resampled, …).
    public var notes: [String]
    /// Expectations from the spec that failed (empty when all held).
    public var failed_expectations: [String]

    public init(scenario: String, clip: String, codec: String, seed: UInt64, ptime_ms: Double, plc: String,
                jitter_buffer: String, loss_model: String, reference_path: String, sample_rate: Int, duration_s: Double,
                reference_level_dbov: Double, normalized_level_dbov: Double, activity_factor: Double,
                packets_sent: Int, packets_lost: Int, packets_late: Int, loss_rate: Double, late_loss_rate: Double,
                effective_loss_rate: Double, mean_burst_length: Double, burst_ratio: Double,
                mean_network_delay_ms: Double, mean_playout_delay_ms: Double, one_way_delay_ms: Double,
                concealed_ms: Double, longest_concealment_ms: Double, r_factor: Double?, predicted_mos: Double?,
                mos_band: String?, emodel_model: String, signal_mos: Double?, signal_band: String?,
                emodel_inputs: [String: Double], emodel: [String: Double], degraded_path: String, processed_reference_path: String, notes: [String],
                failed_expectations: [String]) {
        self.scenario = scenario
        self.clip = clip
        self.codec = codec
        self.seed = seed
        self.ptime_ms = ptime_ms
        self.plc = plc
        self.jitter_buffer = jitter_buffer
        self.loss_model = loss_model
        self.reference_path = reference_path
        self.sample_rate = sample_rate
        self.duration_s = duration_s
        self.reference_level_dbov = reference_level_dbov
        self.normalized_level_dbov = normalized_level_dbov
        self.activity_factor = activity_factor
        self.packets_sent = packets_sent
        self.packets_lost = packets_lost
        self.packets_late = packets_late
        self.loss_rate = loss_rate
        self.late_loss_rate = late_loss_rate
        self.effective_loss_rate = effective_loss_rate
        self.mean_burst_length = mean_burst_length
        self.burst_ratio = burst_ratio
        self.mean_network_delay_ms = mean_network_delay_ms
        self.mean_playout_delay_ms = mean_playout_delay_ms
        self.one_way_delay_ms = one_way_delay_ms
        self.concealed_ms = concealed_ms
        self.longest_concealment_ms = longest_concealment_ms
        self.r_factor = r_factor
        self.predicted_mos = predicted_mos
        self.mos_band = mos_band
        self.emodel_model = emodel_model
        self.signal_mos = signal_mos
        self.signal_band = signal_band
        self.emodel_inputs = emodel_inputs
        self.emodel = emodel
        self.degraded_path = degraded_path
        self.processed_reference_path = processed_reference_path
        self.notes = notes
        self.failed_expectations = failed_expectations
    }

    /// Numeric fields by name, for `expect:` bounds and regression checks.
    public func numericField(_ name: String) -> Double? {
        Self.numericFields[name].flatMap { $0(self) }
    }

    public static let numericFields: [String: @Sendable (RunResult) -> Double?] = [
        "packets_sent": { Double($0.packets_sent) }, "packets_lost": { Double($0.packets_lost) },
        "packets_late": { Double($0.packets_late) }, "loss_rate": { $0.loss_rate },
        "late_loss_rate": { $0.late_loss_rate }, "effective_loss_rate": { $0.effective_loss_rate },
        "mean_burst_length": { $0.mean_burst_length }, "burst_ratio": { $0.burst_ratio },
        "mean_network_delay_ms": { $0.mean_network_delay_ms }, "mean_playout_delay_ms": { $0.mean_playout_delay_ms },
        "one_way_delay_ms": { $0.one_way_delay_ms }, "concealed_ms": { $0.concealed_ms },
        "longest_concealment_ms": { $0.longest_concealment_ms }, "r_factor": { $0.r_factor },
        "p95_playout_delay_ms": { $0.p95_playout_delay_ms }, "jitter_buffer_adaptations": { $0.jitter_buffer_adaptations.map(Double.init) },
        "interarrival_jitter_ms": { $0.interarrival_jitter_ms }, "p95_network_delay_ms": { $0.p95_network_delay_ms },
        "max_network_delay_ms": { $0.max_network_delay_ms }, "discard_rate": { $0.discard_rate },
        "burst_density": { $0.burst_density }, "gap_density": { $0.gap_density },
        "burst_duration_ms": { $0.burst_duration_ms }, "gap_duration_ms": { $0.gap_duration_ms },
        "predicted_mos": { $0.predicted_mos }, "signal_mos": { $0.signal_mos },
        "reference_level_dbov": { $0.reference_level_dbov }, "activity_factor": { $0.activity_factor },
        "jitter_buffer_delay_ms": { $0.jitter_buffer_delay_ms }, "jitter_buffer_target_delay_ms": { $0.jitter_buffer_target_delay_ms },
        "concealed_samples": { $0.concealed_samples.map(Double.init) }, "concealment_events": { $0.concealment_events.map(Double.init) },
        "inserted_samples_for_deceleration": { $0.inserted_samples_for_deceleration.map(Double.init) },
        "removed_samples_for_acceleration": { $0.removed_samples_for_acceleration.map(Double.init) },
        "total_samples_received": { $0.total_samples_received.map(Double.init) }, "expand_rate": { $0.expand_rate },
        "accelerate_rate": { $0.accelerate_rate }, "preemptive_rate": { $0.preemptive_rate },
    ]
}
