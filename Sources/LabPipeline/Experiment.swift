import PacketTraces
import AudioIO
import ChannelModels
import EModel
import Foundation
import LabCore
import Playout
import Reporting
import ScenarioSpecs
import SignalQuality
import SpeechCodecs

/// One scenario on one clip: the whole simulated call, a pure function of (spec, clip, seed).
///
/// reference → resample to the codec rate → P.56 level → encode → packetize → network → jitter buffer →
/// decode + concealment → degraded audio (aligned to the reference) → E-model prediction.
public struct Experiment: Sendable {
    public var spec: ScenarioSpec
    public var clipPath: String {
        didSet { clipName = Self.clipName(of: clipPath) }
    }
    /// The clip's file name without its extension: the stem of the run's output files. Kept with the path rather
    /// than derived on each use (a sweep asks for it several times per run; issue 16).
    public private(set) var clipName: String
    public var seed: UInt64
    /// Measure the signal-based MOS (ITU-T P.862) of the degraded audio against the processed reference.
    public var measuresSignalMOS: Bool
    /// What the runs of one sweep share (prepared reference, packets, talkspurts, P.862 reference analysis), or nil
    /// to compute everything.
    public var cache: SweepCache?

    public init(spec: ScenarioSpec, clipPath: String, seed: UInt64? = nil, measuresSignalMOS: Bool = true) {
        self.spec = spec
        self.clipPath = clipPath
        self.clipName = Self.clipName(of: clipPath)
        self.seed = seed ?? spec.seed
        self.measuresSignalMOS = measuresSignalMOS
    }

