import ArgumentParser
import EModel
import Foundation
import LabCore
import LabPipeline
import Reporting
import SpeechCodecs

struct CodecsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codecs", abstract: "List the codecs MOSLab knows, with their parameters and E-model values.",
        discussion: """
            PLC says who conceals a lost frame: the codec itself (`decode(nil)`), or the receiver (`plc:` in the spec). \
            Look-ahead is the codec's algorithmic delay beyond the frame; MOSLab removes it from the degraded audio and \
            counts it in the E-model's mouth-to-ear delay. Ie/Bpl (Ie,WB/Bpl,WB for wideband codecs) are for the \
            default packet (20 ms, or the frame when longer) and concealment (the codec's own, else repeat): from ITU-T \
            G.113, or c = calibrated by MOSLab (P.834 / P.834.1, docs/emodel.md), * = a borrowed or unverified G.113 \
            value. IP kbit/s is the nominal bit rate plus IPv4/UDP/RTP headers (40 bytes per packet) at that packet \
            size. Family names (g726, amr-nb, opus-wb, codec2, mnru …) take --bitrate/--mode
            in `moslab codec` and in specs.
            """)

    @Flag(name: .long, help: "JSON output.")
    var json = false

    struct Row: Codable {
        var name: String, display_name: String, family: String, sample_rate: Int, frame_ms: Double
        var lookahead_samples: Int, lookahead_ms: Double, bitrate: Int, bitrates: [Int], conceals_internally: Bool
        var wideband: Bool, implementation: String, Ie: Double?, Bpl: Double?, emodel_provisional: Bool?
        var ie_source: String?, bpl_source: String?, default_ptime_ms: Double, payload_kbps: Double, ip_kbps: Double
    }

    func run() throws {
        let rows = CodecRegistry.all.map { codec -> Row in
            let d = codec.descriptor
            let ptime = Calibration.defaultPacketMs(d)
            let impairment = CodecImpairments.lookup(codec: d.name, wideband: d.wideband, packetMs: ptime,
                                                     concealment: d.concealsInternally ? .native : .repeat)
            let bandwidth = Bandwidth(bitrate: d.bitrate, ptimeMs: ptime)
            return Row(name: d.name, display_name: d.displayName, family: d.family, sample_rate: d.sampleRate,
                       frame_ms: d.frameMs, lookahead_samples: d.lookaheadSamples, lookahead_ms: d.lookaheadMs,
                       bitrate: d.bitrate, bitrates: d.bitrates, conceals_internally: d.concealsInternally,
                       wideband: d.wideband, implementation: d.implementation, Ie: impairment?.Ie, Bpl: impairment?.Bpl,
                       emodel_provisional: impairment?.provisional, ie_source: impairment?.ie_source?.rawValue,
                       bpl_source: impairment?.bpl_source?.rawValue, default_ptime_ms: ptime,
                       payload_kbps: bandwidth.payloadKbps, ip_kbps: bandwidth.ipv4Kbps)
        }
        if json {
            print(try ResultWriters.json(rows), terminator: "")
            return
        }
        print(table(["name", "codec", "rate", "frame", "look-ahead", "kbit/s", "IP kbit/s", "PLC", "Ie", "Bpl", "library"], rows.map { row in
            func mark(_ source: String?) -> String {
                source == "calibrated" ? " c" : (row.emodel_provisional == true && source == "g113" ? "*" : "")
            }
            return [row.name, row.display_name, "\(row.sample_rate)", "\(fixed(row.frame_ms, 0)) ms",
                    "\(fixed(row.lookahead_ms, 2)) ms", kbps(row.bitrate), fixed(row.ip_kbps, 1) + " @\(fixed(row.default_ptime_ms, 0)) ms",
                    row.conceals_internally ? "codec" : "receiver",
                    row.Ie.map { fixed($0, 1) + (row.wideband ? " WB" : "") + mark(row.ie_source) } ?? "-",
                    row.Bpl.map { fixed($0, 1) + mark(row.bpl_source) } ?? "-", row.implementation]
        }))
    }

    private func kbps(_ bitrate: Int) -> String {
        bitrate % 1000 == 0 ? "\(bitrate / 1000)" : fixed(Double(bitrate) / 1000, bitrate % 100 == 0 ? 1 : 2)
    }
}
