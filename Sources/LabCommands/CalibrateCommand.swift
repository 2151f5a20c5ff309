import ArgumentParser
import EModel
import Foundation
import LabCore
import LabPipeline
import Reporting

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Derive a codec's E-model Ie and Bpl from signal MOS over a random-loss sweep (ITU-T P.834 method).",
        discussion: """
            Runs the codec and G.711 over corpus clips at several random-loss rates, converts each mean MOS-LQO to R, \
            takes Ie = R(G.711, no loss) − R(codec, no loss) and fits Bpl to G.107 eq. 7-29. Prints them beside G.113's.
            """)

    @Option(name: .long, help: "Codec to calibrate (see `moslab codecs`).")
    var codec: String

    @Option(name: .long, help: "Number of narrowband corpus clips to use.")
    var clips: Int = 4

    @Option(name: .long, help: "Random-loss rates, comma-separated fractions.")
    var loss: String = "0,0.01,0.02,0.04,0.08,0.12"

    @OptionGroup var parallel: JobsOption  // --jobs, one default for every command (all cores)
    var jobs: Int { parallel.jobs }

    @Flag(name: .long, help: "JSON output.")
    var json = false

    func run() throws {
        let outcome = try failing { () -> Calibration.Outcome in
            let rates = try loss.split(separator: ",").map { text -> Double in
                guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (0...0.5).contains(value) else {
                    throw InputError("--loss: '\(text)' is not a loss rate between 0 and 0.5", hint: "e.g. --loss 0,0.02,0.05")
                }
                return value
            }
            guard rates.first == 0, rates.count >= 3 else {
                throw InputError("--loss must start with 0 and have at least 3 rates", hint: "e.g. --loss 0,0.02,0.05,0.1")
            }
            let corpus = try ReferenceResolver.corpusDirectory(specDirectory: "") + "/nb"
            let files = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".wav") }.sorted()
            guard clips >= 1 else { throw InputError("--clips must be at least 1") }
            let chosen = files.prefix(clips).map { corpus + "/" + $0 }
            return try Calibration(codec: codec, lossRates: rates, clips: Array(chosen)).run(jobs: jobs)
        }
        let published = try? G113.impairment(codec: codec, plc: true)
        if json {
            struct Output: Encodable { var calibration: Calibration.Outcome; var g113_Ie: Double?; var g113_Bpl: Double?; var g113_source: String? }
            print(try ResultWriters.json(Output(calibration: outcome, g113_Ie: published?.Ie, g113_Bpl: published?.Bpl,
                                                g113_source: published?.source)), terminator: "")
            return
        }
        print(table(["loss", "lost+late %", "G.711 MOS", "\(codec) MOS", "Ie,eff"], outcome.points.map {
            [fixed($0.loss_rate * 100, 1) + " %", fixed($0.effective_loss_pct, 2), fixed($0.reference_mos, 2),
             fixed($0.codec_mos, 2), fixed($0.ie_eff, 1)]
        }))
        print("\nP.834-style estimate from MOS-LQO:  Ie = \(fixed(outcome.Ie, 1))   Bpl = \(fixed(outcome.Bpl, 1))   (fit RMSE \(fixed(outcome.fit_rmse, 2)) R points)")
        if let published {
            print("G.113 planning values:             Ie = \(fixed(published.Ie, 1))   Bpl = \(published.Bpl.map { fixed($0, 1) } ?? "not published")   (\(published.source))")
        } else {
            print("G.113 publishes no values for \(codec).")
        }
    }
}
