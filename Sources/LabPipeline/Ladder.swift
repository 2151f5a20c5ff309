import AudioIO
import Foundation
import LabCore
import Reporting
import ScenarioSpecs
import SignalQuality
import SpeechCodecs

/// A MOS ladder for trainers: for each target MOS, one degraded version of a clip whose MOS is within a tolerance
/// of the target, found by searching jointly over the impairment's level and its random realisation.
///
/// Why a joint search: on a short clip a bursty impairment changes the score in steps (each burst costs a chunk
/// of MOS), so bisection on the level alone, with one fixed seed, can jump over a target. Each realisation
/// (`seed + k`, k = 0, 1, …) gives another set of draws; the level is bisected on each until a point lands within
/// the tolerance or the realisations are used up. With a fixed realisation the level is monotone in the draws:
/// Bernoulli loss at rate x loses exactly the packets whose uniform draw is below x, the Gilbert-Elliott chain
/// reuses its draws, jitter scales one set of Gaussian draws, and noise scales one noise signal.
///
/// Every clip is level-matched before it is scored (ITU-T P.56 active speech level, −26 dBov, the level P.862
/// practice uses), so a classroom hears quality differences rather than loudness differences, and the score
/// the search sees is the score of the clip it writes. `rescore` re-measures the written files.
public struct Ladder: Sendable {
    public enum Impairment: String, Sendable, CaseIterable, Codable {
        case loss, burst, jitter, noise
    }

    /// Which MOS the rungs are placed on.
    public enum Scale: String, Sendable, CaseIterable, Codable {
        /// ITU-T P.862 MOS-LQO of the clip (listening quality, what the room hears).
        case signal
        /// The ITU-T G.107 E-model's conversational MOS for the realised call (delay included).
        case predicted
    }

    /// The level the reference and every rung are matched to (ITU-T P.56 active speech level).
    public static let levelDBov = -26.0

    public var impairment: Impairment
    public var clipPath: String
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    /// How many realisations (`seed`, `seed + 1`, …) the search may try per target.
    public var realisations: Int
    /// The codec every impairment runs through (`l16`, linear PCM, adds no coding loss of its own). Noise is added
    /// at the talker's side, before encoding, as background noise would be.
    public var codec: String
    public var scale: Scale

    public init(impairment: Impairment, clipPath: String, codec: String = "l16", scale: Scale = .signal, seed: UInt64 = 1,
                tolerance: Double = 0.05, maxIterations: Int = 14, realisations: Int = 24) {
        self.impairment = impairment
        self.codec = codec
        self.scale = scale
        self.clipPath = clipPath
        self.seed = seed
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.realisations = realisations
    }

    /// Default targets: inside each band, away from its edges, so a rung that lands ±0.05 off never changes band
    /// (Excellent 4.4, then the middles of Good, Fair and Poor, and 2.5 for Unacceptable). A predicted ladder's
    /// top rung is 4.35: the E-model's MOS for a clean call with 60 ms mouth-to-ear delay is about 4.4.
    public static func defaultTargets(scale: Scale) -> [Double] {
        [scale == .signal ? 4.4 : 4.35, MOSBand.good.middle, MOSBand.fair.middle, MOSBand.poor.middle, 2.5]
    }

    /// Refuses combinations that cannot mean what they say.
    public func validate() throws {
        if scale == .predicted && impairment == .noise {
            throw InputError("--scale predicted cannot place a noise ladder",
                             hint: "the E-model's noise inputs (Nc, Nfor, Ps) are circuit and room noise levels, not an SNR on a clip; use --scale signal, or loss, burst or jitter")
        }
        _ = try CodecRegistry.codec(named: codec)
    }

    /// One evaluated point: the level-matched clips and their scores.
    public struct Point: Sendable {
        public var level: Double
        /// The seed of the realisation this point used.
        public var seed: UInt64
        /// The MOS on the ladder's scale (what the search compares with the target).
        public var mos: Double
        /// P.862 MOS-LQO of the level-matched clip (nil when not measured during a predicted search).
        public var signalMOS: Double?
        /// E-model conversational MOS of the realised call (nil for noise).
        public var predictedMOS: Double?
        public var reference: AudioBuffer
        public var degraded: AudioBuffer
        public var description: String
    }

