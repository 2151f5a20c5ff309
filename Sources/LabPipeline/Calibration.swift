import EModel
import Foundation
import LabCore
import ScenarioSpecs
import SpeechCodecs

/// Derives a codec's E-model Ie and Bpl from signal MOS over a random-loss sweep, by the method of ITU-T P.834
/// (narrowband) and P.834.1 (wideband):
///
/// 1. Run the codec on the clips at each loss rate, and the reference codec at no loss; average MOS-LQO (P.862.1 /
///    P.862.2) over the clips.
/// 2. Turn each mean MOS into R: G.107 Appendix I (narrowband); for wideband R_WB = 1.29·R(MOS), the extended scale
///    of G.107.1 Annex A.
/// 3. Ie = Ie_ref + R_ref − R_codec(no loss): the reference is G.711 (Ie 0, G.113 Table I.1) for narrowband,
///    G.722 at 64 kbit/s (Ie,WB 13, G.113 App. IV) for wideband, so the codec is placed on the E-model's scale
///    relative to a point the Recommendation fixes. Clamped at 0.
/// 4. Bpl: least squares on eq. (7-29) (G.107.1 eq. 7-15), Ie,eff(Ppl) = Ie + (95 − Ie)·Ppl/(Ppl + Bpl), over the
///    measured increase of Ie,eff with the *effective* loss (lost + late) of each point. The Ie in the model is the
///    one predictions will use with this Bpl (G.113's when published, else step 3's), so the pair is consistent.
///
/// The table MOSLab ships (`CalibratedImpairments.table`) is `Calibration.standardConditions()` run by
/// `moslab calibrate --all` (`make calibration`).
public struct Calibration: Sendable {
    public var codec: String
    public var lossRates: [Double]
    /// Narrowband clips (for a narrowband codec) or wideband clips (for a wideband one).
    public var clips: [String]
    public var seed: UInt64
    public var packetMs: Double?
    public var concealment: Concealment?

    public static let defaultLossRates: [Double] = [0, 0.01, 0.02, 0.04, 0.08, 0.12]

    public init(codec: String, lossRates: [Double] = Calibration.defaultLossRates, clips: [String], seed: UInt64 = 1,
                packetMs: Double? = nil, concealment: Concealment? = nil) {
        self.codec = codec
        self.lossRates = lossRates
        self.clips = clips
        self.seed = seed
        self.packetMs = packetMs
        self.concealment = concealment
    }

    public struct Point: Sendable, Codable, Equatable {
        public var loss_rate: Double
        public var effective_loss_pct: Double
        public var codec_mos: Double
        /// R_ref − R_codec + Ie_ref: the measured Ie,eff.
        public var ie_eff: Double
        /// Eq. (7-29) with the fitted Bpl, and the residual (measured − model), R points.
        public var model_ie_eff: Double
        public var residual: Double
    }

    public struct Outcome: Sendable, Codable, Equatable {
        public var codec: String
        public var wideband: Bool
        public var method: String
        public var reference_codec: String
        public var reference_Ie: Double
        public var reference_mos: Double
        public var packet_ms: Double
        public var concealment: Concealment
        public var Ie: Double
        public var Bpl: Double
        /// Ie used in the Bpl fit (G.113's when published).
        public var fit_Ie: Double
        public var fit_rmse: Double
        public var clips: Int
        public var loss_rates: [Double]
        public var points: [Point]
        /// Set when the sweep did not meet the fit's conditions and the values were kept anyway (`--all`): e.g. a
        /// codec whose MOS is already at the floor of the scale without loss.
        public var note: String?

        /// The entry for `CalibratedImpairments.table`.
        public var entry: CalibratedImpairment {
            CalibratedImpairment(codec: codec, wideband: wideband, packetMs: packet_ms, concealment: concealment,
                                 Ie: Self.round(Ie), Bpl: Self.round(Bpl), fitIe: fit_Ie, fitRMSE: Self.round(fit_rmse),
                                 lossRates: loss_rates, clips: clips)
        }

