import EModel

/// Why the predicted MOS (G.107 E-model) and the signal MOS (P.862) of a run differ, in one line.
///
/// The E-model rates the whole conversation: R = Ro − Is − Id − Ie,eff + A (G.107 §7.1 eq. 7-1), where Id charges
/// mouth-to-ear delay and echo and Ie,eff the codec (Ie) plus packet loss (eq. 7-29, through Ppl, BurstR, Bpl).
/// P.862 scores one-way *listening* quality on time-aligned audio, so it cannot hear delay and it hears the
/// concealment actually used rather than the Bpl the E-model assumes. The line names the impairment that
/// dominates R and reads the sign of the gap against it.
public struct PredictionGap: Sendable, Equatable {
    public enum Term: String, Sendable, Equatable {
        case delay, loss, codec, level
    }

    /// The E-model impairment that costs the most R points (`.codec` with 0 when there is no prediction).
    public var dominant: Term
    /// Its size in R points.
    public var dominantValue: Double
    /// signal − predicted MOS; nil when the signal MOS was not measured.
    public var difference: Double?
    /// The one-line explanation.
    public var line: String

    /// Gaps below this (MOS) are read as agreement.
    public static let agreement = 0.15

    public init(_ r: RunResult) {
        let e = r.emodel, inputs = r.emodel_inputs
        func term(_ symbol: String) -> Double { e[symbol] ?? 0 }
        let codec = inputs["Ie"] ?? 0
        let loss = max(0, term("Ie_eff") - codec)
        let terms: [(Term, Double)] = [(.delay, term("Id")), (.loss, loss), (.codec, codec), (.level, term("Is"))]
        let (dominantTerm, value) = terms.max { $0.1 < $1.1 } ?? (.level, 0)
        dominant = dominantTerm
        dominantValue = value
        guard let predicted = r.predicted_mos else {
            dominant = .codec
            dominantValue = 0
            difference = nil
            line = "No prediction: the E-model has no published Ie/Bpl for \(r.codec) (give `emodel: {Ie, Bpl}` in the spec)"
                + (r.signal_mos.map { "; the signal MOS \(HTML.fixed($0, 2)) stands alone." } ?? ".")
            return
        }
        difference = r.signal_mos.map { $0 - predicted }

        let f1 = { (v: Double) in HTML.fixed(v, 1) }
        let lossText = "\(f1(100 * r.effective_loss_rate)) % lost+late, BurstR \(f1(r.burst_ratio)), Bpl \(f1(inputs["Bpl"] ?? 0))"
        let described: String
        switch dominantTerm {
        case .delay:
            described = "delay Id = \(f1(term("Id"))) (Ta \(HTML.fixed(r.one_way_delay_ms, 0)) ms: Idd \(f1(term("Idd"))), talker echo Idte \(f1(term("Idte"))))"
        case .loss: described = "packet loss Ie,eff − Ie = \(f1(loss)) (\(lossText))"
        case .codec: described = "codec Ie = \(f1(codec)) (\(r.codec))"
        case .level: described = "Is = \(f1(term("Is"))) (loudness, sidetone, quantizing)"
        }
        let R = r.r_factor ?? term("R"), lost = term("Ro") - R
        guard let gap = difference else {
            line = lost < 8
                ? "Little impairment (R \(f1(R))); largest term \(described)."
                : "R loses \(f1(lost)) points, most to \(described)."
            return
        }
        let size = HTML.fixed(abs(gap), 2)
        if abs(gap) < Self.agreement {
            line = "Agree (gap \(size) < \(HTML.fixed(Self.agreement, 2))); the E-model's largest term is \(described)."
            return
        }
        let concealed = "\(HTML.fixed(r.concealed_ms, 0)) ms concealed, longest \(HTML.fixed(r.longest_concealment_ms, 0)) ms"
        switch (dominantTerm, gap > 0) {
        case (.delay, true):
            line = "Signal \(size) higher: P.862 listens to time-aligned audio and cannot hear delay, which the E-model charges as \(described)."
        case (.delay, false):
            line = "Signal \(size) lower although the E-model's main charge is \(described): the audio is hurt more than Ie,eff = \(f1(term("Ie_eff"))) credits (\(concealed))."
        case (.loss, true):
            line = "Signal \(size) higher: \(r.plc) concealment hides the loss better than the E-model assumes for \(described)."
        case (.loss, false):
            line = "Signal \(size) lower: the loss hurts more than the E-model's \(described) (\(concealed))."
        case (.codec, true):
            line = "Signal \(size) higher: the codec sounds better on this clip than its G.113 \(described) implies."
        case (.codec, false):
            line = "Signal \(size) lower: the codec degrades this clip more than its G.113 \(described) implies."
        case (.level, true):
            line = "Signal \(size) higher with little modelled impairment (R \(f1(R))): the two scales' ceilings differ (P.862 mappings reach 4.5+, a G.711 E-model call ≈ 4.4)."
        case (.level, false):
            line = "Signal \(size) lower with little modelled impairment (R \(f1(R))): distortion the E-model does not model (level, noise, \(concealed))."
        }
    }

    /// A short label for the table: "loss 20.9".
    public var shortLabel: String { "\(dominant.rawValue) \(HTML.fixed(dominantValue, 1))" }
}
