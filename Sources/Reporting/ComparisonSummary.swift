import Foundation
import LabCore

/// The verdict of a matrix run ("which codec?"): for every value of every matrix axis, the runs it covers (clips ×
/// seeds × the other axes), the mean and 95 % confidence interval (Student's t) of predicted and of signal MOS,
/// the bandwidth on the wire, and a ranking. Narrowband and wideband runs are summarised and ranked separately —
/// their MOS come from different scales (G.107 vs G.107.1; P.862.1 vs P.862.2) and are never ranked together.
///
/// Written to the terminal after `moslab run`, to `DIR/summary.csv`, and as the report's first section.
public struct ComparisonSummary: Sendable {
    public struct Row: Sendable, Codable, Equatable {
        public var scenario: String
        public var axis: String
        public var value: String
        public var band: String
        public var runs: Int
        public var predicted_mos_mean: Double?
        public var predicted_mos_ci95: Double?
        public var signal_mos_mean: Double?
        public var signal_mos_ci95: Double?
        /// Means over the runs, kbit/s: codec payload, + IPv4/UDP/RTP, + Ethernet framing, IPv6/UDP/RTP instead.
        public var payload_kbps: Double?
        public var ip_kbps: Double?
        public var ethernet_kbps: Double?
        public var ipv6_kbps: Double?
        /// 1 = best within (scenario, axis, band), by mean signal MOS (predicted MOS when no signal MOS was measured).
        public var rank: Int
        /// Sources of the Ie and Bpl used (`g113`, `calibrated`, `spec`; several joined by `+`).
        public var ie_source: String
        public var bpl_source: String
    }

    public var rows: [Row]
    /// What the rank orders by ("signal MOS" or "predicted MOS"), per (scenario, axis, band).
    public var rankedBy: [String: String] = [:]

    public static let csvColumns = [
        "scenario", "axis", "value", "band", "runs", "predicted_mos_mean", "predicted_mos_ci95", "signal_mos_mean",
        "signal_mos_ci95", "payload_kbps", "ip_kbps", "ethernet_kbps", "ipv6_kbps", "rank", "ie_source", "bpl_source",
    ]

    /// Summarises the runs that came from a `matrix:` (others are ignored; no rows when there are none).
    public init(results: [RunResult]) {
        struct Key: Hashable { var scenario: String; var axis: String; var value: String; var band: String }
        var groups: [Key: [RunResult]] = [:]
        var order: [Key] = []
        for r in results where !r.matrix.isEmpty {
            let band = Self.band(of: r)
            for axis in r.matrix.keys.sorted() {
                let key = Key(scenario: r.base_scenario.isEmpty ? r.scenario : r.base_scenario, axis: axis, value: r.matrix[axis]!, band: band)
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(r)
            }
        }
        var rows = order.map { key -> Row in
            let runs = groups[key]!
            let predicted = StudentT.meanAndCI95(runs.compactMap(\.predicted_mos))
            let signal = StudentT.meanAndCI95(runs.compactMap(\.signal_mos))
            func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
            let bandwidths = runs.compactMap { r in r.payload_kbps.map { Bandwidth.from(payloadKbps: $0, ptimeMs: r.ptime_ms) } }
            func sources(_ values: [String?]) -> String {
                var seen: [String] = []
                for v in values.compactMap({ $0 }) where !seen.contains(v) { seen.append(v) }
                return seen.joined(separator: "+")
            }
            return Row(scenario: key.scenario, axis: key.axis, value: key.value, band: key.band, runs: runs.count,
                       predicted_mos_mean: predicted?.mean, predicted_mos_ci95: predicted?.ci95,
                       signal_mos_mean: signal?.mean, signal_mos_ci95: signal?.ci95,
                       payload_kbps: mean(bandwidths.map(\.payloadKbps)), ip_kbps: mean(bandwidths.map(\.ipv4Kbps)),
                       ethernet_kbps: mean(bandwidths.map(\.ethernetKbps)), ipv6_kbps: mean(bandwidths.map(\.ipv6Kbps)),
                       rank: 0, ie_source: sources(runs.map(\.ie_source)), bpl_source: sources(runs.map(\.bpl_source)))
        }
        // Rank within (scenario, axis, band); order rows the same way, best first.
        var rankedBy: [String: String] = [:]
        let sections = Dictionary(grouping: rows.indices) { "\(rows[$0].scenario)|\(rows[$0].axis)|\(rows[$0].band)" }
        for (section, indices) in sections {
            let bySignal = indices.allSatisfy { rows[$0].signal_mos_mean != nil }
            rankedBy[section] = bySignal ? "signal MOS" : "predicted MOS"
            let ordered = indices.sorted { a, b in
                let (x, y) = bySignal ? (rows[a].signal_mos_mean!, rows[b].signal_mos_mean!)
                    : (rows[a].predicted_mos_mean ?? -1, rows[b].predicted_mos_mean ?? -1)
                return x != y ? x > y : (rows[a].predicted_mos_mean ?? -1) > (rows[b].predicted_mos_mean ?? -1)
            }
            for (place, index) in ordered.enumerated() { rows[index].rank = place + 1 }
        }
        let sectionOrder = order.map { "\($0.scenario)|\($0.axis)|\($0.band)" }
        rows.sort { a, b in
            let sa = sectionOrder.firstIndex(of: "\(a.scenario)|\(a.axis)|\(a.band)")!
            let sb = sectionOrder.firstIndex(of: "\(b.scenario)|\(b.axis)|\(b.band)")!
            return sa != sb ? sa < sb : a.rank < b.rank
        }
        self.rows = rows
        self.rankedBy = rankedBy
    }

