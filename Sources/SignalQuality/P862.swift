import LabCore

/// Which P.862 variant: narrowband (P.862 + P.862.1 mapping, 8 or 16 kHz) or wideband (P.862.2, 16 kHz).
public enum P862Band: String, Codable, Sendable, CaseIterable {
    case narrowband = "nb"
    case wideband = "wb"

    /// The honest label of the score this band produces.
    public var scoreLabel: String {
        switch self {
        case .narrowband: "MOS-LQO (P.862.1)"
        case .wideband: "MOS-LQO (P.862.2)"
        }
    }
}

/// One utterance found by the time alignment: where it lies in the reference and its delay.
public struct P862Utterance: Codable, Sendable, Equatable {
    /// Start and end in seconds from the first reference sample.
    public var start: Double
    public var end: Double
    /// Delay of the degraded signal for this utterance (positive: the degraded lags), in milliseconds.
    public var delayMs: Double

    public init(start: Double, end: Double, delayMs: Double) {
        self.start = start
        self.end = end
        self.delayMs = delayMs
    }

    enum CodingKeys: String, CodingKey {
        case start = "start_s"
        case end = "end_s"
        case delayMs = "delay_ms"
    }
}

/// A P.862 measurement.
public struct P862Result: Codable, Sendable, Equatable {
    /// MOS-LQO: P.862.1 mapping for narrowband, P.862.2 for wideband.
    public var mosLQO: Double
    /// The raw P.862 score (4.5 − 0.1·D − 0.0309·A) before mapping. For wideband the reference program reports
    /// no raw score; this is the same quantity computed with the wideband input filter.
    public var raw: Double
    public var band: P862Band
    /// Mean delay of the degraded signal over the utterances, weighted by their length, in milliseconds.
    public var delayMs: Double
    public var utterances: [P862Utterance]
    /// Sample rate the score was computed at.
    public var sampleRate: Int
    /// Whether the P.862 Corrigendum 2 (03/2018) wideband filter was used.
    public var corrigendum2: Bool

    enum CodingKeys: String, CodingKey {
        case mosLQO = "mos_lqo"
        case raw, band
        case delayMs = "delay_ms"
        case utterances
        case sampleRate = "sample_rate"
        case corrigendum2 = "corrigendum2"
    }
}

/// Why a pair cannot be scored. One line, with a hint, like `InputError`.
public struct P862Error: LabError, Equatable {
    public enum Kind: String, Sendable {
        case unsupportedRate, rateMismatch, tooShort, tooLong, silentReference, silentDegraded, tooLittleSpeech,
             noUtterances, tooManyUtterances
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var text = "P.862: " + message
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}

/// Options beyond the Recommendation's defaults.
public struct P862Options: Sendable {
    /// Apply P.862 Corrigendum 2 (03/2018) to the wideband input filter. Off by default: the `pesq` reference
    /// and most published P.862.2 figures do not include it.
    public var corrigendum2 = false
    /// Minimum active speech in the reference, in seconds (the reference program needs only 0.25 s of signal;
    /// MOSLab refuses less than 1 s of speech, where P.862 is not meaningful).
    public var minimumSpeechSeconds = 1.0

    public init(corrigendum2: Bool = false, minimumSpeechSeconds: Double = 1.0) {
        self.corrigendum2 = corrigendum2
        self.minimumSpeechSeconds = minimumSpeechSeconds
    }
}

/// ITU-T P.862 (PESQ) with the P.862.1 and P.862.2 mappings: a clean-room implementation that agrees with the
/// ITU reference (see docs/p862.md for the agreement figures and the stage-by-stage description).
public enum P862 {
    /// Longest signal MOSLab scores, in seconds. P.862 is meant for 8–12 s of speech (P.862.3 §7: 8–12 s,
    /// at most about 30 s); memory grows with length (about 1 MB per second of 16 kHz audio at the peak,
    /// docs/p862.md), so longer signals are refused before anything is allocated.
    public static let maximumSeconds = 120

