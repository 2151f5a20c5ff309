import Foundation
import Testing

@Suite struct CalibrateCommandTests {
    /// G.711 A-law against the G.711 µ-law reference: P.834 gives Ie ≈ 0 (G.113: both 0), and a finite Bpl.
    @Test func g711aCalibratesNearZeroIe() throws {
        let run = try CLIRunner.run(["calibrate", "--codec", "g711a", "--clips", "1", "--loss", "0,0.03,0.08", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let ie = object["Ie"] as! Double, bpl = object["Bpl"] as! Double
        #expect(ie < 3, "Ie \(ie)")
        #expect(bpl > 1 && bpl < 80, "Bpl \(bpl)")
        #expect(object["g113_Ie"] as? Double == 0)
        let calibration = object["calibration"] as! [String: Any]
        #expect(calibration["Ie"] as? Double == ie)
        #expect((calibration["points"] as! [Any]).count == 3)
        #expect((object["yaml"] as? String)?.hasPrefix("emodel:\n  Ie: ") == true)
    }

    @Test func badLossListIsRefused() throws {
        let run = try CLIRunner.run(["calibrate", "--codec", "g711a", "--loss", "0.02,0.05"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: --loss must start with 0"))
    }

    /// A sweep whose loss never costs anything cannot fit: the error names the codec and what to change.
    @Test func unfittableSweepIsRefused() throws {
        let run = try CLIRunner.run(["calibrate", "--codec", "g711a", "--clips", "1", "--loss", "0,0.0001,0.0002"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: cannot calibrate g711a"), "\(run.stderr)")
        #expect(run.stderr.contains("--loss"))
    }
}