    /// `narrowband` or `wideband`: the scale a run's MOS is on (16 kHz runs are P.862.2 and G.107.1).
    static func band(of r: RunResult) -> String {
        r.sample_rate >= 16000 || r.emodel_model.contains("G.107.1") ? "wideband" : "narrowband"
    }

    /// The sections, in order: (scenario, axis, band) with their rows best first.
    public var sections: [(scenario: String, axis: String, band: String, rankedBy: String, rows: [Row])] {
        var result: [(String, String, String, String, [Row])] = []
        for row in rows {
            if let last = result.last, last.0 == row.scenario, last.1 == row.axis, last.2 == row.band {
                result[result.count - 1].4.append(row)
            } else {
                result.append((row.scenario, row.axis, row.band, rankedBy["\(row.scenario)|\(row.axis)|\(row.band)"] ?? "", [row]))
            }
        }
        return result.map { (scenario: $0.0, axis: $0.1, band: $0.2, rankedBy: $0.3, rows: $0.4) }
    }

    public var csv: String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        func n(_ x: Double?) -> String { x.map(ResultWriters.number) ?? "" }
        for r in rows {
            let cells = [r.scenario, r.axis, r.value, r.band, "\(r.runs)", n(r.predicted_mos_mean), n(r.predicted_mos_ci95),
                         n(r.signal_mos_mean), n(r.signal_mos_ci95), n(r.payload_kbps), n(r.ip_kbps), n(r.ethernet_kbps),
                         n(r.ipv6_kbps), "\(r.rank)", r.ie_source, r.bpl_source]
            lines.append(cells.map(ResultWriters.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "4.12 ± 0.05" (no interval for a single run).
    public static func meanText(_ mean: Double?, _ ci: Double?) -> String {
        guard let mean else { return "-" }
        return fixed(mean, 2) + (ci.map { " ± " + fixed($0, 2) } ?? "")
    }

    /// The terminal form: one ranked table per (scenario, axis, band), then the verdict lines.
    public func text() -> String {
        var out: [String] = []
        for s in sections {
            out.append("")
            out.append("Comparison by \(s.axis) — \(s.scenario), \(s.band) (ranked by \(s.rankedBy); mean ± 95 % CI over clips × seeds; c = calibrated Ie/Bpl)")
            let header = ["#", s.axis, "runs", "predicted", "signal", "payload", "IPv4", "Ethernet", "IPv6", "Ie/Bpl"]
            var table = [header]
            for r in s.rows {
                func k(_ x: Double?) -> String { x.map { fixed($0, 1) } ?? "-" }
                let calibrated = r.ie_source.contains("calibrated") || r.bpl_source.contains("calibrated")
                table.append(["\(r.rank)", r.value, "\(r.runs)", Self.meanText(r.predicted_mos_mean, r.predicted_mos_ci95),
                              Self.meanText(r.signal_mos_mean, r.signal_mos_ci95), k(r.payload_kbps), k(r.ip_kbps),
                              k(r.ethernet_kbps), k(r.ipv6_kbps),
                              "\(r.ie_source.isEmpty ? "-" : r.ie_source)/\(r.bpl_source.isEmpty ? "-" : r.bpl_source)\(calibrated ? " c" : "")"])
            }
            let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
            for (i, line) in table.enumerated() {
                out.append("  " + line.enumerated().map { column, cell in
                    column == 1 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - cell.count) + cell
                }.joined(separator: "  "))
                if i == 0 { out.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
            }
            if let best = s.rows.first {
                let score = s.rankedBy == "signal MOS" ? Self.meanText(best.signal_mos_mean, best.signal_mos_ci95)
                    : Self.meanText(best.predicted_mos_mean, best.predicted_mos_ci95)
                var line = "  Best \(s.band) \(s.axis) by \(s.rankedBy): \(best.value) (\(score)"
                    + (best.ip_kbps.map { String(format: ", %.0f kbit/s on IPv4", $0) } ?? "") + ")"
                // The cheapest value whose interval overlaps the best one's: the trade-off a codec choice weighs.
                let bestLow = (s.rankedBy == "signal MOS" ? best.signal_mos_mean : best.predicted_mos_mean).map { $0 - ((s.rankedBy == "signal MOS" ? best.signal_mos_ci95 : best.predicted_mos_ci95) ?? 0) }
                let cheaper = s.rows.dropFirst().filter { r in
                    let mean = s.rankedBy == "signal MOS" ? r.signal_mos_mean : r.predicted_mos_mean
                    let ci = (s.rankedBy == "signal MOS" ? r.signal_mos_ci95 : r.predicted_mos_ci95) ?? 0
                    guard let mean, let bestLow, let ip = r.ip_kbps, let bestIP = best.ip_kbps else { return false }
                    return mean + ci >= bestLow && ip < bestIP
                }.min { ($0.ip_kbps ?? 0) < ($1.ip_kbps ?? 0) }
                if let cheaper {
                    line += "; not distinguishable from it at 95 % and cheaper: \(cheaper.value) (\(cheaper.ip_kbps.map { fixed($0, 0) } ?? "-") kbit/s)"
                }
                out.append(line)
            }
        }
        out.append("")
        out.append("kbit/s: payload as packetized (FEC counted); IPv4 = + 40 B/packet IPv4/UDP/RTP; Ethernet = + 18 B framing; IPv6 = + 60 B/packet IPv6/UDP/RTP.")
        return out.joined(separator: "\n")
    }
}