    /// Scores `degraded` against `reference`. Both must have the same rate, 8000 or 16000 Hz (wideband: 16000).
    public static func score(reference: AudioBuffer, degraded: AudioBuffer, band: P862Band,
                             options: P862Options = P862Options()) throws -> P862Result {
        try checkRates(reference.sampleRate, degraded.sampleRate)
        try checkRate(reference.sampleRate, band: band)
        try checkLength("reference", reference.samples.count, rate: reference.sampleRate)
        try checkLength("degraded", degraded.samples.count, rate: degraded.sampleRate)
        let pipeline = Pipeline(rate: reference.sampleRate, band: band, options: options)
        return try pipeline.run(reference: reference.samples, prepared: nil, degraded: degraded.samples)
    }

    /// Analyses a reference once, for scoring many degraded signals against it (`score(reference:degraded:)`):
    /// level alignment, receive filter, alignment filter and speech envelope of the reference alone
    /// (P862.md §3–§5.2). Scores equal those of `score(reference:degraded:band:options:)` exactly.
    public static func reference(_ reference: AudioBuffer, band: P862Band,
                                 options: P862Options = P862Options()) throws -> P862Reference {
        try checkRate(reference.sampleRate, band: band)
        try checkLength("reference", reference.samples.count, rate: reference.sampleRate)
        let pipeline = Pipeline(rate: reference.sampleRate, band: band, options: options)
        let n = reference.samples.count
        guard var side = pipeline.analyse(reference.samples, lMax: n + 2 * pipeline.p.sbs,
                                          peak: pipeline.inputPeak(reference.samples, [])) else {
            throw Pipeline.silentReference
        }
        side.frames = pipeline.referenceFrames(side)
        side.spectra = ReferenceSpectra(paddedCount: side.paddedCount, na: pipeline.p.alignFFT)
        return P862Reference(band: band, options: options, sampleRate: reference.sampleRate,
                             samples: reference.samples, side: side)
    }

    /// Scores `degraded` against an analysed reference (same rate as the reference).
    public static func score(reference: P862Reference, degraded: AudioBuffer) throws -> P862Result {
        try checkRates(reference.sampleRate, degraded.sampleRate)
        try checkLength("degraded", degraded.samples.count, rate: degraded.sampleRate)
        let pipeline = Pipeline(rate: reference.sampleRate, band: reference.band, options: reference.options)
        return try pipeline.run(reference: reference.samples, prepared: reference.side, degraded: degraded.samples)
    }

    private static func checkRate(_ rate: Int, band: P862Band) throws {
        guard rate == 8000 || rate == 16000 else {
            throw P862Error(.unsupportedRate, "P.862 needs 8000 or 16000 Hz, got \(rate) Hz",
                            hint: "resample to 8000 Hz (nb) or 16000 Hz (nb/wb)")
        }
        if band == .wideband && rate != 16000 {
            throw P862Error(.unsupportedRate, "wideband (P.862.2) needs 16000 Hz, got \(rate) Hz",
                            hint: "use --band nb, or resample to 16000 Hz")
        }
    }

    private static func checkRates(_ reference: Int, _ degraded: Int) throws {
        guard reference == degraded else {
            throw P862Error(.rateMismatch, "reference is \(reference) Hz but degraded is \(degraded) Hz",
                            hint: "resample one of them (moslab score does this)")
        }
    }

