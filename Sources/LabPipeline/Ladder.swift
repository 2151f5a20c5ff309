import AudioIO
import Foundation
import LabCore
import Reporting
import ScenarioSpecs
import SignalQuality
import SpeechCodecs

/// A MOS ladder for trainers: for each target MOS, the level of one impairment whose degraded clip scores that
/// signal MOS (P.862) within a tolerance, found by bisection on a monotone parameter with a fixed seed.
///
/// With a fixed seed every impairment below is monotone in its parameter: Bernoulli loss at rate x loses exactly
/// the packets whose uniform draw is below x (so a higher rate loses a superset), the Gilbert-Elliott chain's draws
/// are reused likewise, jitter scales one set of Gaussian draws, and noise scales one noise signal.
public struct Ladder: Sendable {
    public enum Impairment: String, Sendable, CaseIterable, Codable {
        case loss, burst, jitter, noise
    }

    public var impairment: Impairment
    public var clipPath: String
    public var seed: UInt64
    public var tolerance: Double
    public var maxIterations: Int
    /// The codec the network impairments run through (`l16`, linear PCM, adds no coding loss of its own).
    public var codec: String

    public init(impairment: Impairment, clipPath: String, codec: String = "l16", seed: UInt64 = 1, tolerance: Double = 0.05,
                maxIterations: Int = 24) {
        self.impairment = impairment
        self.codec = codec
        self.clipPath = clipPath
        self.seed = seed
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// One evaluated level.
    public struct Point: Sendable {
        public var level: Double
        public var mos: Double
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

    /// Degrades the clip at `level` and measures its P.862 MOS.
    public func evaluate(_ level: Double) throws -> Point {
        if impairment == .noise { return try evaluateNoise(level) }
        var spec = ScenarioSpec(name: "ladder", reference: .files([clipPath]), seed: seed)
        spec.codec = CodecSpec(name: codec, ptimeMs: 20)
        let codecName = (try? CodecRegistry.codec(named: codec).descriptor.displayName) ?? codec
        spec.plc = .repeat
        spec.network.latencyMs = 40
        let description: String
        switch impairment {
        case .loss:
            spec.network.loss = .bernoulli(rate: level)
            description = "\(percent(level)) random packet loss, \(codecName) 20 ms, repeat concealment"
        case .burst:
            spec.network.loss = .gilbertElliott(p: level, r: 0.25, lossBad: 1, lossGood: 0)
            let rate = level / (level + 0.25)
            description = "\(percent(rate)) bursty loss (Gilbert-Elliott p = \(String(format: "%.3f", level)), r = 0.25, bursts of ~4 packets), \(codecName) 20 ms, repeat concealment"
        case .jitter:
            spec.network.jitter = .normal(stddevMs: level)
            spec.jitterBuffer = JitterBufferSpec(type: "fixed", depthMs: 40)
            description = "\(String(format: "%.1f", level)) ms jitter into a 40 ms fixed buffer (late packets concealed), \(codecName) 20 ms"
        case .noise:
            fatalError("handled above")
        }
        let output = try Experiment(spec: spec, clipPath: clipPath, seed: seed, measuresSignalMOS: false).run()
        let mos = try P862.score(reference: output.processedReference, degraded: output.degraded, band: .narrowband).mosLQO
        return Point(level: level, mos: mos, reference: output.processedReference, degraded: output.degraded, description: description)
    }

    func evaluateNoise(_ relativeDB: Double) throws -> Point {
        var reference = try AudioFile.read(path: clipPath, channels: .mixDown)
        if reference.sampleRate != 8000 { reference = try Resampler.resample(reference, to: 8000) }
        let processed = AudioBuffer(int16: reference.normalized(toActiveLevel: -26).buffer.int16Samples, sampleRate: 8000)
        var random = SeededRandom(seed: seed, stream: "ladder.noise")
        let noiseRMS = Float(pow(10, (-26 + relativeDB) / 20))
        let noisy = processed.samples.map { $0 + noiseRMS * Float(random.nextGaussian()) }
        let degraded = AudioBuffer(int16: AudioBuffer(samples: noisy, sampleRate: 8000).int16Samples, sampleRate: 8000)
        let mos = try P862.score(reference: processed, degraded: degraded, band: .narrowband).mosLQO
        let description = "white noise \(String(format: "%.1f", -relativeDB)) dB below the speech level (SNR \(String(format: "%.1f", -relativeDB)) dB)"
        return Point(level: relativeDB, mos: mos, reference: processed, degraded: degraded, description: description)
    }

    public struct Rung: Sendable {
        public var target: Double
        public var point: Point
        public var reached: Bool
    }

    /// Finds each target; throws when a target lies outside what the impairment can reach, naming that range.
    public func search(targets: [Double]) throws -> [Rung] {
        let mildest = try evaluate(range.lowerBound)
        let harshest = try evaluate(range.upperBound)
        let reachable = min(mildest.mos, harshest.mos)...max(mildest.mos, harshest.mos)
        for target in targets where target > reachable.upperBound + tolerance || target < reachable.lowerBound - tolerance {
            throw InputError("target MOS \(target) cannot be reached with --impairment \(impairment.rawValue) on this clip",
                             hint: "reachable: \(String(format: "%.2f", reachable.lowerBound))…\(String(format: "%.2f", reachable.upperBound)); try another impairment")
        }
        return try targets.map { target in
            var low = range.lowerBound, high = range.upperBound
            var best = abs(mildest.mos - target) < abs(harshest.mos - target) ? mildest : harshest
            for _ in 0..<maxIterations {
                if abs(best.mos - target) <= tolerance { break }
                let middle = (low + high) / 2
                let point = try evaluate(middle)
                if abs(point.mos - target) < abs(best.mos - target) { best = point }
                if point.mos > target { low = middle } else { high = middle }
            }
            return Rung(target: target, point: best, reached: abs(best.mos - target) <= tolerance)
        }
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
