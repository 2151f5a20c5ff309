import Foundation
import Testing

@Suite struct NetworkAndCodecCommandTests {
    @Test func networkCSVHasTheDocumentedHeaderAndIsDeterministic() throws {
        let a = try CLIRunner.run(["network", "Scenarios/remote-agent-wifi.yaml", "--packets", "2000"])
        let b = try CLIRunner.run(["network", "Scenarios/remote-agent-wifi.yaml", "--packets", "2000"])
        #expect(a.status == 0, "\(a.stderr)")
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.first == "seq,send_ms,arrival_ms,lost,playout_ms,fate")
        #expect(lines.count == 2001)
        #expect(a.stdout == b.stdout)
        #expect(a.stderr.contains("network loss"))
        let other = try CLIRunner.run(["network", "Scenarios/remote-agent-wifi.yaml", "--packets", "2000", "--seed", "8"])
        #expect(other.stdout != a.stdout)
    }

    @Test func networkJSONCarriesRFC3611AndEModelInputs() throws {
        let run = try CLIRunner.run(["network", "Scenarios/congested-uplink-busy-hour.yaml", "--packets", "20000", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        for key in ["Ppl", "BurstR", "interarrival_jitter_ms", "p95_delay_ms", "buffer"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let ppl = object["Ppl"] as! Double
        #expect(ppl > 1 && ppl < 4, "about 2 % bursty loss, got Ppl \(ppl)")
    }

    @Test func codecCommandKeepsRateAndLength() throws {
        let out = CLIRunner.temporaryDirectory() + "/gsm.wav"
        let input = CLIRunner.repositoryRoot + "/Corpus/nb/nb02-conference.wav"
        let run = try CLIRunner.run(["codec", "gsm-fr", input, out])
        #expect(run.status == 0, "\(run.stderr)")
        let inBytes = try Data(contentsOf: URL(fileURLWithPath: input)), outBytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(abs(inBytes.count - outBytes.count) <= 64)  // same samples; headers may differ slightly
        let score = try CLIRunner.run(["score", input, out, "--json"])
        #expect(score.status == 0, "\(score.stderr)")
        let mos = (try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as! [String: Any])["mos_lqo"] as! Double
        #expect(mos > 3.0 && mos < 4.0, "GSM-FR MOS-LQO \(mos)")
    }

    @Test func unknownCodecModeListsValidOnes() throws {
        let run = try CLIRunner.run(["codec", "amr-nb", "--mode", "MR999", CLIRunner.repositoryRoot + "/Corpus/nb/nb02-conference.wav",
                                     CLIRunner.temporaryDirectory() + "/x.wav"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("MR999") && run.stderr.contains("MR475"))
    }

    @Test func codecKeysInSpecsResolveAndFailWithLocation() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: o\ncodec: {name: opus-wb, bitrate: 16000, fec: true, ptime_ms: 20}\n"
            .write(toFile: directory + "/ok.yaml", atomically: true, encoding: .utf8)
        try "name: b\ncodec: {name: g726, bitrate: 20000}\n".write(toFile: directory + "/bad.yaml", atomically: true, encoding: .utf8)
        let ok = try CLIRunner.run(["validate", directory + "/ok.yaml"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("opus-wb-16-fec"))
        let bad = try CLIRunner.run(["validate", directory + "/bad.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: \(directory)/bad.yaml:2:"))
        #expect(bad.stderr.contains("16000, 24000, 32000, 40000"))
    }
}
