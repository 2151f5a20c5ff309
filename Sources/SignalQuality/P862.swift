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
        case unsupportedRate, rateMismatch, tooShort, silentReference, silentDegraded, tooLittleSpeech,
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
    /// Scores `degraded` against `reference`. Both must have the same rate, 8000 or 16000 Hz (wideband: 16000).
    public static func score(reference: AudioBuffer, degraded: AudioBuffer, band: P862Band,
                             options: P862Options = P862Options()) throws -> P862Result {
        let rate = reference.sampleRate
        guard rate == degraded.sampleRate else {
            throw P862Error(.rateMismatch, "reference is \(rate) Hz but degraded is \(degraded.sampleRate) Hz",
                            hint: "resample one of them (moslab score does this)")
        }
        guard rate == 8000 || rate == 16000 else {
            throw P862Error(.unsupportedRate, "P.862 needs 8000 or 16000 Hz, got \(rate) Hz",
                            hint: "resample to 8000 Hz (nb) or 16000 Hz (nb/wb)")
        }
        if band == .wideband && rate != 16000 {
            throw P862Error(.unsupportedRate, "wideband (P.862.2) needs 16000 Hz, got \(rate) Hz",
                            hint: "use --band nb, or resample to 16000 Hz")
        }
        for (name, buffer) in [("reference", reference), ("degraded", degraded)] where buffer.samples.count < rate / 4 {
            throw P862Error(.tooShort, "\(name) has \(buffer.samples.count) samples, fewer than 1/4 s",
                            hint: "P.862 needs speech of several seconds (8–12 s is typical)")
        }
        return try Pipeline(reference: reference, degraded: degraded, band: band, options: options).run()
    }
}

/// The stages wired in order (P862.md §1).
struct Pipeline {
    let p: P862Parameters
    let band: P862Band
    let options: P862Options
    let refSamples: [Float]
    let degSamples: [Float]
    let plans = FFTPlans()

    init(reference: AudioBuffer, degraded: AudioBuffer, band: P862Band, options: P862Options) {
        p = P862Parameters(rate: reference.sampleRate)
        self.band = band
        self.options = options
        refSamples = reference.samples
        degSamples = degraded.samples
    }

    /// §2 padding: SBS zeros, the samples in 16-bit units, SBS + DP zeros.
    private func padded(_ x: [Float]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count + 2 * p.sbs + p.dataPadding)
        for (i, v) in x.enumerated() { out[p.sbs + i] = Double(v) * 32768 }
        return out
    }

    /// §3 level alignment and §4 receive filter: the model signal.
    private func modelSignal(_ x: [Double], count n: Int, gain: Double, spectrum: FFTFilterInput) -> [Double] {
        let l = n + 2 * p.sbs
        switch band {
        case .narrowband:
            var y = [Double](repeating: 0, count: x.count)
            ReceiveFilter.irs(spectrum, gain: gain, into: &y, p: p)
            return y
        case .wideband:
            var y = x.map { Float($0) }
            let g = Float(gain)
            for i in 0..<l { y[i] *= g }
            ReceiveFilter.wideband(&y, signalCount: n, p: p, corrigendum2: options.corrigendum2)
            return y.map { Double($0) }
        }
    }

    func run() throws -> P862Result {
        let nRef = refSamples.count, nDeg = degSamples.count
        let lRef = nRef + 2 * p.sbs, lDeg = nDeg + 2 * p.sbs
        let lMax = max(lRef, lDeg)
        var refModel: [Double], degModel: [Double]
        do {
            // Scoped so that the padded inputs and their spectra are freed once the model signals exist.
            let ref0 = padded(refSamples), deg0 = padded(degSamples)
            let refSpectrum = FFTFilterInput(ref0, start: p.sbs, count: nRef + p.dataPadding, rate: p.rate, plans: plans)
            let degSpectrum = FFTFilterInput(deg0, start: p.sbs, count: nDeg + p.dataPadding, rate: p.rate, plans: plans)
            guard let gRef = levelAlignmentGain(refSpectrum, lMax: lMax, p: p) else {
                throw P862Error(.silentReference, "the reference is silent in the 350–3250 Hz band",
                                hint: "give a speech reference")
            }
            guard let gDeg = levelAlignmentGain(degSpectrum, lMax: lMax, p: p) else {
                throw P862Error(.silentDegraded, "the degraded signal is silent in the 350–3250 Hz band",
                                hint: "nothing was received; the reference program would return NaN")
            }
            refModel = modelSignal(ref0, count: nRef, gain: gRef, spectrum: refSpectrum)
            degModel = modelSignal(deg0, count: nDeg, gain: gDeg, spectrum: degSpectrum)
        }

        // §5–6 time alignment on filtered copies (scoped: the copies are freed before the model runs).
        let utterances: [Utterance] = try {
            var refAlign = refModel, degAlign = degModel
            AlignmentFilter.apply(&refAlign, paddedCount: lRef, p: p)
            AlignmentFilter.apply(&degAlign, paddedCount: lDeg, p: p)
            let refEnv = SpeechEnvelope(refAlign, paddedCount: lRef, p: p)
            let degEnv = SpeechEnvelope(degAlign, paddedCount: lDeg, p: p)
            let speechFrames = refEnv.vad.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            let speechSeconds = Double(speechFrames * p.ds) / Double(p.rate)
            if speechSeconds < options.minimumSpeechSeconds {
                throw P862Error(.tooLittleSpeech,
                                "the reference holds \(String(speechSeconds, decimals: 2)) s of speech, less than "
                                    + "\(String(options.minimumSpeechSeconds, decimals: 2)) s",
                                hint: "P.862 is meant for 8–12 s of speech with pauses")
            }
            let crude = CrudeDelay.lag(refEnv.envelope[...], degEnv.envelope[...], plans: plans) * p.ds
            let aligner = FineAligner(ref: refAlign, deg: degAlign, degLength: lDeg, p: p, plans: plans)
            let runs = UtteranceSearch.runs(vad: refEnv.vad, degLength: lDeg, crudeDelay: crude, p: p)
            if runs.count > P862Limits.maxUtterances {
                throw P862Error(.tooManyUtterances, "the reference has \(runs.count) separate utterances, more than 50",
                                hint: "score shorter clips (8–12 s)")
            }
            var found = UtteranceSearch.find(refVAD: refEnv.vad, refEnvelope: refEnv.envelope,
                                             degEnvelope: degEnv.envelope, refLength: lRef, degLength: lDeg,
                                             crudeDelay: crude, aligner: aligner, p: p, plans: plans)
            guard !found.isEmpty else {
                throw P862Error(.noUtterances, "no utterance of the reference could be matched in the degraded signal",
                                hint: "check that the degraded file holds the reference's speech, not too shifted")
            }
            UtteranceSplit.split(&found, refVAD: refEnv.vad, refEnvelope: refEnv.envelope,
                                 degEnvelope: degEnv.envelope, degLength: lDeg, aligner: aligner, p: p, plans: plans)
            return found
        }()

        // §7 perceptual model on the model signals, extended to Lmax + DP.
        let total = lMax + p.dataPadding
        if refModel.count < total { refModel += [Double](repeating: 0, count: total - refModel.count) }
        if degModel.count < total { degModel += [Double](repeating: 0, count: total - degModel.count) }
        let model = PerceptualModel(p: p, ref: refModel, deg: degModel, lMax: lMax, utterances: utterances,
                                    transform: AuditoryTransform(p: p, plans: plans),
                                    disturbance: DisturbanceModel(bands: p.bands), plans: plans)
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
