import ArgumentParser
import EModel
import Foundation
import LabPipeline
import Reporting
import SpeechCodecs

struct CodecsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "codecs", abstract: "List the codecs MOSLab knows.")

    @Flag(name: .long, help: "JSON output.")
    var json = false

    struct Row: Codable {
        var name: String, display_name: String, sample_rate: Int, frame_ms: Double, lookahead_samples: Int
        var bitrate: Int, conceals_internally: Bool, wideband: Bool, Ie: Double?, Bpl: Double?
    }

    func run() throws {
        let rows = CodecRegistry.all.map { codec -> Row in
            let d = codec.descriptor
            let impairment = try? G113.impairment(codec: d.name)
            return Row(name: d.name, display_name: d.displayName, sample_rate: d.sampleRate, frame_ms: d.frameMs,
                       lookahead_samples: d.lookaheadSamples, bitrate: d.bitrate, conceals_internally: d.concealsInternally,
                       wideband: d.wideband, Ie: impairment?.Ie, Bpl: impairment?.Bpl)
        }
        if json {
            print(try ResultWriters.json(rows), terminator: "")
            return
        }
        print(table(["name", "codec", "rate", "frame", "kbit/s", "PLC", "Ie", "Bpl"], rows.map {
            [$0.name, $0.display_name, "\($0.sample_rate)", "\(fixed($0.frame_ms, 0)) ms", "\($0.bitrate / 1000)",
             $0.conceals_internally ? "codec" : "receiver", $0.Ie.map { fixed($0, 0) } ?? "-", $0.Bpl.map { fixed($0, 1) } ?? "-"]
        }))
    }
}