    static func clipName(of clipPath: String) -> String { ((clipPath as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// Everything one run produced: the audio and the result record (paths left empty until written).
    public struct Output: Sendable {
        public var processedReference: AudioBuffer
        public var degraded: AudioBuffer
        public var arrivals: [PacketArrival]
        public var events: [PlayoutEvent]
        public var result: RunResult
        /// The processed reference's and the degraded audio's WAV files, when the run belongs to a sweep (its cache
        /// shares them between runs); nil: build them from the buffers.
        public var processedReferenceWAV: SharedWAV? = nil
        public var degradedWAV: SharedWAV? = nil
        /// The trace CSV's bytes (`PacketTraceCSV`) and their FNV-1a digest, when the run belongs to a sweep (hashed
        /// together with a new degraded WAV); nil: build them from `arrivals` and `events`.
        public var trace: [UInt8]? = nil
        public var traceDigest: String? = nil
    }

    /// The stages in order: `ReferencePreparation` → `Packetizer` → `TalkspurtDetector` → `ReceiverRun`, then the
    /// predicted MOS (G.107) and the signal MOS (P.862) of the audio as played.
    public func run() throws -> Output {
        let codec = try CodecRegistry.codec(named: spec.codec.name)
        let descriptor = codec.descriptor
        // An external jitter buffer starts now, so its start-up (an interpreter's, say) overlaps the coding below.
        let launchedBuffer = spec.makeExternalJitterBuffer()?.launch()

        // Stages 1–3 depend on the clip, codec and level only: a sweep's cache computes them once (SweepCache).
        let preparation = ReferencePreparation(clipPath: clipPath, sampleRate: descriptor.sampleRate, levelDBov: spec.levelDBov)
        let reference = try cache?.reference(preparation, codecName: descriptor.name) ?? preparation.run(codecName: descriptor.name)
        var notes = reference.notes
        let pcm = reference.pcm
        let processedReference = reference.processed
        let measured = reference.measured
        let packetizer = Packetizer(codec: codec, ptimeMs: spec.codec.ptimeMs)
        let payloads = try cache?.payloads(packetizer, of: preparation, codecName: descriptor.name, pcm: pcm) ?? packetizer.packetize(pcm)
        let packetCount = payloads.count
        let detector = TalkspurtDetector(levelDBov: spec.levelDBov)
        let talkspurts = cache?.talkspurts(detector, of: preparation, codecName: descriptor.name, pcm: pcm,
                                           packetSamples: packetizer.packetSamples, packets: packetCount, ptimeMs: spec.codec.ptimeMs)
            ?? detector.detect(pcm, packetSamples: packetizer.packetSamples, packets: packetCount)

        // Align: drop the codec's look-ahead, keep the reference's length (zeros after the end).
        let lookahead = descriptor.lookaheadSamples, length = pcm.count
        func align(_ aligned: inout [Float]) {
            aligned.removeFirst(min(lookahead, aligned.count))
            if aligned.count > length { aligned.removeLast(aligned.count - length) }
            if aligned.count < length { aligned.append(contentsOf: repeatElement(0, count: length - aligned.count)) }
        }
        // The receiver reuses the sweep's no-loss decode of these packets where it is provably the same (NoLossDecode).
        let noLoss = try cache?.noLossDecode(codec, of: preparation, codecName: descriptor.name, ptimeMs: spec.codec.ptimeMs, payloads: payloads)
        var receiver = try ReceiverRun(spec: spec, codec: codec, seed: seed)
            .run(packets: packetCount, payloads: payloads, talkspurts: talkspurts, launched: launchedBuffer, noLoss: noLoss,
                 renders: cache.map { cache in
                     { calls, render in
                         // Kept aligned, so that runs sharing the audio share the aligned array as it is.
                         try cache.renderedAudio(of: preparation, codecName: descriptor.name, ptimeMs: spec.codec.ptimeMs,
                                                 plc: spec.plc.rawValue, calls: calls) {
                             var rendered = try render()
                             align(&rendered.samples)
                             rendered.isAligned = true
                             rendered.contentHash = ContentHash.of(rendered.samples)
                             return rendered
                         }
                     }
                 },
                 channels: cache.map { cache in
                     { compute in cache.channel(of: spec, seed: seed, packets: packetCount, compute: compute) }
                 })
        let arrivals = receiver.arrivals
        if let candidate = receiver.matchCandidate {
            notes.append("loss matched: candidate \(candidate)\(receiver.matchWithinTolerance == true ? "" : " (closest; none within tolerance)")")
        }
        let events = receiver.events
        let bufferStatistics = receiver.buffer
        let delayStatistics = receiver.delays
        let xr = receiver.rfc3611
        // The rendered audio, taken out of the receiver's output so it is trimmed in place rather than copied.
        var aligned = receiver.samples ?? []
        receiver.samples = nil
        let renderStatistics = receiver.render ?? Receiver.Statistics()
        if !receiver.samplesAligned { align(&aligned) }
        let degraded = AudioBuffer(samples: aligned, sampleRate: descriptor.sampleRate)
        // Runs of a sweep with identical audio share its WAV file and P.862 score (SweepCache): found by this hash.
        let audioHash = cache == nil ? 0 : receiver.samplesHash ?? ContentHash.of(degraded.samples)

        // Statistics of what happened.
        // Counted and summed once, by the buffer statistics (the same events in the same order, the same sums: issue 16,
        // fifth pass), the effective loss pattern (lost or late) included.
        let lost = bufferStatistics.lost, late = bufferStatistics.late
        // The mean of the received packets' delays: `DelayStatistics.meanMs` is that sum over that count.
        let meanNetworkDelay = delayStatistics.received == 0 ? spec.network.latencyMs : delayStatistics.meanMs
        // Playout − arrival over the played packets, and playout − send over all (`BufferStatistics`: the same sums).
        let meanWait = bufferStatistics.meanPlayoutDelayMs
        let meanPlayoutAfterSend = bufferStatistics.meanEndToEndDelayMs
        let lookaheadMs = Double(descriptor.lookaheadSamples) * 1000 / Double(descriptor.sampleRate)
        // Mouth-to-ear: the first sample of a packet waits one ptime to be sent, then network + buffer, plus look-ahead.
        let oneWayDelay = spec.codec.ptimeMs + meanPlayoutAfterSend + lookaheadMs
        let frameMs = descriptor.frameMs

        // Predicted MOS (G.107 / G.107.1) from the realised trace, then the spec's overrides.
        let prediction = try Prediction.make(spec: spec, codec: descriptor, builder: cache?.emodelBuilder(spec: spec, codec: descriptor),
                                             oneWayDelayMs: oneWayDelay,
                                             effectiveLossRate: bufferStatistics.effectiveLossRate, burstRatio: bufferStatistics.burstRatio)
        notes += prediction.notes

        // Signal-based MOS: P.862 with P.862.1 (8 kHz) or P.862.2 (16 kHz) mapping, on the audio as played.
        var signal: P862Result?
        if measuresSignalMOS {
            let band: P862Band = descriptor.sampleRate == 16000 ? .wideband : .narrowband
            do {
                if let cache {
                    // The reference side of P.862 once per clip and codec (P862Reference; scores are identical), and
                    // the score itself once per distinct degraded audio.
                    let analysed = try cache.p862Reference(of: preparation, codecName: descriptor.name, processed: processedReference, band: band)
                    signal = try cache.signalScore(of: preparation, codecName: descriptor.name, band: band, degraded: degraded,
                                                   hash: audioHash) {
                        try P862.score(reference: analysed, degraded: degraded)
                    }
                } else {
                    signal = try P862.score(reference: processedReference, degraded: degraded, band: band)
                }
            } catch {
                notes.append("signal MOS not measured: \(error)")
            }
        } else {
            notes.append(Self.signalMOSOffNote)
        }

        var result = RunResult(
            scenario: spec.name, clip: clipName, codec: descriptor.name, seed: seed, ptime_ms: spec.codec.ptimeMs,
            plc: spec.plc.rawValue, jitter_buffer: spec.jitterBufferSummary,
            loss_model: spec.lossSummary, reference_path: clipPath, sample_rate: descriptor.sampleRate,
            duration_s: processedReference.duration, reference_level_dbov: measured.levelDB,
            normalized_level_dbov: spec.levelDBov, activity_factor: measured.activityFactor,
            packets_sent: packetCount, packets_lost: lost, packets_late: late,
            loss_rate: ratio(lost, packetCount), late_loss_rate: ratio(late, packetCount),
            effective_loss_rate: bufferStatistics.effectiveLossRate, mean_burst_length: bufferStatistics.meanBurstLength,
            burst_ratio: bufferStatistics.burstRatio, mean_network_delay_ms: meanNetworkDelay, mean_playout_delay_ms: meanWait,
            one_way_delay_ms: oneWayDelay, concealed_ms: Double(renderStatistics.concealedFrames) * frameMs,
            longest_concealment_ms: Double(renderStatistics.longestConcealmentFrames) * frameMs,
            r_factor: prediction.R, predicted_mos: prediction.MOS, mos_band: prediction.MOS.map { MOSBand(mos: $0).rawValue },
            emodel_model: prediction.model,
            signal_mos: signal?.mosLQO, signal_band: signal.map { $0.band.scoreLabel }, emodel_inputs: prediction.inputs, emodel: prediction.terms,
            degraded_path: "", processed_reference_path: "", notes: notes, failed_expectations: [])
        result.base_scenario = spec.baseName.isEmpty ? spec.name : spec.baseName
        result.matrix = Dictionary(uniqueKeysWithValues: spec.matrixAssignment.map { ($0.path, $0.value) })
        result.spec_hash = spec.specHash
        result.p95_playout_delay_ms = bufferStatistics.p95PlayoutDelayMs
        result.jitter_buffer_adaptations = bufferStatistics.adaptations
        result.interarrival_jitter_ms = delayStatistics.interarrivalJitterMs
        result.p95_network_delay_ms = delayStatistics.p95Ms
        result.max_network_delay_ms = delayStatistics.maxMs
        result.discard_rate = xr.discardRate
        result.burst_density = xr.burstDensity
        result.gap_density = xr.gapDensity
        result.burst_duration_ms = xr.burstDurationMs
        result.gap_duration_ms = xr.gapDurationMs
        result.ie = prediction.ie
        result.bpl = prediction.bpl
        result.ie_source = prediction.ieSource
        result.bpl_source = prediction.bplSource
        result.warnings = prediction.warnings
        let meanPayload = cache?.meanPayloadBytes(of: preparation, codecName: descriptor.name, ptimeMs: spec.codec.ptimeMs, payloads: payloads)
            ?? Bandwidth.meanPayloadBytes(payloads)
        let bandwidth = Bandwidth(payloadBytesPerPacket: meanPayload, ptimeMs: spec.codec.ptimeMs)
        result.payload_kbps = bandwidth.payloadKbps
        result.ip_kbps = bandwidth.ipv4Kbps
        let counters = receiver.counters
        result.jitter_buffer_delay_ms = counters.jitter_buffer_delay_ms
        result.jitter_buffer_target_delay_ms = counters.jitter_buffer_target_delay_ms
        result.concealed_samples = counters.concealed_samples
        result.concealment_events = counters.concealment_events
        result.inserted_samples_for_deceleration = counters.inserted_samples_for_deceleration
        result.removed_samples_for_acceleration = counters.removed_samples_for_acceleration
        result.total_samples_received = counters.total_samples_received
        result.expand_rate = counters.expand_rate
        result.accelerate_rate = counters.accelerate_rate
        result.preemptive_rate = counters.preemptive_rate
        result.failed_expectations = try Expectations.check(spec.expect, against: result)
        if signal == nil, spec.expect.contains(where: { $0.field == "signal_mos" }) {
            result.notes.append("expect: the signal_mos bound was not checked (no signal MOS)")
        }
        var output = Output(processedReference: processedReference, degraded: degraded, arrivals: arrivals, events: events, result: result,
                            processedReferenceWAV: cache?.referenceWAV(of: preparation, codecName: descriptor.name, pcm: pcm))
        if let cache {
            // A sweep writes the trace file: built here so a new degraded WAV and the trace are hashed in one pass.
            var trace = Array(PacketTraceCSV.header.utf8)
            trace.reserveCapacity(trace.count + events.count * 48)
            PacketTraceCSV.append(arrivals, events, to: &trace)
            let files = cache.degradedWAV(of: preparation, codecName: descriptor.name, degraded: degraded, hash: audioHash, trace: trace)
            output.degradedWAV = files.wav
            output.trace = trace
            output.traceDigest = files.traceDigest
        }
        return output
    }

    /// What a result says when P.862 was turned off (`--no-signal-mos`, `signal_mos: false`): never a number.
    public static let signalMOSOffNote = "signal MOS not measured (turned off by --no-signal-mos or signal_mos: false)"

    private func ratio(_ count: Int, _ total: Int) -> Double { total > 0 ? Double(count) / Double(total) : 0 }
}
