import Foundation
import Testing

/// Whatever `moslab calibrate` prints, a spec's `emodel:` block accepts (narrowband and wideband), and a matrix
/// run prints and writes its comparison summary.
@Suite struct CalibrationRoundTripTests {
    func roundTrip(codec: String, clip: String) throws {
        let calibrate = try CLIRunner.run(["calibrate", "--codec", codec, "--clips", "1", "--loss", "0,0.05,0.12", "--json", "--jobs", "2"])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(calibrate.stdout.utf8)) as? [String: Any])
        let ie = try #require(object["Ie"] as? Double), bpl = try #require(object["Bpl"] as? Double)
        let yaml = try #require(object["yaml"] as? String)
        let directory = CLIRunner.temporaryDirectory()
        let spec = "name: rt\nreference: \(CLIRunner.repositoryRoot)/Corpus/\(clip)\ncodec: {name: \(codec)}\n\(yaml)\n"
        try spec.write(toFile: directory + "/rt.yaml", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["run", directory + "/rt.yaml", "--out", directory + "/out", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(results[0]["ie_source"] as? String == "spec")
        #expect(results[0]["bpl_source"] as? String == "spec")
        #expect(abs((results[0]["ie"] as? Double ?? -1) - ie) < 0.01)
        #expect(abs((results[0]["bpl"] as? Double ?? -1) - bpl) < 0.01)
    }

    @Test func narrowband() throws { try roundTrip(codec: "gsm-fr", clip: "nb/nb01-directory.wav") }

    @Test func wideband() throws { try roundTrip(codec: "g722-56", clip: "wb/wb01-new-user.wav") }

    /// A value of the other scale is refused at file:line:col before any run.
    @Test func wrongScaleIsRefusedWithItsLine() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: w\ncodec: {name: g722-64}\nemodel:\n  Ie: 13\n".write(toFile: directory + "/w.yaml", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["run", directory + "/w.yaml", "--out", directory + "/out"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: \(directory)/w.yaml:4:3: emodel.Ie: Ie is a narrowband (G.107) value"), "\(run.stderr)")
    }

    @Test func matrixRunPrintsAndWritesTheSummary() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = """
            name: mini
            reference: {corpus: nb, count: 2}
            network: {loss: {model: bernoulli, rate: 0.02}}
            matrix:
              codec.name: [g711u, g729a]
            """
        try spec.write(toFile: directory + "/mini.yaml", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["run", directory + "/mini.yaml", "--out", directory + "/out", "--jobs", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Comparison by codec.name"))
        let csv = try String(contentsOfFile: directory + "/out/summary.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("scenario,axis,value,band,runs,predicted_mos_mean,predicted_mos_ci95,signal_mos_mean,signal_mos_ci95,payload_kbps,ip_kbps"))
        #expect(lines.dropFirst().allSatisfy { $0.contains(",codec.name,") && $0.contains(",narrowband,2,") })
        let report = try String(contentsOfFile: directory + "/out/report.html", encoding: .utf8)
        #expect(report.contains("id=\"comparison\""))
    }
}