    /// The search range of the impairment's parameter, from mildest to harshest.
    public var range: ClosedRange<Double> {
        switch impairment {
        case .loss: return 0...0.6        // Bernoulli loss rate
        case .burst: return 0...0.4       // Gilbert-Elliott p with r = 0.25 (mean burst 4 packets)
        case .jitter: return 0...120      // normal jitter standard deviation, ms, into a 40 ms fixed buffer
        case .noise: return -60...20      // white noise level relative to the active speech level, dB
        }
    }

    /// The P.862 band (narrowband or wideband mapping) for a sample rate.
    static func band(_ sampleRate: Int) -> P862Band { sampleRate == 16000 ? .wideband : .narrowband }

    /// The buffer at the ladder's level as 16-bit samples (what the WAV will hold).
    static func levelMatched(_ buffer: AudioBuffer) -> AudioBuffer {
        AudioBuffer(int16: buffer.normalized(toActiveLevel: levelDBov).buffer.int16Samples, sampleRate: buffer.sampleRate)
    }

    /// Degrades the clip at `level` with realisation `seed`, level-matches it and scores it on the ladder's scale
    /// (and by P.862 when `measureSignal`, always for the signal scale).
    public func evaluate(_ level: Double, seed: UInt64, measureSignal: Bool = false) throws -> Point {
        if impairment == .noise { return try evaluateNoise(level, seed: seed) }
        var spec = ScenarioSpec(name: "ladder", reference: .files([clipPath]), seed: seed)
        spec.codec = CodecSpec(name: codec, ptimeMs: 20)
        spec.levelDBov = Self.levelDBov
        let codecName = (try? CodecRegistry.codec(named: codec).descriptor.displayName) ?? codec
        spec.plc = .repeat
        spec.network.latencyMs = 40
        var description: String
        switch impairment {
        case .loss:
            spec.network.loss = .bernoulli(rate: level)
            description = "\(percent(level)) random packet loss (rate set), \(codecName) 20 ms, repeat concealment"
        case .burst:
            spec.network.loss = .gilbertElliott(p: level, r: 0.25, lossBad: 1, lossGood: 0)
            description = "bursty loss (Gilbert-Elliott p = \(fixed(level, 4)), r = 0.25, mean burst 4 packets), \(codecName) 20 ms, repeat concealment"
        case .jitter:
            spec.network.jitter = .normal(stddevMs: level)
            spec.jitterBuffer = JitterBufferSpec(type: "fixed", depthMs: 40)
            description = "\(fixed(level, 1)) ms jitter into a 40 ms fixed buffer (late packets concealed), \(codecName) 20 ms"
        case .noise:
            fatalError("handled above")
        }
        let output = try Experiment(spec: spec, clipPath: clipPath, seed: seed, measuresSignalMOS: false).run()
        // What this realisation did (a short clip's realised loss can differ a lot from the model's mean).
        let r = output.result
        let missing = r.packets_lost + r.packets_late
        let bursts = r.mean_burst_length > 0 ? Int((Double(missing) / r.mean_burst_length).rounded()) : 0
        description += "; realised: \(missing) of \(r.packets_sent) packets missing (\(percent(r.effective_loss_rate))) in \(bursts) burst\(bursts == 1 ? "" : "s")"
        let reference = Self.levelMatched(output.processedReference)
        let degraded = Self.levelMatched(output.degraded)
        let predicted = output.result.predicted_mos
        var signal: Double?
        if scale == .signal || measureSignal {
            signal = try P862.score(reference: reference, degraded: degraded, band: Self.band(reference.sampleRate)).mosLQO
        }
        let mos: Double
        switch scale {
        case .signal: mos = signal!
        case .predicted:
            guard let predicted else {
                throw InputError("the E-model gives no prediction for codec '\(codec)'", hint: "use --scale signal, or a codec with an Ie value (moslab codecs)")
            }
            mos = predicted
        }
        return Point(level: level, seed: seed, mos: mos, signalMOS: signal, predictedMOS: predicted, reference: reference,
                     degraded: degraded, description: description)
    }

