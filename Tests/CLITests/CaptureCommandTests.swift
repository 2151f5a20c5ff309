import Foundation
import Testing

/// `moslab analyze` and `moslab fit` as a user runs them, on the committed example captures and on bad input.
@Suite struct CaptureCommandTests {
    static let wifi = CLIRunner.repositoryRoot + "/Examples/captures/wifi-call.pcap"
    static let trunk = CLIRunner.repositoryRoot + "/Examples/captures/trunk-call.pcap"

    @Test func analyzeJSONHasTheIssueFields() throws {
        let dir = CLIRunner.temporaryDirectory()
        let out = try CLIRunner.run(["analyze", Self.wifi, Self.trunk, "--json", "--csv", dir + "/streams.csv", "--report", dir, "--route-by", "file"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let streams = try #require(json["streams"] as? [[String: Any]])
        #expect(streams.count == 2)
        for key in ["ssrc", "src", "dst", "payload_type", "codec", "packets_received", "packets_lost", "duplicates", "reordered",
                    "jitter_ms", "mean_jitter_ms", "rfc3611", "relative_delay", "loss_model", "r_factor", "predicted_mos", "mos_band"] {
            #expect(streams[0][key] != nil, "missing \(key)")
        }
        // The wifi call was exported by `moslab network` with 31 of 500 packets lost (469 received).
        #expect(streams.first { ($0["file"] as? String)?.hasSuffix("wifi-call.pcap") == true }?["packets_received"] as? Int == 469)
        let routes = try #require(json["routes"] as? [[String: Any]])
        #expect(routes.map { $0["route"] as? String } == ["trunk-call.pcap", "wifi-call.pcap"])
        #expect(json["latency_ms"] as? Double == 50)
        let csv = try String(contentsOfFile: dir + "/streams.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3)
        let page = try String(contentsOfFile: dir + "/captures.html", encoding: .utf8)
        #expect(page.contains("<section id=\"captures\">") && page.contains("0x4D4F534C"))
    }

    @Test func badInputExitsTwoWithOneLine() throws {
        let dir = CLIRunner.temporaryDirectory()
        try Data("not a capture\n".utf8).write(to: URL(fileURLWithPath: dir + "/text.pcap"))
        let notCapture = try CLIRunner.run(["analyze", dir + "/text.pcap"])
        #expect(notCapture.status == 2)
        #expect(notCapture.stderr.hasPrefix("error: \(dir)/text.pcap: not a capture"))
        // A pcap with one non-RTP UDP datagram: "no RTP stream found".
        var pcap: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0, 0, 1, 0, 0, 0]
        let frame: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 32, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                              0, 53, 0, 53, 0, 12, 0, 0, 1, 2, 3, 4]
        pcap += [1, 0, 0, 0, 0, 0, 0, 0, UInt8(frame.count), 0, 0, 0, UInt8(frame.count), 0, 0, 0] + frame
        try Data(pcap).write(to: URL(fileURLWithPath: dir + "/dns.pcap"))
        let noRTP = try CLIRunner.run(["analyze", dir + "/dns.pcap"])
        #expect(noRTP.status == 2)
        #expect(noRTP.stderr.contains("no RTP stream found"), "\(noRTP.stderr)")
        let absent = try CLIRunner.run(["fit", Self.wifi, "--ssrc", "0x1234", "--out", dir + "/fit.yaml"])
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("streams here: 0x4D4F534C"), "\(absent.stderr)")
        let badSSRC = try CLIRunner.run(["fit", Self.wifi, "--ssrc", "abc", "--out", dir + "/fit.yaml"])
        #expect(badSSRC.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/fit.yaml"))
    }

    @Test func fitWritesAValidSpecAndPrintsGoodness() throws {
        let dir = CLIRunner.temporaryDirectory()
        let out = try CLIRunner.run(["fit", Self.wifi, "--ssrc", "1297044300", "--out", dir + "/fit.yaml"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("loss rate: capture") && out.stdout.contains("mean burst: capture") && out.stdout.contains("KS distance"))
        let validate = try CLIRunner.run(["validate", dir + "/fit.yaml"])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    }
}

extension CaptureCommandTests {
    /// A capture replayed in a run, analysed into the same folder: `moslab report` then embeds the captures section.
    @Test func runReportEmbedsTheCapturesSection() throws {
        let dir = CLIRunner.temporaryDirectory()
        let run = try CLIRunner.run(["run", "Examples/captures/replay.yaml", "--out", dir])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("wifi-call.pcap#0x4D4F534C"))
        let analyze = try CLIRunner.run(["analyze", Self.wifi, "--report", dir])
        #expect(analyze.status == 0)
        let report = try CLIRunner.run(["report", dir])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        #expect(page.contains("<section id=\"captures\">"))
    }
}