        /// The lines to paste into a spec's `emodel:` block (accepted as written: `moslab run` computes values
        /// outside G.107's validated ranges with a warning).
        public var yaml: String {
            let (ie, bpl) = wideband ? ("IeWB", "BplWB") : ("Ie", "Bpl")
            return "emodel:\n  \(ie): \(Self.round(Ie))\n  \(bpl): \(Self.round(Bpl))"
        }

        static func round(_ x: Double) -> Double { (x * 100).rounded() / 100 }
    }

    /// One codec and condition to calibrate.
    public struct Condition: Sendable, Hashable {
        public var codec: String
        public var packetMs: Double
        public var concealment: Concealment
    }

    /// The packet size MOSLab calibrates a codec at: 20 ms, or the frame when longer.
    public static func defaultPacketMs(_ d: CodecDescriptor) -> Double { max(20, d.frameMs) }

    /// The conditions of the shipped table: every registered codec at its default packet size and at 40 ms (the
    /// shoot-out's packet clock), with its default concealment (its own, or `repeat`, the spec default), plus G.711 and L16 with silence and G.711 Appendix I concealment, which
    /// G.113 publishes for 10 ms packets only. Conditions where G.113 publishes both Ie and the matching Bpl are
    /// left out.
    public static func standardConditions() -> [Condition] {
        var list: [Condition] = []
        for codec in CodecRegistry.all {
            let d = codec.descriptor
            let concealments: [Concealment] = d.concealsInternally ? [.native]
                : ["g711u", "g711a", "l16"].contains(d.name) ? [.repeat, .silence, .g711AppendixI] : [.repeat]
            let packets = Set([defaultPacketMs(d), 40]).sorted()
            for c in concealments {
                for packet in packets {
                    let published = CodecImpairments.lookup(codec: d.name, wideband: d.wideband, packetMs: packet, concealment: c)
                    if published?.ie_source == .g113, published?.bpl_source == .g113, published?.notes.isEmpty == true { continue }
                    list.append(Condition(codec: d.name, packetMs: packet, concealment: c))
                }
            }
        }
        return list
    }

