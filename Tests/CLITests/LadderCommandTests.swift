import Foundation
import Testing

@Suite struct LadderCommandTests {
    func rungs(_ out: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/ladder.json"))
        return try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
    }

    @Test(arguments: ["loss", "noise"])
    func rungsHitTheirTargets(impairment: String) throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "4.15,3.25", "--impairment", impairment, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let rungs = try rungs(out)
        #expect(rungs.count == 2)
        for rung in rungs {
            let target = rung["target"] as! Double, achieved = rung["achieved_mos"] as! Double
            #expect(abs(achieved - target) <= 0.05, "\(impairment): target \(target), achieved \(achieved)")
            #expect(rung["reached"] as? Bool == true)
            #expect(rung["signal_mos"] as? Double == achieved, "the signal scale quotes the re-scored file")
            #expect(FileManager.default.fileExists(atPath: out + "/" + (rung["degraded"] as! String)))
            #expect(rung["reference"] as? String == "reference.wav")
            let setting = rung["impairment"] as! [String: Any]
            #expect(setting["kind"] as? String == impairment)
        }
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("<audio id=\"b0\" preload=\"auto\" src=\"rung-4.15.wav\">"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        #expect(!page.contains("MISSED"))
    }

    /// Issue 15's trainer: a burst ladder with the default targets reaches every rung within ±0.05 (joint search
    /// over level and realisation), and each target sits inside its band, so the band shown is the target's.
    @Test func burstLadderReachesEveryDefaultTarget() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--impairment", "burst", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let rungs = try rungs(out)
        #expect(rungs.map { $0["target"] as! Double } == [4.4, 4.15, 3.75, 3.25, 2.5])
        let bands = ["Excellent", "Good", "Fair", "Poor", "Unacceptable"]
        for (rung, band) in zip(rungs, bands) {
            let target = rung["target"] as! Double, achieved = rung["achieved_mos"] as! Double
            #expect(abs(achieved - target) <= 0.05, "burst: target \(target), achieved \(achieved)")
            #expect(rung["band"] as? String == band)
        }
        #expect(!run.stdout.contains("MISSED"))
    }

    @Test func unreachableTargetIsReportedMissedAndExitsOne() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "4.5,3.25", "--codec", "g711u", "--out", out])
        #expect(run.status == 1)
        #expect(run.stdout.contains("MISSED"))
        #expect(run.stderr.contains("missed: target 4.50 — closest reached "))
        #expect(run.stderr.contains("the unimpaired clip through g711u scores"))
        let rungs = try rungs(out)
        #expect(rungs[0]["reached"] as? Bool == false && rungs[1]["reached"] as? Bool == true)
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("MISSED: closest reached") && page.contains("1 of 2 rungs missed"))
        #expect(!page.contains("came within"))

        let allowed = try CLIRunner.run(["ladder", "--targets", "4.5", "--codec", "g711u", "--allow-miss", "--out", out])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("missed: target 4.50"))
    }

    @Test func codecAppliesToNoiseAndAPredictedNoiseLadderIsRefused() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--impairment", "noise", "--codec", "g729a", "--targets", "3.25", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let description = try rungs(out)[0]["description"] as! String
        #expect(description.contains("G.729"))
        let refused = try CLIRunner.run(["ladder", "--impairment", "noise", "--scale", "predicted", "--out", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("error: --scale predicted cannot place a noise ladder (hint: "))
    }

    @Test func predictedLadderSaysItIsConversational() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--scale", "predicted", "--codec", "g711u", "--targets", "3.75", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let rung = try rungs(out)[0]
        #expect(rung["scale"] as? String == "predicted")
        #expect(abs((rung["predicted_mos"] as! Double) - 3.75) <= 0.05)
        #expect(rung["signal_mos"] is Double)
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("conversational</b> MOS") && page.contains("includes mouth-to-ear delay"))
    }

    @Test func embeddedAudioMakesOneSelfContainedFile() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "3.25", "--embed-audio", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.components(separatedBy: "src=\"data:audio/wav;base64,UklGR").count == 3, "reference and one rung embedded")
        #expect(!page.contains("src=\"rung-") && !page.contains("src=\"reference.wav"))
    }

    @Test func codecTypoSuggestsTheNearestThree() throws {
        let run = try CLIRunner.run(["ladder", "--codec", "g711", "--out", CLIRunner.temporaryDirectory()])
        #expect(run.status == 2)
        #expect(run.stderr == "error: unknown codec 'g711' (hint: did you mean g711u, g711a, g722? `moslab codecs` lists every codec)\n")
    }

    @Test func unknownImpairmentListsValidOnes() throws {
        let run = try CLIRunner.run(["ladder", "--impairment", "echo", "--out", CLIRunner.temporaryDirectory()])
        #expect(run.status == 2)
        #expect(run.stderr.contains("valid: loss, burst, jitter, noise"))
    }

    /// The classroom page in a real browser: the script runs without console output, the quiz reveals every
    /// clip's target, measured MOS and band, and nothing scrolls sideways at a projector's 1024 px.
    @Test(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    func classroomPageRunsInHeadlessChromium() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "4.15,3.25", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let dom = try Chromium.run(["--enable-logging=stderr", "--v=0", "--window-size=1024,800", "--virtual-time-budget=3000",
                                    "--dump-dom", "file://\(out)/index.html#reveal"])
        #expect(dom.status == 0, "\(dom.stderr)")
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console output from the page: \(console.joined(separator: "\n"))")
        #expect(dom.stdout.contains("data-ready=\"2\""))
        #expect(dom.stdout.components(separatedBy: "<div class=\"reveal\">target <b>").count == 3, "both quiz clips revealed")
        #expect(dom.stdout.contains("id=\"quiz-view\">") || dom.stdout.contains("id=\"quiz-view\" "), "quiz shown")
    }
}
