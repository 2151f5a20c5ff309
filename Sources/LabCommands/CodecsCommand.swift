import ArgumentParser
import EModel
import Foundation
import LabPipeline
import Reporting
import SpeechCodecs

struct CodecsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codecs", abstract: "List the codecs MOSLab knows, with their parameters and E-model values.",
        discussion: """
            PLC says who conceals a lost frame: the codec itself (`decode(nil)`), or the receiver (`plc:` in the spec). \
            Look-ahead is the codec's algorithmic delay beyond the frame; MOSLab removes it from the degraded audio and \
            counts it in the E-model's mouth-to-ear delay. Ie/Bpl come from ITU-T G.113 (* = provisional, see docs); \
            `-` means none is published. Family names (g726, amr-nb, opus-wb, codec2, mnru …) take --bitrate/--mode \
            in `moslab codec` and in specs.
            """)

    @Flag(name: .long, help: "JSON output.")
    var json = false

    struct Row: Codable {
        var name: String, display_name: String, family: String, sample_rate: Int, frame_ms: Double
        var lookahead_samples: Int, lookahead_ms: Double, bitrate: Int, bitrates: [Int], conceals_internally: Bool
        var wideband: Bool, implementation: String, Ie: Double?, Bpl: Double?, emodel_provisional: Bool?
    }

    func run() throws {
        let rows = CodecRegistry.all.map { codec -> Row in
            let d = codec.descriptor
            let impairment = try? G113.impairment(codec: d.name)
            return Row(name: d.name, display_name: d.displayName, family: d.family, sample_rate: d.sampleRate,
                       frame_ms: d.frameMs, lookahead_samples: d.lookaheadSamples, lookahead_ms: d.lookaheadMs,
                       bitrate: d.bitrate, bitrates: d.bitrates, conceals_internally: d.concealsInternally,
                       wideband: d.wideband, implementation: d.implementation, Ie: impairment?.Ie, Bpl: impairment?.Bpl,
                       emodel_provisional: impairment?.provisional)
        }
        if json {
            print(try ResultWriters.json(rows), terminator: "")
            return
        }
        print(table(["name", "codec", "rate", "frame", "look-ahead", "kbit/s", "PLC", "Ie", "Bpl", "library"], rows.map {
            let mark = $0.emodel_provisional == true ? "*" : ""
            return [$0.name, $0.display_name, "\($0.sample_rate)", "\(fixed($0.frame_ms, 0)) ms",
                    "\(fixed($0.lookahead_ms, 2)) ms", kbps($0.bitrate), $0.conceals_internally ? "codec" : "receiver",
                    $0.Ie.map { fixed($0, 0) + mark } ?? "-", $0.Bpl.map { fixed($0, 1) + mark } ?? "-", $0.implementation]
        }))
    }

    private func kbps(_ bitrate: Int) -> String {
        bitrate % 1000 == 0 ? "\(bitrate / 1000)" : fixed(Double(bitrate) / 1000, bitrate % 100 == 0 ? 1 : 2)
    }
}