    /// Too short (fewer than Fs/4 samples, the reference program's limit) or longer than `maximumSeconds`.
    static func checkLength(_ name: String, _ count: Int, rate: Int) throws {
        if count < rate / 4 {
            throw P862Error(.tooShort, "\(name) has \(count) samples, fewer than 1/4 s",
                            hint: "P.862 needs speech of several seconds (8–12 s is typical)")
        }
        if count > maximumSeconds * rate {
            throw P862Error(.tooLong, "\(name) lasts \(String(Double(count) / Double(rate), decimals: 1)) s, "
                                + "longer than the \(maximumSeconds) s MOSLab scores",
                            hint: "P.862 is meant for 8–12 s of speech: score shorter clips")
        }
    }
}

/// The reference side of P.862 analysed once (`P862.reference(_:band:options:)`), to score many degraded signals
/// against one reference, as sweeps do. Holds the reference's model signal, alignment-filtered copy and speech
/// envelope, computed with Lmax = L_ref; a degraded signal longer than the reference changes Lmax (the level
/// divisor, P862.md §3), and at wideband one whose peak exceeds the reference's changes the input scale of the
/// float stages (`Pipeline.inputPeak`), so for such a pair the reference is analysed again and the result stays
/// exact.
public struct P862Reference: Sendable {
    public let band: P862Band
    public let options: P862Options
    public let sampleRate: Int
    let samples: [Float]
    let side: SignalAnalysis

    /// Duration of the reference in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Bytes held at most: the samples, the model signal (Lmax + DP floats) and alignment copy (Lmax + DP
    /// doubles), the envelope, the perceptual model's reference frames (`ReferenceFrames`) and the fine aligner's
    /// spectrum store at its cap (`ReferenceSpectra`, filled as scores ask). `moslab-bench pesq` prints it: 4.31 MB for 10 s at 8 kHz,
    /// 8.34 MB at 16 kHz, of which the spectrum store is 2.8 / 5.5 MB.
    public var byteCount: Int {
        (samples.count + side.model.count) * 4
            + (side.align.count + side.envelope.vad.count + side.envelope.envelope.count) * 8
            + (side.frames?.byteCount ?? 0) + (side.spectra?.byteCount ?? 0) + 256
    }
}

/// One signal after P862.md §2–§5.2: the model signal (level-aligned, receive-filtered, padded to Lmax + DP), its
/// alignment-filtered copy (L + DP samples) and its speech envelope.
struct SignalAnalysis: Sendable {
    /// Held in float: its values are float-exact (the receive filters' outputs are floats: the narrowband IRS
    /// filter's float transform, the wideband float high-pass), so the perceptual model reads the same values from
    /// half the bytes. It is built in double (the alignment filter reads it so) and converted once filtered.
    var model: [Float]
    var align: [Double]
    var envelope: SpeechEnvelope
    /// Padded length L = N + 2·SBS.
    var paddedCount: Int
    /// Lmax the analysis was made for.
    var lMax: Int
    /// The input scale the analysis was made for (`Pipeline.inputPeak`).
    var peak: Float
    /// The reference-only frames of the perceptual model for this model signal (`ReferenceFrames`), kept by an
    /// analysed reference; nil for a degraded signal or a one-shot score.
    var frames: ReferenceFrames? = nil
    /// The fine aligner's reference window spectra, filled as scores against an analysed reference ask for them
    /// (`ReferenceSpectra`); nil for a degraded signal or a one-shot score.
    var spectra: ReferenceSpectra? = nil
}

/// The stages wired in order (P862.md §1).
struct Pipeline {
    let p: P862Parameters
    let band: P862Band
    let options: P862Options
    let plans = FFTPlans()

    static let silentReference = P862Error(.silentReference, "the reference is silent in the 350–3250 Hz band",
                                           hint: "give a speech reference")

    init(rate: Int, band: P862Band, options: P862Options) {
        _ = AllocatorReuse.applied
        p = P862Parameters(rate: rate)
        self.band = band
        self.options = options
    }

    /// §2 padding, §3 level alignment, §4 receive filter, §5.1 alignment filter and §5.2 envelope of one signal;
    /// nil if it has no power in the 350–3250 Hz band. The model signal is built in place in one buffer of
    /// Lmax + DP samples; the big FFT and its scratch are freed before returning.
    func analyse(_ samples: [Float], lMax: Int, peak: Float) -> SignalAnalysis? {
        guard let model = modelSignals([samples], lMax: lMax, peak: peak)[0] else { return nil }
        return analysis(samples.count, model: model, lMax: lMax, peak: peak)
    }