    /// The clips of the corpus set a codec is heard on (`nb` or `wb`), the first `count`.
    public static func corpusClips(wideband: Bool, count: Int) throws -> [String] {
        let folder = try ReferenceResolver.corpusDirectory(specDirectory: "") + (wideband ? "/wb" : "/nb")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }.sorted()
        guard files.count >= count else {
            throw InputError(file: folder, "has \(files.count) clips, fewer than the \(count) asked for", hint: "lower --clips")
        }
        return files.prefix(count).map { folder + "/" + $0 }
    }

    /// Calibrates one codec (this value's codec, rates and clips).
    public func run(jobs: Int = 1) throws -> Outcome {
        let d = try CodecRegistry.codec(named: codec).descriptor
        let condition = Condition(codec: d.name, packetMs: packetMs ?? Self.defaultPacketMs(d),
                                  concealment: concealment ?? (d.concealsInternally ? .native : .repeat))
        return try Self.run([condition], lossRates: lossRates, clips: { _ in clips }, seed: seed, jobs: jobs)[0]
    }

    /// Calibrates several conditions in one parallel batch (the reference runs are shared).
    /// With `tolerant` (the whole table), a condition whose MOS does not fall with loss keeps its fit with a `note`
    /// instead of failing the batch. `progress` is called after each run (completed, total).
    public static func run(_ conditions: [Condition], lossRates: [Double], clips: (Bool) throws -> [String],
                           seed: UInt64 = 1, jobs: Int = 1, tolerant: Bool = false,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [Outcome] {
        guard lossRates.first == 0, lossRates.filter({ $0 > 0 }).count >= 2 else {
            throw InputError("a calibration needs the loss rate 0 first and at least two lossy rates",
                             hint: "e.g. --loss 0,0.02,0.05,0.1")
        }
        struct Job: Sendable { var codec: String; var packetMs: Double; var concealment: Concealment; var rate: Double; var clip: String }
        var jobList: [Job] = []
        var clipsByBand: [Bool: [String]] = [:]
        let descriptors = try conditions.map { try CodecRegistry.codec(named: $0.codec).descriptor }
        for wideband in Set(descriptors.map(\.wideband)) { clipsByBand[wideband] = try clips(wideband) }
        for wideband in clipsByBand.keys.sorted(by: { !$0 && $1 }) {
            let reference = referenceCodec(wideband: wideband)
            for clip in clipsByBand[wideband]! { jobList.append(Job(codec: reference, packetMs: 20, concealment: .repeat, rate: 0, clip: clip)) }
        }
        for (condition, d) in zip(conditions, descriptors) {
            for rate in lossRates {
                for clip in clipsByBand[d.wideband]! {
                    jobList.append(Job(codec: d.name, packetMs: condition.packetMs, concealment: condition.concealment, rate: rate, clip: clip))
                }
            }
        }
        let counter = Counter()
        let total = jobList.count
        let results = ConcurrentMap.map(jobList, jobs: jobs) { job -> Result<(mos: Double, loss: Double), any Error> in
            defer { progress?(counter.increment(), total) }
            return Result {
                var spec = ScenarioSpec(name: "calibrate", reference: .files([job.clip]), seed: seed)
                spec.codec = CodecSpec(name: job.codec, ptimeMs: job.packetMs)
                spec.network.loss = job.rate > 0 ? .bernoulli(rate: job.rate) : .none
                switch job.concealment {
                case .silence: spec.plc = .silence
                case .g711AppendixI: spec.plc = .g711AppendixI
                case .repeat, .native: spec.plc = .repeat
                }
                let result = try Experiment(spec: spec, clipPath: job.clip, seed: seed).run().result
                guard let mos = result.signal_mos else {
                    throw InputError(file: job.clip, "no signal MOS for \(job.codec) at \(job.rate) loss: \(result.notes.joined(separator: "; "))")
                }
                return (mos, 100 * result.effective_loss_rate)
            }
        }
        // Mean MOS and effective loss per (codec, condition, rate) over the clips.
        var sums: [String: (mos: Double, loss: Double, n: Int)] = [:]
        func key(_ codec: String, _ packetMs: Double, _ c: Concealment, _ rate: Double) -> String { "\(codec)|\(packetMs)|\(c.rawValue)|\(rate)" }
        for (job, outcome) in zip(jobList, results) {
            let value = try outcome.get()
            let k = key(job.codec, job.packetMs, job.concealment, job.rate)
            let s = sums[k] ?? (0, 0, 0)
            sums[k] = (s.mos + value.mos, s.loss + value.loss, s.n + 1)
        }
        func mean(_ k: String) -> (mos: Double, loss: Double) {
            let s = sums[k]!
            return (s.mos / Double(s.n), s.loss / Double(s.n))
        }
        return try zip(conditions, descriptors).map { condition, d in
            let reference = referenceCodec(wideband: d.wideband)
            let referenceMOS = mean(key(reference, 20, .repeat, 0)).mos
            let points = lossRates.map { rate in mean(key(d.name, condition.packetMs, condition.concealment, rate)) }
            return try fit(codec: d.name, wideband: d.wideband, condition: condition, referenceMOS: referenceMOS,
                           rates: lossRates, means: points, clips: clipsByBand[d.wideband]!.count, tolerant: tolerant)
        }
    }

    /// The reference codec of P.834 (G.711) or P.834.1 (G.722 64 kbit/s), and its Ie from G.113.
    public static func referenceCodec(wideband: Bool) -> String { wideband ? "g722-64" : "g711u" }
    static func referenceIe(wideband: Bool) -> Double { G113.ie(codec: referenceCodec(wideband: wideband))?.Ie ?? 0 }

    static func r(_ mos: Double, wideband: Bool) -> Double { wideband ? G1071.rFactor(fromMOS: mos) : G107.rFactor(fromMOS: mos) }

    /// Steps 2–4 on the mean MOS per loss rate.
    static func fit(codec: String, wideband: Bool, condition: Condition, referenceMOS: Double, rates: [Double],
                    means: [(mos: Double, loss: Double)], clips: Int, tolerant: Bool = false) throws -> Outcome {
        let referenceIe = referenceIe(wideband: wideband)
        let referenceR = r(referenceMOS, wideband: wideband)
        let measured = means.map { referenceIe + referenceR - r($0.mos, wideband: wideband) }
        let ie = max(0, measured[0])
        let published = G113.ie(codec: codec).flatMap { $0.wideband == wideband ? $0.Ie : nil }
        let fitIe = published ?? ie
        // Targets: the fit Ie plus the measured rise of Ie,eff over the no-loss point.
        let lossy = zip(means, measured).dropFirst().filter { $0.0.loss > 0 }
        var note: String?
        if lossy.count < 2 {
            let message = "cannot calibrate \(codec): only \(lossy.count) loss rate\(lossy.count == 1 ? "" : "s") lost any packet"
            guard tolerant, !lossy.isEmpty else { throw InputError(message, hint: "use higher --loss rates or more --clips") }
            note = message
        }
        let targets = lossy.map { (ppl: $0.0.loss, value: fitIe + ($0.1 - measured[0])) }
        if let worst = lossy.max(by: { $0.0.loss < $1.0.loss }), worst.0.mos >= means[0].mos - 0.05 {
            let detail = "does not fall with loss (\(fixed(means[0].mos, 2)) at 0 %, "
                + "\(fixed(worst.0.mos, 2)) at the highest rate)"
            guard tolerant else {
                throw InputError("cannot calibrate \(codec): its signal MOS \(detail)",
                                 hint: "use higher --loss rates (e.g. --loss 0,0.05,0.1,0.2) or check the codec's concealment")
            }
            let message = "signal MOS \(detail)"
            note = message + "; its Bpl is not a measurement"
        }
        func model(_ ppl: Double, _ bpl: Double) -> Double { fitIe + (95 - fitIe) * ppl / (ppl + bpl) }
        func error(_ bpl: Double) -> Double { targets.map { pow(model($0.ppl, bpl) - $0.value, 2) }.reduce(0, +) }
        // Golden-section search for Bpl in [0.5, 200] (the error is unimodal in Bpl for a fixed Ie).
        var low = 0.5, high = 200.0
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<100 {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if error(a) < error(b) { high = b } else { low = a }
        }
        let bpl = (low + high) / 2
        let rmse = (error(bpl) / Double(targets.count)).squareRoot()
        let points = zip(rates, zip(means, measured)).map { rate, pair in
            let target = fitIe + (pair.1 - measured[0])
            let predicted = model(pair.0.loss, bpl)
            return Point(loss_rate: rate, effective_loss_pct: pair.0.loss, codec_mos: pair.0.mos, ie_eff: target,
                         model_ie_eff: predicted, residual: target - predicted)
        }
        return Outcome(codec: codec, wideband: wideband,
                       method: wideband ? "ITU-T P.834.1 (R_WB = 1.29·R(MOS-LQO, P.862.2), reference G.722 64 kbit/s)"
                                        : "ITU-T P.834 (R = R(MOS-LQO, P.862.1), reference G.711)",
                       reference_codec: referenceCodec(wideband: wideband), reference_Ie: referenceIe, reference_mos: referenceMOS,
                       packet_ms: condition.packetMs, concealment: condition.concealment, Ie: ie, Bpl: bpl, fit_Ie: fitIe,
                       fit_rmse: rmse, clips: clips, loss_rates: rates, points: points, note: note)
    }
}

/// A thread-safe counter for progress.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
