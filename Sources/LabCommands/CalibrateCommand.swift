import ArgumentParser
import EModel
import Foundation
import LabCore
import LabPipeline
import Reporting
import SpeechCodecs

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Derive a codec's E-model Ie and Bpl from signal MOS over a random-loss sweep (ITU-T P.834 / P.834.1).",
        discussion: """
            Runs the codec over corpus clips at several random-loss rates and the reference codec at no loss (G.711 for \
            narrowband, P.834; G.722 64 kbit/s for wideband, P.834.1), converts each mean MOS-LQO to R, takes \
            Ie = Ie_ref + R_ref − R_codec and fits Bpl to G.107 eq. 7-29. Prints the values, the fit residual, and the \
            lines to paste into a spec's emodel: block (IeWB/BplWB for a wideband codec).

            --all calibrates every built-in codec (the table MOSLab ships); with --write-swift and --write-csv it \
            regenerates Sources/EModel/CalibratedImpairments+Table.swift and docs/emodel-calibration.csv \
            (`make calibration`).
            """)

    @Option(name: .long, help: "Codec to calibrate (see `moslab codecs`).")
    var codec: String?

    @Flag(name: .long, help: "Calibrate every built-in codec condition of the shipped table.")
    var all = false

    @Option(name: .long, help: "Number of corpus clips to use (narrowband or wideband set, as the codec).")
    var clips: Int = 4

    @Option(name: .long, help: "Random-loss rates, comma-separated fractions, starting with 0.")
    var loss: String = Calibration.defaultLossRates.map { String($0) }.joined(separator: ",")

    @Option(name: .long, help: "Packet size, ms (default 20, or the codec frame when longer).")
    var packet: Double?

    @Option(name: .long, help: "Receiver concealment for codecs without their own: silence, repeat or g711-appendix-i (default repeat).")
    var concealment: String?

    @OptionGroup var parallel: JobsOption  // --jobs, one default for every command (all cores)
    var jobs: Int { parallel.jobs }

    @Option(name: .customLong("write-swift"), help: "With --all: write the Swift table here.")
    var writeSwift: String?

    @Option(name: .customLong("write-csv"), help: "With --all: write the CSV table (with residuals) here.")
    var writeCSV: String?

    @Flag(name: .long, help: "JSON output.")
    var json = false

    func run() throws {
        let outcomes = try failing { () -> [Calibration.Outcome] in
            let rates = try loss.split(separator: ",").map { text -> Double in
                guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (0...0.5).contains(value) else {
                    throw InputError("--loss: '\(text)' is not a loss rate between 0 and 0.5", hint: "e.g. --loss 0,0.02,0.05")
                }
                return value
            }
            guard rates.first == 0, rates.count >= 3 else {
                throw InputError("--loss must start with 0 and have at least 3 rates", hint: "e.g. --loss 0,0.02,0.05,0.1")
            }
            guard clips >= 1 else { throw InputError("--clips must be at least 1") }
            guard jobs >= 1 else { throw InputError("--jobs must be at least 1") }
            if all {
                guard codec == nil, packet == nil, concealment == nil else {
                    throw InputError("--all calibrates the standard conditions; drop --codec, --packet and --concealment")
                }
                let conditions = Calibration.standardConditions()
                printError("calibrating \(conditions.count) conditions")
                return try Calibration.run(conditions, lossRates: rates,
                                           clips: { try Calibration.corpusClips(wideband: $0, count: clips) }, jobs: jobs,
                                           tolerant: true) { done, total in
                    if done % 100 == 0 || done == total { printError("  \(done)/\(total) runs") }
                }
            }
            guard writeSwift == nil, writeCSV == nil else { throw InputError("--write-swift and --write-csv go with --all") }
            guard let codec else { throw InputError("give --codec NAME (or --all)", hint: "see `moslab codecs`") }
            var chosen: Concealment?
            if let concealment {
                guard let c = Concealment(rawValue: concealment), c != .native else {
                    throw InputError("--concealment '\(concealment)' is not a receiver concealment", hint: "silence, repeat or g711-appendix-i")
                }
                chosen = c
            }
            let descriptor = try CodecRegistry.codec(named: codec).descriptor
            if chosen != nil && descriptor.concealsInternally {
                throw InputError("\(descriptor.name) conceals lost frames itself; --concealment applies to codecs without their own")
            }
            let files = try Calibration.corpusClips(wideband: descriptor.wideband, count: clips)
            return [try Calibration(codec: descriptor.name, lossRates: rates, clips: files, packetMs: packet, concealment: chosen).run(jobs: jobs)]
        }
        if all {
            if let writeSwift { try failing { try AtomicFile.write(Self.swiftTable(outcomes), to: writeSwift) } }
            if let writeCSV { try failing { try AtomicFile.write(Self.csvTable(outcomes), to: writeCSV) } }
        }
        if json {
            if all {
                print(try ResultWriters.json(outcomes), terminator: "")
            } else {
                let o = outcomes[0]
                let published = G113.ie(codec: o.codec)
                struct Output: Encodable {
                    var Ie: Double; var Bpl: Double; var yaml: String; var calibration: Calibration.Outcome
                    var g113_Ie: Double?; var g113_source: String?
                }
                print(try ResultWriters.json(Output(Ie: o.Ie, Bpl: o.Bpl, yaml: o.yaml, calibration: o, g113_Ie: published?.Ie,
                                                    g113_source: published?.citation)), terminator: "")
            }
            return
        }
        if all {
            print(table(["codec", "packet", "concealment", "Ie", "Bpl", "fit Ie", "RMSE (R)"], outcomes.map {
                [$0.codec, fixed($0.packet_ms, 0) + " ms", $0.concealment.rawValue, fixed($0.Ie, 1) + ($0.wideband ? " WB" : ""),
                 fixed($0.Bpl, 1), fixed($0.fit_Ie, 1), fixed($0.fit_rmse, 2)]
            }))
            return
        }
        let o = outcomes[0]
        print(table(["loss", "lost+late %", "\(o.codec) MOS", "Ie,eff measured", "Ie,eff model", "residual"], o.points.map {
            [fixed($0.loss_rate * 100, 1) + " %", fixed($0.effective_loss_pct, 2), fixed($0.codec_mos, 2), fixed($0.ie_eff, 1),
             fixed($0.model_ie_eff, 1), fixed($0.residual, 2)]
        }))
        let wb = o.wideband ? ",WB" : ""
        print("\nReference \(o.reference_codec) MOS \(fixed(o.reference_mos, 2)) (Ie\(wb) \(fixed(o.reference_Ie, 0)), G.113); method \(o.method)")
        print("Calibrated:  Ie\(wb) = \(fixed(o.Ie, 1))   Bpl\(wb) = \(fixed(o.Bpl, 1))   (Bpl fitted with Ie \(fixed(o.fit_Ie, 1)); fit RMSE \(fixed(o.fit_rmse, 2)) R points; \(fixed(o.packet_ms, 0)) ms packets, \(o.concealment.rawValue))")
        if let published = G113.ie(codec: o.codec), let ie = published.Ie {
            print("G.113:       Ie\(wb) = \(fixed(ie, 1))   (\(published.citation))")
        } else {
            print("G.113 publishes no Ie for \(o.codec).")
        }
        print("\nFor a spec:\n\(o.yaml)")
    }

    /// The generated Swift table (sorted, so the file is the same whatever --jobs).
    static func swiftTable(_ outcomes: [Calibration.Outcome]) -> String {
        var lines = [
            "// Generated by `make calibration` (moslab calibrate --all). Do not edit by hand.",
            "// Method: ITU-T P.834 (narrowband) / P.834.1 (wideband), see Calibration.swift and docs/emodel.md.",
            "extension CalibratedImpairments {",
            "    public static let table: [CalibratedImpairment] = [",
        ]
        for o in sorted(outcomes) {
            let e = o.entry
            lines.append("        .init(codec: \"\(e.codec)\", wideband: \(e.wideband), packetMs: \(n(e.packetMs)), concealment: .\(swiftCase(e.concealment)), "
                + "Ie: \(n(e.Ie)), Bpl: \(n(e.Bpl)), fitIe: \(n(e.fitIe)), fitRMSE: \(n(e.fitRMSE)), "
                + "lossRates: [\(e.lossRates.map(n).joined(separator: ", "))], clips: \(e.clips)),")
        }
        lines += ["    ]", "}", ""]
        return lines.joined(separator: "\n")
    }

    /// The CSV twin of the table, with residuals per point.
    static func csvTable(_ outcomes: [Calibration.Outcome]) -> String {
        var lines = ["codec,wideband,packet_ms,concealment,ie,bpl,fit_ie,fit_rmse,clips,reference_codec,reference_mos,mos_by_loss,residuals,note"]
        for o in sorted(outcomes) {
            let e = o.entry
            let mos = o.points.map { "\(n($0.loss_rate)):\(n(($0.codec_mos * 1000).rounded() / 1000))" }.joined(separator: " ")
            let residuals = o.points.map { n(($0.residual * 100).rounded() / 100) }.joined(separator: " ")
            lines.append([e.codec, "\(e.wideband)", n(e.packetMs), e.concealment.rawValue, n(e.Ie), n(e.Bpl), n(e.fitIe),
                          n(e.fitRMSE), "\(e.clips)", o.reference_codec, n((o.reference_mos * 1000).rounded() / 1000), mos, residuals,
                          (o.note ?? "").replacingOccurrences(of: ",", with: ";")]
                .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func sorted(_ outcomes: [Calibration.Outcome]) -> [Calibration.Outcome] {
        outcomes.sorted { ($0.codec, $0.packet_ms, $0.concealment.rawValue) < ($1.codec, $1.packet_ms, $1.concealment.rawValue) }
    }

    static func swiftCase(_ c: Concealment) -> String {
        switch c {
        case .native: "native"
        case .silence: "silence"
        case .repeat: "`repeat`"
        case .g711AppendixI: "g711AppendixI"
        }
    }

    static func n(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) + ".0" : String(x)
    }
}