    private func analysis(_ n: Int, model: [Double], lMax: Int, peak: Float) -> SignalAnalysis {
        let l = n + 2 * p.sbs
        let align = AlignmentFilter.filtered(model, paddedCount: l, p: p)
        let envelope = SpeechEnvelope(align, paddedCount: l, p: p)
        return SignalAnalysis(model: Self.float(model), align: align, envelope: envelope, paddedCount: l, lMax: lMax,
                              peak: peak)
    }

    /// The model signal in float (exact: its values are floats, `SignalAnalysis.model`).
    static func float(_ model: [Double]) -> [Float] {
        [Float](unsafeUninitializedCapacity: model.count) { out, initialized in
            model.withUnsafeBufferPointer { m in
                for i in 0..<m.count {
                    out[i] = Float(m[i])
                    assert(Double(out[i]) == m[i], "the model signal is float-exact")
                }
            }
            initialized = model.count
        }
    }

    /// `analyse` of the reference and the degraded signal, their alignment filters (8 kHz) and wideband
    /// high-passes run together (`AlignmentFilter.filtered(_:paddedCount:_:paddedCount:p:)`,
    /// `ReceiveFilter.wideband(_:_:corrigendum2:)`); each result equals `analyse`'s.
    func analysePair(_ ref: [Float], _ deg: [Float], lMax: Int, peak: Float) -> (ref: SignalAnalysis?, deg: SignalAnalysis?) {
        var models = modelSignals([ref, deg], lMax: lMax, peak: peak)
        guard var refModel = models[0], var degModel = models[1] else {
            return (models[0].map { analysis(ref.count, model: $0, lMax: lMax, peak: peak) },
                    models[1].map { analysis(deg.count, model: $0, lMax: lMax, peak: peak) })
        }
        models = []
        let lr = ref.count + 2 * p.sbs, ld = deg.count + 2 * p.sbs
        let (refAlign, degAlign) = AlignmentFilter.filtered(refModel, paddedCount: lr, degModel, paddedCount: ld, p: p)
        // Each double model freed as soon as its float copy exists.
        let refFloat = Self.float(refModel)
        refModel = []
        let degFloat = Self.float(degModel)
        degModel = []
        return (SignalAnalysis(model: refFloat, align: refAlign, envelope: SpeechEnvelope(refAlign, paddedCount: lr, p: p),
                               paddedCount: lr, lMax: lMax, peak: peak),
                SignalAnalysis(model: degFloat, align: degAlign, envelope: SpeechEnvelope(degAlign, paddedCount: ld, p: p),
                               paddedCount: ld, lMax: lMax, peak: peak))
    }

