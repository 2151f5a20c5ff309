import Foundation
import Testing

@Suite struct BaselineCheckTests {
    func setUp() throws -> (directory: String, baseline: String) {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/specs", withIntermediateDirectories: true)
        let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"
        try """
            name: jb
            reference: \(clip)
            network:
              latency_ms: 40
              jitter: {distribution: normal, stddev_ms: 15}
              loss: {model: bernoulli, rate: 0.01}
            jitter_buffer: {type: fixed, depth_ms: 40}
            """.write(toFile: directory + "/specs/jb.yaml", atomically: true, encoding: .utf8)
        let baseline = directory + "/baseline.json"
        let made = try CLIRunner.run(["baseline", directory + "/specs", "--out", baseline, "--runs", directory + "/b"])
        #expect(made.status == 0, "\(made.stderr)")
        return (directory, baseline)
    }

    @Test func unchangedCodePasses() throws {
        let (directory, baseline) = try setUp()
        let junit = directory + "/junit.xml"
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline, "--junit", junit])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("check passed"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testcase classname=\"jb\" name=\"nb01-directory\"/>"))
        #expect(xml.contains("failures=\"0\""))
    }

    /// A regression (simulated by a baseline that recorded better figures) fails with exit 1, a diff table and JUnit.
    @Test func regressionFailsWithDiffAndJUnit() throws {
        let (directory, baseline) = try setUp()
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as! [String: Any]
        var results = object["results"] as! [[String: Any]]
        results[0]["predicted_mos"] = (results[0]["predicted_mos"] as! Double) + 0.2
        results[0]["late_loss_rate"] = 0.0
        object["results"] = results
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: baseline))
        let junit = directory + "/junit.xml"
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline, "--junit", junit])
        #expect(check.status == 1)
        #expect(check.stdout.contains("predicted_mos"))
        #expect(check.stdout.contains("REGRESSED"))
        #expect(check.stderr.contains("check failed: "))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<failure message=\"predicted_mos regressed"))
    }

    @Test func changedSpecIsRefusedWithTheDifference() throws {
        let (directory, baseline) = try setUp()
        let spec = directory + "/specs/jb.yaml"
        let text = try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "depth_ms: 40", with: "depth_ms: 80")
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline])
        #expect(check.status == 2)
        #expect(check.stderr.contains("line 7 was `jitter_buffer: {type: fixed, depth_ms: 40}`, now `jitter_buffer: {type: fixed, depth_ms: 80}`"))
    }

    @Test func notABaselineIsRefused() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "{}".write(toFile: directory + "/x.json", atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", "Scenarios/office-lan-g711.yaml", "--baseline", directory + "/x.json"])
        #expect(check.status == 2)
        #expect(check.stderr.hasPrefix("error: \(directory)/x.json: not a MOSLab baseline"))
    }
}
