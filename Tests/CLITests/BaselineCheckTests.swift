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

    /// A tuning change is compared, with the changed parameters listed above the table; --same-spec refuses it.
    @Test func changedSpecIsComparedWithTheChangedParameters() throws {
        let (directory, baseline) = try setUp()
        let spec = directory + "/specs/jb.yaml"
        let text = try String(contentsOfFile: spec, encoding: .utf8).replacingOccurrences(of: "depth_ms: 40", with: "depth_ms: 80")
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline])
        #expect(check.status == 1 || check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("changed since the baseline: jitter_buffer.depth_ms: 40 → 80"), "\(check.stdout)")
        #expect(check.stdout.contains("mean_playout_delay_ms"))   // 40 ms more buffering: the delay rose
        #expect(check.status == 1)
        let same = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline, "--same-spec"])
        #expect(same.status == 2)
        #expect(same.stderr.contains("differs from the spec the baseline was made from: jitter_buffer.depth_ms: 40 → 80"), "\(same.stderr)")
    }

    /// Comments, key order and number spelling are not changes.
    @Test func cosmeticEditsAreNotChanges() throws {
        let (directory, baseline) = try setUp()
        let spec = directory + "/specs/jb.yaml"
        var text = try String(contentsOfFile: spec, encoding: .utf8)
        text = "# tuned by the team\n" + text.replacingOccurrences(of: "{type: fixed, depth_ms: 40}", with: "{depth_ms: 40.0, type: fixed}  # same")
        try text.write(toFile: spec, atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline, "--same-spec"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("changed since the baseline"))
    }

    /// The baseline holds relative paths, the MOSLab version and spec hashes; a run it lacks is new, not an error;
    /// JUnit is written although the check fails.
    @Test func baselineIsPortableAndNewRunsAreListed() throws {
        let (directory, baseline) = try setUp()
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        // No temporary run folder and no path into the test's folder (the spec text itself names the clip by its
        // absolute path, which may lie under the temporary directory when the repository is cloned there).
        #expect(!text.contains("moslab-baseline-") && !text.contains(directory))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(object["moslab_version"] is String && object["moslab_baseline"] as? Int == 2)
        let spec = (object["specs"] as! [[String: Any]])[0]
        #expect(spec["source"] as? String == "specs/jb.yaml")
        #expect((spec["spec_hash"] as? String)?.count == 16)
        let result = (object["results"] as! [[String: Any]])[0]
        #expect(result["degraded_path"] as? String == "b/jb/nb01-directory.wav")
        let junit = directory + "/junit.xml"
        let check = try CLIRunner.run(["check", directory + "/specs", "--baseline", baseline, "--seed", "99", "--junit", junit])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("new run (no baseline entry): jb/nb01-directory seed 99"))
        // A check that cannot run still writes its JUnit.
        let broken = try CLIRunner.run(["check", directory + "/specs", "--baseline", directory + "/missing.json", "--junit", junit])
        #expect(broken.status == 2)
        #expect(try String(contentsOfFile: junit, encoding: .utf8).contains("<failure message=\""))
    }

    @Test func notABaselineIsRefused() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "{}".write(toFile: directory + "/x.json", atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", "Scenarios/office-lan-g711.yaml", "--baseline", directory + "/x.json"])
        #expect(check.status == 2)
        #expect(check.stderr.hasPrefix("error: \(directory)/x.json: not a MOSLab baseline"), "\(check.stderr)")
    }
}
