/// The call-centre MOS bands users read results in.
///
/// Boundaries: 4.3–5 Excellent, 4.0–4.3 Good, 3.5–4.0 Fair, 3.0–3.5 Poor, below 3.0 Bad
/// (the common call-centre reading of ITU-T P.800 ACR scores; issue 5 calls the last band "Unacceptable",
/// which `label(unacceptableName:)` offers).
public enum MOSBand: String, Sendable, CaseIterable, Codable {
    case excellent = "Excellent"
    case good = "Good"
    case fair = "Fair"
    case poor = "Poor"
    case bad = "Bad"

    public init(mos: Double) {
        switch mos {
        case 4.3...: self = .excellent
        case 4.0..<4.3: self = .good
        case 3.5..<4.0: self = .fair
        case 3.0..<3.5: self = .poor
        default: self = .bad
        }
    }
}
