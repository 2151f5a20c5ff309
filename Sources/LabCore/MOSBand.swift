/// The one table of MOS bands in MOSLab: every place that names a band for a score (CLI tables, results.csv,
/// result.json, the HTML report, `moslab emodel`, the ladder) asks this type, so a score never reads as two bands.
///
/// Two scales exist and each has its place (issue 15):
/// - `MOSBand`, the call-centre reading of a MOS *score* (measured or predicted): 4.3–5 Excellent, 4.0–4.3 Good,
///   3.5–4.0 Fair, 3.0–3.5 Poor, below 3.0 Unacceptable: the call-centre table the project started from (issue 5,
///   issue 15). It is close to, not the same as, G.107 Annex B's user-satisfaction classes read through eq. B-4
///   (R 90/80/70/60 ↔ MOS 4.34/4.03/3.60/3.10); MOSLab uses the call-centre edges everywhere.
/// - `ACRScale`, the five categories a *listener votes* on (ITU-T P.800 Annex B, Absolute Category Rating:
///   5 Excellent, 4 Good, 3 Fair, 2 Poor, 1 Bad). Used only where people vote (the classroom quiz).
///
/// A score on a band's lower edge belongs to that band (4.3 is Excellent, 3.0 is Poor). Bands are decided on the
/// value as shown to two decimals, so a printed "3.00" is never labelled as the band below it.
public enum MOSBand: String, Sendable, CaseIterable, Codable {
    case excellent = "Excellent"
    case good = "Good"
    case fair = "Fair"
    case poor = "Poor"
    case unacceptable = "Unacceptable"

    /// Lower edges, best band first; `unacceptable` starts at the scale's floor, 1.
    public static let table: [(band: MOSBand, lower: Double, upper: Double)] = [
        (.excellent, 4.3, 5.0), (.good, 4.0, 4.3), (.fair, 3.5, 4.0), (.poor, 3.0, 3.5), (.unacceptable, 1.0, 3.0),
    ]

    public init(mos: Double) {
        // Decide on the two-decimal value the user sees (issue 15: "2.97 shows Bad on a 3.0 rung" came from
        // labels computed on unrounded values next to rounded figures).
        let shown = (mos * 100).rounded() / 100
        self = Self.table.first { shown >= $0.lower }?.band ?? .unacceptable
    }

    public var lowerBound: Double { Self.table.first { $0.band == self }!.lower }
    public var upperBound: Double { Self.table.first { $0.band == self }!.upper }
    /// The middle of the band (the ladder's default targets sit here, away from the edges).
    public var middle: Double { (lowerBound + upperBound) / 2 }

    /// "Excellent (4.3–5)", "Unacceptable (below 3.0)".
    public var labelWithRange: String {
        self == .unacceptable ? "\(rawValue) (below 3.0)" : "\(rawValue) (\(Self.short(lowerBound))–\(Self.short(upperBound)))"
    }

    /// CSS-friendly identifier, e.g. `band-unacceptable`.
    public var cssClass: String { "band-" + rawValue.lowercased() }

    /// One-line legend: "Excellent ≥ 4.3 · Good ≥ 4.0 · Fair ≥ 3.5 · Poor ≥ 3.0 · Unacceptable < 3.0".
    public static var legend: String {
        table.map { $0.band == .unacceptable ? "\($0.band.rawValue) < 3.0" : "\($0.band.rawValue) ≥ \(short($0.lower))" }
            .joined(separator: " · ")
    }

    /// Colours shared by the report and the classroom page (ColorBrewer RdYlGn, 5 classes).
    public var colour: String {
        switch self {
        case .excellent: "#1a9850"
        case .good: "#91cf60"
        case .fair: "#fee08b"
        case .poor: "#fc8d59"
        case .unacceptable: "#d73027"
        }
    }

    /// One decimal ("4.3", "3.0"), or "5" for the top of the scale (LabCore has no Foundation formatting).
    static func short(_ x: Double) -> String {
        if x >= 5 { return "5" }
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The listener's Absolute Category Rating scale (ITU-T P.800 (08/96) Annex B, Table B.1 "Listening-quality scale"):
/// what a person votes, never a label for a computed score.
public enum ACRScale: Int, Sendable, CaseIterable, Codable {
    case bad = 1, poor, fair, good, excellent

    public var name: String {
        switch self {
        case .excellent: "Excellent"
        case .good: "Good"
        case .fair: "Fair"
        case .poor: "Poor"
        case .bad: "Bad"
        }
    }
}