    /// White noise at `relativeDB` re the active speech level, added before the codec (talker-side background noise).
    func evaluateNoise(_ relativeDB: Double, seed: UInt64) throws -> Point {
        let coder = try CodecRegistry.codec(named: codec)
        let rate = coder.descriptor.sampleRate
        var clean = try AudioFile.read(path: clipPath, channels: .mixDown)
        if clean.sampleRate != rate { clean = try Resampler.resample(clean, to: rate) }
        let reference = Self.levelMatched(clean)
        var random = SeededRandom(seed: seed, stream: "ladder.noise")
        let noiseRMS = Float(pow(10, (Self.levelDBov + relativeDB) / 20))
        let noisy = AudioBuffer(samples: reference.samples.map { $0 + noiseRMS * Float(random.nextGaussian()) }, sampleRate: rate)
        var degraded = AudioBuffer(int16: noisy.int16Samples, sampleRate: rate)
        var codecText = ""
        if codec != "l16" {
            degraded = AudioBuffer(int16: try CodecRoundTrip.run(coder, pcm: degraded.int16Samples), sampleRate: rate)
            codecText = ", then \(coder.descriptor.displayName)"
        }
        degraded = Self.levelMatched(degraded)
        let mos = try P862.score(reference: reference, degraded: degraded, band: Self.band(rate)).mosLQO
        let description = "white noise \(fixed(-relativeDB, 1)) dB below the speech level (SNR \(fixed(-relativeDB, 1)) dB)\(codecText)"
        return Point(level: relativeDB, seed: seed, mos: mos, signalMOS: mos, predictedMOS: nil, reference: reference,
                     degraded: degraded, description: description)
    }

    public struct Rung: Sendable {
        public var target: Double
        /// The closest point found (within the tolerance when `reached`).
        public var point: Point
        public var reached: Bool
        /// Points evaluated for this rung.
        public var evaluations: Int
        /// Why a missed rung was missed (nil when reached).
        public var missReason: String?
    }

    /// Searches each target (targets in parallel on `jobs` workers; the result does not depend on `jobs`).
    /// A target no point reaches comes back with `reached == false` and the closest point found.
    public func search(targets: [Double], jobs: Int = 1) throws -> [Rung] {
        try validate()
        let outcomes = ConcurrentMap.map(targets, jobs: jobs) { target in Result { try self.search(target: target) } }
        return try outcomes.map { try $0.get() }
    }

    /// Joint search for one target: each realisation in turn, bisecting the level, until a point is within the
    /// tolerance. The mildest point (level 0 is the same clip for every network realisation) bounds what any
    /// realisation can reach from above, so a target above it is missed at once.
    public func search(target: Double) throws -> Rung {
        var evaluations = 0
        func eval(_ level: Double, _ seed: UInt64) throws -> Point {
            evaluations += 1
            return try evaluate(level, seed: seed)
        }
        let mildest = try eval(range.lowerBound, seed)
        var best = mildest
        func better(_ point: Point) {
            if abs(point.mos - target) < abs(best.mos - target) { best = point }
        }
        let done = { abs(best.mos - target) <= self.tolerance }
        if !done() && target < mildest.mos {
            let perRealisation = impairment == .noise ? 1 : realisations
            for k in 0..<perRealisation where !done() {
                let realisation = seed &+ UInt64(k)
                let harshest = try eval(range.upperBound, realisation)
                better(harshest)
                guard harshest.mos < target else { continue }  // this realisation cannot go low enough
                var low = range.lowerBound, high = range.upperBound
                for _ in 0..<maxIterations where !done() {
                    let middle = (low + high) / 2
                    let point = try eval(middle, realisation)
                    better(point)
                    if point.mos > target { low = middle } else { high = middle }
                }
            }
        }
        if scale == .predicted && best.signalMOS == nil {
            best = try evaluate(best.level, seed: best.seed, measureSignal: true)
        }
        var reason: String?
        if !done() {
            reason = target > mildest.mos
                ? "the unimpaired clip through \(codec) scores \(fixed(mildest.mos, 2)) on the \(scale.rawValue) scale; no level of \(impairment.rawValue) scores higher"
                : "no level of \(impairment.rawValue) in \(impairment == .noise ? 1 : realisations) realisation\(impairment == .noise ? "" : "s") landed within ±\(fixed(tolerance, 2)) (\(evaluations) points tried)"
        }
        return Rung(target: target, point: best, reached: done(), evaluations: evaluations, missReason: reason)
    }

    /// Re-measures written files: P.862 of the degraded WAV against the reference WAV as read back from disk.
    public static func rescore(referencePath: String, degradedPath: String) throws -> Double {
        let reference = try AudioFile.read(path: referencePath)
        let degraded = try AudioFile.read(path: degradedPath)
        return try P862.score(reference: reference, degraded: degraded, band: band(reference.sampleRate)).mosLQO
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