    /// §2 padding, §3 level alignment and §4 receive filter of one or two signals: their model signals (Lmax + DP
    /// samples each), nil for a signal with no power in the 350–3250 Hz band. At wideband the level filters run
    /// first, one signal after the other, then the float high-passes of both together (two independent recursions
    /// in one loop: the high-pass is bound by the latency of its recursion).
    func modelSignals(_ signals: [[Float]], lMax: Int, peak: Float) -> [[Double]?] {
        let total = lMax + p.dataPadding
        var models: [[Double]?] = []
        // Wideband: each signal's band power.
        var powers: [Double] = []
        // Wideband: the level filter's output only yields the band power (the high-pass below writes the model
        // signal from the samples), so one scratch buffer serves every signal's level filter and the model
        // buffers are made after the 2^18-point transforms are freed: one Lmax + DP buffer less at the peak.
        var scratch: [Double] = band == .wideband ? [Double](repeating: 0, count: total) : []
        for samples in signals {
            let n = samples.count
            var model = band == .wideband ? scratch : [Double](repeating: 0, count: total)
            scratch = []  // `model` holds the only reference while the buffer is written
            let reused = band == .wideband && !powers.isEmpty
            defer { if band == .wideband { scratch = model } }
            let size = nextPowerOfTwo(max(n + p.dataPadding, 32))
            defer { plans.release(size) }
            let power: Double? = model.withUnsafeMutableBufferPointer { m in
                let x = m.baseAddress!
                // A reused wideband scratch holds the previous signal's filter output: the padding must be zero.
                if reused { (x + p.sbs + n).update(repeating: 0, count: total - p.sbs - n) }
                for i in 0..<n { x[p.sbs + i] = Double(samples[i]) * 32768 }
                switch band {
                case .narrowband:
                    // The level band-pass output goes where the signal was (the spectrum holds all that is still
                    // needed of it).
                    let spectrum = FFTFilterInput<Float>(x + p.sbs, count: n + p.dataPadding, rate: p.rate, plans: plans)
                    guard let gain = levelAlignmentGain(spectrum, lMax: lMax, p: p, scratch: x + p.sbs) else { return nil }
                    ReceiveFilter.irs(spectrum, gain: gain, into: x, p: p)
                    return 1
                case .wideband:
                    let spectrum = FFTFilterInput<Double>(x + p.sbs, count: n + p.dataPadding, rate: p.rate, plans: plans)
                    // The band-pass output goes where the signal was; the padding after the N samples is zeroed as the
                    // power is summed (the high-pass output replaces the N samples).
                    let y = x + p.sbs
                    spectrum.filter(by: .levelAlignment, into: y)
                    var power = 0.0
                    for i in 0..<n { power += y[i] * y[i] }
                    for i in n..<(n + p.dataPadding) {
                        power += y[i] * y[i]
                        y[i] = 0
                    }
                    power /= Double(lMax - 2 * p.sbs + p.dataPadding)
                    guard power > 0, power.isFinite else { return nil }
                    return power
                }
            }
            models.append(band == .wideband ? (power == nil ? nil : []) : (power == nil ? nil : model))
            powers.append(power ?? 0)
        }
        guard band == .wideband else { return models }
        // The model buffers, zero outside the N samples the high-pass writes: the scratch buffer for the first
        // signal that has power, fresh buffers for the others.
        for k in models.indices where models[k] != nil {
            if scratch.isEmpty {
                models[k] = [Double](repeating: 0, count: total)
            } else {
                let start = p.sbs + signals[k].count
                scratch.withUnsafeMutableBufferPointer { b in
                    b.baseAddress!.update(repeating: 0, count: p.sbs)
                    (b.baseAddress! + start).update(repeating: 0, count: total - start)
                }
                models[k] = scratch
                scratch = []
            }
        }
        // The float high-pass sees the samples as the oracle's C code does: x/peak in float, times the float gain
        // 10^7/P computed from the float band power P of x/peak (see `inputPeak`). The signals that have one run
        // together, writing over their N samples.
        let m = Double(peak) * 32768
        let live = models.indices.filter { models[$0] != nil }
        var outputs = live.map { models[$0]! }
        for k in live { models[k] = nil }  // `outputs` holds the only reference while the buffers are written
        func run(_ out: [UnsafeMutablePointer<Double>]) {
            var inputs: [ReceiveFilter.WidebandSignal] = []
            for (j, k) in live.enumerated() {
                inputs.append(ReceiveFilter.WidebandSignal(
                    samples: signals[k], peak: peak, gain: Float((1e7 / Double(Float(powers[k] / (m * m)))).squareRoot()),
                    output: out[j] + p.sbs))
            }
            ReceiveFilter.wideband(inputs, corrigendum2: options.corrigendum2)
        }
        switch outputs.count {
        case 2:
            var first = outputs[0], second = outputs[1]
            outputs = []
            first.withUnsafeMutableBufferPointer { a in
                second.withUnsafeMutableBufferPointer { b in run([a.baseAddress!, b.baseAddress!]) }
            }
            outputs = [first, second]
        case 1:
            outputs[0].withUnsafeMutableBufferPointer { a in run([a.baseAddress!]) }
        default:
            break
        }
        for (j, k) in live.enumerated() { models[k] = outputs[j] }
        return models
    }

