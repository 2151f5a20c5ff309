import Foundation
import Testing

@Suite struct LadderCommandTests {
    @Test(arguments: ["loss", "noise"])
    func rungsHitTheirTargets(impairment: String) throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "4.0,3.0", "--impairment", impairment, "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/ladder.json"))
        let rungs = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        #expect(rungs.count == 2)
        for rung in rungs {
            let target = rung["target"] as! Double, achieved = rung["achieved_mos"] as! Double
            #expect(abs(achieved - target) <= 0.05, "\(impairment): target \(target), achieved \(achieved)")
            #expect(FileManager.default.fileExists(atPath: out + "/" + (rung["degraded"] as! String)))
            #expect(rung["reference"] as? String == "reference.wav")
            let setting = rung["impairment"] as! [String: Any]
            #expect(setting["kind"] as? String == impairment)
        }
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("<audio controls preload=\"none\" src=\"rung-4.00.wav\">"))
        #expect(!page.contains("http://") && !page.contains("https://"))
    }

    @Test func unreachableTargetSaysWhatIsReachable() throws {
        let out = CLIRunner.temporaryDirectory() + "/ladder"
        let run = try CLIRunner.run(["ladder", "--targets", "4.4", "--codec", "g711u", "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("error: target MOS 4.4 cannot be reached with --impairment loss on this clip (hint: reachable: "))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unknownImpairmentListsValidOnes() throws {
        let run = try CLIRunner.run(["ladder", "--impairment", "echo", "--out", CLIRunner.temporaryDirectory()])
        #expect(run.status == 2)
        #expect(run.stderr.contains("valid: loss, burst, jitter, noise"))
    }
}
