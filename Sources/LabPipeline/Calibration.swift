import EModel
import Foundation
import LabCore
import ScenarioSpecs
import SpeechCodecs

/// Derives a codec's E-model Ie and Bpl from signal MOS over a loss sweep, after ITU-T P.834 (instrumental
/// derivation of equipment impairment factors): MOS-LQO is converted to R with G.107's MOS→R relation, Ie is the
/// R lost against the reference codec (G.711, whose Ie is 0) at zero loss, and Bpl is the value that best fits
/// eq. 7-29, Ie,eff = Ie + (95 − Ie)·Ppl/(Ppl + Bpl), to the measured Ie,eff at each random-loss rate (least squares).
///
/// Narrowband only (G.107's R scale); wideband calibration (P.834.1) is not implemented.
public struct Calibration: Sendable {
    public var codec: String
    public var referenceCodec: String
    public var lossRates: [Double]
    public var clips: [String]
    public var seed: UInt64

    public init(codec: String, referenceCodec: String = "g711u", lossRates: [Double] = [0, 0.01, 0.02, 0.04, 0.08, 0.12],
                clips: [String], seed: UInt64 = 1) {
        self.codec = codec
        self.referenceCodec = referenceCodec
        self.lossRates = lossRates
        self.clips = clips
        self.seed = seed
    }

    public struct Point: Sendable, Codable {
        public var loss_rate: Double
        public var effective_loss_pct: Double
        public var reference_mos: Double
        public var codec_mos: Double
        public var ie_eff: Double
    }

    public struct Outcome: Sendable, Codable {
        public var codec: String
        public var Ie: Double
        public var Bpl: Double
        public var fit_rmse: Double
        public var points: [Point]
    }

    public func run(jobs: Int = 1) throws -> Outcome {
        let descriptor = try CodecRegistry.codec(named: codec).descriptor
        guard !descriptor.wideband else {
            throw InputError("calibrate derives narrowband Ie/Bpl (G.107, P.834); \(codec) is wideband",
                             hint: "P.834.1 wideband calibration is not implemented")
        }
        // Mean signal MOS and effective loss per (codec, loss rate) over the clips; every run is independent.
        struct Job { var codec: String; var rate: Double; var clip: String }
        var jobsList: [Job] = []
        for name in [referenceCodec, codec] {
            for rate in lossRates { for clip in clips { jobsList.append(Job(codec: name, rate: rate, clip: clip)) } }
        }
        let outcomes = ConcurrentMap.map(jobsList, jobs: jobs) { job -> Result<(Double, Double), any Error> in
            Result {
                var spec = ScenarioSpec(name: "calibrate", reference: .files([job.clip]), seed: seed)
                let ptime = (try CodecRegistry.codec(named: job.codec).descriptor.frameMs) > 20 ? 60.0 : 20.0
                spec.codec = CodecSpec(name: job.codec, ptimeMs: ptime)
                spec.network.loss = job.rate > 0 ? .bernoulli(rate: job.rate) : .none
                spec.plc = .repeat
                let result = try Experiment(spec: spec, clipPath: job.clip, seed: seed).run().result
                guard let mos = result.signal_mos else {
                    throw InputError(file: job.clip, "no signal MOS for \(job.codec) at \(job.rate) loss")
                }
                return (mos, 100 * result.effective_loss_rate)
            }
        }
        var mean: [String: (mos: Double, loss: Double)] = [:]
        for (index, job) in jobsList.enumerated() {
            let (mos, loss) = try outcomes[index].get()
            let key = "\(job.codec)@\(job.rate)"
            let previous = mean[key] ?? (0, 0)
            mean[key] = (previous.mos + mos / Double(clips.count), previous.loss + loss / Double(clips.count))
        }
        let referenceR = G107.rFactor(fromMOS: mean["\(referenceCodec)@\(lossRates[0])"]!.mos)
        let points = lossRates.map { rate -> Point in
            let reference = mean["\(referenceCodec)@\(rate)"]!, measured = mean["\(codec)@\(rate)"]!
            return Point(loss_rate: rate, effective_loss_pct: measured.loss, reference_mos: reference.mos, codec_mos: measured.mos,
                         ie_eff: referenceR - G107.rFactor(fromMOS: measured.mos))
        }
        let ie = max(0, points[0].ie_eff)
        let lossy = points.filter { $0.effective_loss_pct > 0 }
        func error(_ bpl: Double) -> Double {
            lossy.map { p in
                let model = ie + (95 - ie) * p.effective_loss_pct / (p.effective_loss_pct + bpl)
                return (model - p.ie_eff) * (model - p.ie_eff)
            }.reduce(0, +)
        }
        // Golden-section search for Bpl in [1, 80] (the error is unimodal in Bpl for a fixed Ie).
        var low = 1.0, high = 80.0
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<80 {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if error(a) < error(b) { high = b } else { low = a }
        }
        let bpl = (low + high) / 2
        let rmse = lossy.isEmpty ? 0 : (error(bpl) / Double(lossy.count)).squareRoot()
        return Outcome(codec: codec, Ie: ie, Bpl: bpl, fit_rmse: rmse, points: points)
    }
}