    /// The scale at which the wideband float stages see the input: the largest |sample| of the pair (1 for
    /// narrowband, whose stages before the level gain run in double and are linear).
    ///
    /// The oracle, the `pesq` package (ludlows/PESQ 0.0.4, `_pesq.py`), divides both signals by their common
    /// peak and hands float32 to the reference C code, whose level alignment (`fix_power_level`) then multiplies
    /// by a float gain. In exact arithmetic the scale cancels; through the float high-pass of P.862.2 (P862.md §4,
    /// §9 item 2) it moves wideband scores by up to 1.3e-4 (wb03-conference under AMR 4.75, docs/p862.md). With the
    /// same scale the reference's wideband model signal is reproduced bit for bit whenever the float gains agree.
    func inputPeak(_ reference: [Float], _ degraded: [Float]) -> Float {
        guard band == .wideband else { return 1 }
        // The largest |sample| is exact whatever the order of comparisons: four independent lanes per signal.
        func peak(_ x: [Float]) -> Float {
            x.withUnsafeBufferPointer { b in
                var lanes = SIMD4<Float>(repeating: 0)
                var i = 0
                while i + 4 <= b.count {
                    let v = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD4<Float>.self)
                    let a = v.replacing(with: -v, where: v .< 0)
                    lanes.replace(with: a, where: a .> lanes)
                    i += 4
                }
                var m = max(max(lanes[0], lanes[1]), max(lanes[2], lanes[3]))
                while i < b.count {
                    m = max(m, abs(b[i]))
                    i += 1
                }
                return m
            }
        }
        let m = abs(max(peak(reference), peak(degraded)))
        return m > 0 && m.isFinite ? m : 1
    }

    /// The perceptual model's reference-only frames of an analysed reference (P862.md §7.2–§7.5).
    func referenceFrames(_ side: SignalAnalysis) -> ReferenceFrames {
        ReferenceFrames(ref: side.model, lMax: side.lMax, p: p, transform: AuditoryTransform(p: p, plans: plans))
    }

    /// Whether an analysed reference serves this pair as it is: made for the pair's Lmax and input peak (else the
    /// reference is analysed again, with fresh frames).
    func reuses(_ prepared: SignalAnalysis, reference refSamples: [Float], degraded degSamples: [Float]) -> Bool {
        reuses(prepared, lMax: max(refSamples.count, degSamples.count) + 2 * p.sbs,
               peak: inputPeak(refSamples, degSamples))
    }

    /// `reuses` for a pair whose Lmax and input peak are already known (`run` has them).
    func reuses(_ prepared: SignalAnalysis, lMax: Int, peak: Float) -> Bool {
        prepared.lMax == lMax && prepared.peak == peak
    }

