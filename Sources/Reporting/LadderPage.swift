import LabCore

/// The page a trainer opens to play a MOS ladder in order: one row per rung with its target, the MOS achieved,
/// the band and what was done. Self-contained HTML (opens from file://), audio by relative path.
public enum LadderPage {
    public struct Rung: Codable, Sendable, Equatable {
        public var target: Double
        public var achieved_mos: Double
        public var band: String
        public var reached: Bool
        public var reference: String
        public var degraded: String
        public var impairment: Impairment
        public var description: String

        public struct Impairment: Codable, Sendable, Equatable {
            public var kind: String
            public var parameter: String
            public var value: Double
            public init(kind: String, parameter: String, value: Double) {
                self.kind = kind
                self.parameter = parameter
                self.value = value
            }
        }

        public init(target: Double, achieved_mos: Double, band: String, reached: Bool, reference: String, degraded: String,
                    impairment: Impairment, description: String) {
            self.target = target
            self.achieved_mos = achieved_mos
            self.band = band
            self.reached = reached
            self.reference = reference
            self.degraded = degraded
            self.impairment = impairment
            self.description = description
        }
    }

    public static func colour(_ band: String) -> String {
        switch band {
        case "Excellent": return "#1a9850"
        case "Good": return "#91cf60"
        case "Fair": return "#fee08b"
        case "Poor": return "#fc8d59"
        default: return "#d73027"
        }
    }

    public static func render(clip: String, rungs: [Rung]) -> String {
        var rows = ""
        for rung in rungs {
            rows += """
                <tr><td class="num">\(fixed2(rung.target))</td>
                <td class="num">\(fixed2(rung.achieved_mos))\(rung.reached ? "" : " <small>(closest)</small>")</td>
                <td><span class="band" style="background:\(colour(rung.band))">\(rung.band)</span></td>
                <td>\(escape(rung.description))</td>
                <td><audio controls preload="none" src="\(escape(rung.degraded))"></audio></td></tr>

                """
        }
        let reference = rungs.first.map { "<p>Reference (no impairment): <audio controls preload=\"none\" src=\"\(escape($0.reference))\"></audio></p>" } ?? ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MOS ladder: \(escape(clip))</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse}td,th{padding:.5em .8em;border-bottom:1px solid #ddd;text-align:left}
            .num{text-align:right;font-variant-numeric:tabular-nums}.band{padding:.15em .6em;border-radius:.8em}
            </style></head><body>
            <h1>MOS ladder</h1>
            <p>Clip <b>\(escape(clip))</b>. Each rung was searched until its signal MOS (ITU-T P.862 with the P.862.1
            mapping, MOS-LQO) came within ±0.05 of the target. Bands: Excellent ≥ 4.3, Good ≥ 4.0, Fair ≥ 3.5,
            Poor ≥ 3.0, Bad below. Play them top to bottom.</p>
            \(reference)
            <table id="ladder"><thead><tr><th>target</th><th>achieved</th><th>band</th><th>what was done</th><th>listen</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            </body></html>

            """
    }

    static func fixed2(_ value: Double) -> String {
        let scaled = Int((value * 100).rounded())
        let fraction = abs(scaled % 100)
        return "\(scaled / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func escape(_ text: String) -> String { HTML.escape(text) }
}
