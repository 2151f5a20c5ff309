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
    public var clipPath: String
    public var seed: UInt64
    /// Measure the signal-based MOS (ITU-T P.862) of the degraded audio against the processed reference.
    public var measuresSignalMOS: Bool

    public init(spec: ScenarioSpec, clipPath: String, seed: UInt64? = nil, measuresSignalMOS: Bool = true) {
        self.spec = spec
        self.clipPath = clipPath
        self.seed = seed ?? spec.seed
        self.measuresSignalMOS = measuresSignalMOS
    }

    public var clipName: String { ((clipPath as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// Everything one run produced: the audio and the result record (paths left empty until written).
    public struct Output: Sendable {
        public var processedReference: AudioBuffer
        public var degraded: AudioBuffer
        public var arrivals: [PacketArrival]
        public var events: [PlayoutEvent]
        public var result: RunResult
    }

    public func run() throws -> Output {
        let codec = try CodecRegistry.codec(named: spec.codec.name)
        let descriptor = codec.descriptor
        var notes: [String] = []
        // An external jitter buffer starts now, so its start-up (an interpreter's, say) overlaps the coding below.
        let launchedBuffer = spec.makeExternalJitterBuffer()?.launch()

        // Reference: read, convert to what the codec takes, normalise the level (P.56).
        let (read, info) = try AudioFile.readWithInfo(path: clipPath, channels: .mixDown)
        if info.channels > 1 { notes.append("mixed \(info.channels) channels down to mono") }
        if info.isFloat { notes.append("float samples converted to 16-bit") }
        var reference = read
        if read.sampleRate != descriptor.sampleRate {
            reference = try Resampler.resample(read, to: descriptor.sampleRate)
            notes.append("resampled \(read.sampleRate) Hz to \(descriptor.sampleRate) Hz for \(descriptor.name)")
        }
        let (normalized, measured, _) = reference.normalized(toActiveLevel: spec.levelDBov)
        guard measured.levelDB > ActiveSpeechLevel.silenceLevel else {
            throw InputError(file: clipPath, "reference is silent (no active speech by P.56)", hint: "use a speech recording")
        }
        let pcm = normalized.int16Samples
        let processedReference = AudioBuffer(int16: pcm, sampleRate: descriptor.sampleRate)

        // Encode and packetize: whole frames, ptime/frame of them per packet, zero-padded at the end.
        let frameSamples = descriptor.frameSamples
        let framesPerPacket = Int((spec.codec.ptimeMs / descriptor.frameMs).rounded())
        let packetSamples = frameSamples * framesPerPacket
        // Enough packets to carry the look-ahead too, so the codec delay removed below never leaves a silent tail.
        let packetCount = (pcm.count + descriptor.lookaheadSamples + packetSamples - 1) / packetSamples
        var encoder = try codec.makeEncoder()
        var payloads: [[[UInt8]]] = []
        payloads.reserveCapacity(packetCount)
        for packet in 0..<packetCount {
            var frames: [[UInt8]] = []
            for frame in 0..<framesPerPacket {
                let start = packet * packetSamples + frame * frameSamples
                var samples = [Int16](repeating: 0, count: frameSamples)
                let available = max(0, min(frameSamples, pcm.count - start))
                if available > 0 { samples.replaceSubrange(0..<available, with: pcm[start..<(start + available)]) }
                frames.append(try encoder.encode(samples))
            }
            payloads.append(frames)
        }

        // Network and receiver.
        let sendTimes = (0..<packetCount).map { Double($0) * spec.codec.ptimeMs }
        let channelRun = spec.makeChannel().run(sendTimesMs: sendTimes, packetDurationMs: spec.codec.ptimeMs, seed: seed)
        let arrivals = channelRun.arrivals
        if let candidate = channelRun.matchCandidate {
            notes.append("loss matched: candidate \(candidate)\(channelRun.matchWithinTolerance == true ? "" : " (closest; none within tolerance)")")
        }
        // Talkspurts from the reference: a packet is active when its level is within 30 dB of the active speech
        // level (P.56); a talkspurt starts at an active packet after an inactive one. Adaptive buffers re-anchor there.
        let activeThreshold = pow(10, (spec.levelDBov - 30) / 20) * 32768
        var talkspurtStarts = [Bool](repeating: false, count: packetCount)
        var previousActive = false
        for packet in 0..<packetCount {
            let range = min(pcm.count, packet * packetSamples)..<min(pcm.count, (packet + 1) * packetSamples)
            let energy = range.reduce(0.0) { $0 + Double(pcm[$1]) * Double(pcm[$1]) }
            let active = !range.isEmpty && (energy / Double(range.count)).squareRoot() >= activeThreshold
            talkspurtStarts[packet] = packet == 0 || (active && !previousActive)
            previousActive = active
        }
        let schedule = try spec.schedulePlayout(arrivals, codec: descriptor, talkspurtStarts: talkspurtStarts, launched: launchedBuffer)
        let events = schedule.events
        let bufferStatistics = BufferStatistics(arrivals: arrivals, schedule: schedule, ptimeMs: spec.codec.ptimeMs)
        let delayStatistics = DelayStatistics(arrivals: arrivals)
        let xr = RFC3611Metrics(outcomes: events.map { $0.fate == .played ? .received : ($0.fate == .lost ? .lost : .discarded) },
                                packetMs: spec.codec.ptimeMs)
        var receiver = Receiver(decoder: try codec.makeDecoder(), concealment: spec.makeConcealment(sampleRate: descriptor.sampleRate))
        let (rendered, renderStatistics) = try receiver.render(payloads: payloads, events: events)
        // Align: drop the codec's look-ahead, keep the reference's length.
        let aligned = Array(rendered.dropFirst(descriptor.lookaheadSamples).prefix(pcm.count))
        let degraded = AudioBuffer(samples: aligned + [Float](repeating: 0, count: max(0, pcm.count - aligned.count)),
                                   sampleRate: descriptor.sampleRate)

        // Statistics of what happened.
        let lost = events.filter { $0.fate == .lost }.count
        let late = events.filter { $0.fate == .late }.count
        let effective = LossPatternStatistics(lostFlags: events.map { $0.fate != .played })
        let delays = arrivals.compactMap(\.delayMs)
        let meanNetworkDelay = delays.isEmpty ? spec.network.latencyMs : delays.reduce(0, +) / Double(delays.count)
        let waits = zip(arrivals, events).compactMap { arrival, event in
            event.fate == .played ? arrival.arrivalMs.map { event.playoutMs - $0 } : nil
        }
        let meanWait = waits.isEmpty ? 0 : waits.reduce(0, +) / Double(waits.count)
        let meanPlayoutAfterSend = events.isEmpty ? 0
            : zip(arrivals, events).map { $1.playoutMs - $0.sendMs }.reduce(0, +) / Double(events.count)
        let lookaheadMs = Double(descriptor.lookaheadSamples) * 1000 / Double(descriptor.sampleRate)
        // Mouth-to-ear: the first sample of a packet waits one ptime to be sent, then network + buffer, plus look-ahead.
        let oneWayDelay = spec.codec.ptimeMs + meanPlayoutAfterSend + lookaheadMs
        let frameMs = descriptor.frameMs

        // Predicted MOS (G.107 / G.107.1) from the realised trace, then the spec's overrides.
        let prediction = try Prediction.make(spec: spec, codec: descriptor, oneWayDelayMs: oneWayDelay,
                                             effectiveLossRate: effective.lossRate, burstRatio: effective.burstRatio)
        notes += prediction.notes

        // Signal-based MOS: P.862 with P.862.1 (8 kHz) or P.862.2 (16 kHz) mapping, on the audio as played.
        var signal: P862Result?
        if measuresSignalMOS {
            let band: P862Band = descriptor.sampleRate == 16000 ? .wideband : .narrowband
            do {
                signal = try P862.score(reference: processedReference, degraded: degraded, band: band)
            } catch {
                notes.append("signal MOS not measured: \(error)")
            }
        }

        var result = RunResult(
            scenario: spec.name, clip: clipName, codec: descriptor.name, seed: seed, ptime_ms: spec.codec.ptimeMs,
            plc: spec.plc.rawValue, jitter_buffer: spec.jitterBufferSummary,
            loss_model: spec.lossSummary, reference_path: clipPath, sample_rate: descriptor.sampleRate,
            duration_s: processedReference.duration, reference_level_dbov: measured.levelDB,
            normalized_level_dbov: spec.levelDBov, activity_factor: measured.activityFactor,
            packets_sent: packetCount, packets_lost: lost, packets_late: late,
            loss_rate: ratio(lost, packetCount), late_loss_rate: ratio(late, packetCount),
            effective_loss_rate: effective.lossRate, mean_burst_length: effective.meanBurstLength,
            burst_ratio: effective.burstRatio, mean_network_delay_ms: meanNetworkDelay, mean_playout_delay_ms: meanWait,
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
        let bandwidth = Bandwidth(payloadBytesPerPacket: Bandwidth.meanPayloadBytes(payloads), ptimeMs: spec.codec.ptimeMs)
        result.payload_kbps = bandwidth.payloadKbps
        result.ip_kbps = bandwidth.ipv4Kbps
        result.failed_expectations = try Expectations.check(spec.expect, against: result)
        return Output(processedReference: processedReference, degraded: degraded, arrivals: arrivals, events: events, result: result)
    }

    private func ratio(_ count: Int, _ total: Int) -> Double { total > 0 ? Double(count) / Double(total) : 0 }
}