    /// Scores `degraded` against `reference`; `prepared` is the reference's analysis if one exists (it is used
    /// when `reuses` says it serves this pair: same Lmax and input peak).
    func run(reference refSamples: [Float], prepared: SignalAnalysis?, degraded degSamples: [Float]) throws -> P862Result {
        let lRef = refSamples.count + 2 * p.sbs, lDeg = degSamples.count + 2 * p.sbs
        let lMax = max(lRef, lDeg)
        let peak = inputPeak(refSamples, degSamples)
        var refSide: SignalAnalysis
        var degAnalysis: SignalAnalysis?
        if let prepared, reuses(prepared, lMax: lMax, peak: peak) {
            refSide = prepared
            degAnalysis = analyse(degSamples, lMax: lMax, peak: peak)
        } else {
            let both = analysePair(refSamples, degSamples, lMax: lMax, peak: peak)
            guard let side = both.ref else { throw Self.silentReference }
            refSide = side
            degAnalysis = both.deg
        }
        guard var degSide = degAnalysis else {
            throw P862Error(.silentDegraded, "the degraded signal is silent in the 350–3250 Hz band",
                            hint: "nothing was received; the reference program would return NaN")
        }
        degAnalysis = nil  // `degSide` holds the only reference, so its alignment copy can be freed below

        // §5–6 time alignment on the alignment-filtered copies.
        let refEnv = refSide.envelope, degEnv = degSide.envelope
        let speechFrames = refEnv.vad.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let speechSeconds = Double(speechFrames * p.ds) / Double(p.rate)
        if speechSeconds < options.minimumSpeechSeconds {
            throw P862Error(.tooLittleSpeech,
                            "the reference holds \(String(speechSeconds, decimals: 2)) s of speech, less than "
                                + "\(String(options.minimumSpeechSeconds, decimals: 2)) s",
                            hint: "P.862 is meant for 8–12 s of speech with pauses")
        }
        let crude = CrudeDelay.lag(refEnv.envelope[...], degEnv.envelope[...], plans: plans) * p.ds
        let runs = UtteranceSearch.runs(vad: refEnv.vad, degLength: lDeg, crudeDelay: crude, p: p)
        if runs.count > P862Limits.maxUtterances {
            throw P862Error(.tooManyUtterances, "the reference has \(runs.count) separate utterances, more than 50",
                            hint: "score shorter clips (8–12 s)")
        }
        var utterances: [Utterance]
        do {
            let aligner = FineAligner(ref: refSide.align, deg: degSide.align, degLength: lDeg, p: p, plans: plans,
                                      referenceSpectra: refSide.spectra)
            utterances = UtteranceSearch.find(refVAD: refEnv.vad, refEnvelope: refEnv.envelope,
                                              degEnvelope: degEnv.envelope, refLength: lRef, degLength: lDeg,
                                              crudeDelay: crude, aligner: aligner, p: p, plans: plans)
            guard !utterances.isEmpty else {
                throw P862Error(.noUtterances, "no utterance of the reference could be matched in the degraded signal",
                                hint: "check that the degraded file holds the reference's speech, not too shifted")
            }
            UtteranceSplit.split(&utterances, refVAD: refEnv.vad, refEnvelope: refEnv.envelope,
                                 degEnvelope: degEnv.envelope, degLength: lDeg, aligner: aligner, p: p, plans: plans)
        }
        // The alignment copies are not needed any more (Lmax + DP doubles each): freed before the perceptual model,
        // whose bad-interval re-alignment is the peak of a pair with bad intervals. An analysed reference keeps
        // its own.
        degSide.align = []
        refSide.align = []

        // §7 perceptual model on the model signals (both Lmax + DP long).
        let model = PerceptualModel(p: p, ref: refSide.model, deg: degSide.model, lMax: lMax, utterances: utterances,
                                    transform: AuditoryTransform(p: p, plans: plans),
                                    disturbance: DisturbanceModel(bands: p.bands), plans: plans,
                                    referenceFrames: refSide.frames)
        let raw = model.run().raw
        let mos = band == .narrowband ? P862Mapping.narrowband(raw) : P862Mapping.wideband(raw)

        let ms = 1000 / Double(p.rate)
        var weighted = 0.0, weight = 0.0
        let list = utterances.map { u -> P862Utterance in
            let len = Double(max(u.end - u.start, 1))
            weighted += len * Double(u.delay)
            weight += len
            return P862Utterance(start: Double((u.start - p.searchFrames) * p.ds) * ms / 1000,
                                 end: Double((u.end - p.searchFrames) * p.ds) * ms / 1000,
                                 delayMs: Double(u.delay) * ms)
        }
        return P862Result(mosLQO: mos, raw: raw, band: band, delayMs: weighted / weight * ms, utterances: list,
                          sampleRate: p.rate, corrigendum2: band == .wideband && options.corrigendum2)
    }
}

extension String {
    init(_ value: Double, decimals: Int) {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (value * scale).rounded() / scale
        self = "\(r)"
    }
}
