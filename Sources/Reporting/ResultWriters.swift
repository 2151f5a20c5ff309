import Foundation
import LabCore

/// JSON and CSV forms of results. JSON keys are sorted and numbers printed by Foundation's encoder, so the same
/// results give the same bytes.
public enum ResultWriters {
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Columns of `results.csv`, in order (the flat fields of `RunResult`).
    public static let csvColumns = [
        "scenario", "clip", "codec", "seed", "ptime_ms", "plc", "jitter_buffer", "loss_model", "packets_sent",
        "packets_lost", "packets_late", "loss_rate", "late_loss_rate", "effective_loss_rate", "mean_burst_length",
        "burst_ratio", "mean_network_delay_ms", "mean_playout_delay_ms", "one_way_delay_ms", "concealed_ms",
        "r_factor", "predicted_mos", "mos_band", "signal_mos", "signal_band", "reference_level_dbov", "degraded_path",
        "ie", "bpl", "ie_source", "bpl_source", "payload_kbps", "ip_kbps", "warnings",
    ]

    public static func csv(_ results: [RunResult]) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for r in results {
            let cells: [String] = [
                r.scenario, r.clip, r.codec, "\(r.seed)", number(r.ptime_ms), r.plc, r.jitter_buffer, r.loss_model,
                "\(r.packets_sent)", "\(r.packets_lost)", "\(r.packets_late)", number(r.loss_rate),
                number(r.late_loss_rate), number(r.effective_loss_rate), number(r.mean_burst_length),
                number(r.burst_ratio), number(r.mean_network_delay_ms), number(r.mean_playout_delay_ms),
                number(r.one_way_delay_ms), number(r.concealed_ms), r.r_factor.map(number) ?? "", r.predicted_mos.map(number) ?? "",
                r.mos_band ?? "", r.signal_mos.map(number) ?? "", r.signal_band ?? "", number(r.reference_level_dbov),
                r.degraded_path,
                r.ie.map(number) ?? "", r.bpl.map(number) ?? "", r.ie_source ?? "", r.bpl_source ?? "",
                r.payload_kbps.map(number) ?? "", r.ip_kbps.map(number) ?? "", (r.warnings ?? []).joined(separator: "; "),
            ]
            lines.append(cells.map(escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return plainNumber((value * 1e6).rounded() / 1e6)
    }

    static func escape(_ cell: String) -> String {
        // Most cells hold none of the three bytes: decided by one byte scan (Foundation's search below, run three
        // times per cell, was most of writing results.csv; issue 16). A cell that holds one is decided as before.
        guard cell.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A }) else { return cell }
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
            ? CSV.quoted(cell) : cell  // the one RFC 4180 implementation (LabCore.CSV)
    }
}
