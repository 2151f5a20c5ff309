import Foundation
import LabCommands
import Testing

/// `moslab emodel`, run through its real argument parser; expected figures from G.107 as in EModelTests.
@Suite struct EModelCommandTests {
    func render(_ arguments: [String]) throws -> String {
        let command = try #require(try EModelCommand.parseAsRoot(arguments) as? EModelCommand)
        return try command.render()
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let text = try render(arguments + ["--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Defaults: G.107 §7.7 R = 93.2, Annex B MOS 4.41, Table B.1 "very satisfied", band Excellent (≥ 4.3).
    @Test func defaultsText() throws {
        let text = try render([])
        #expect(text.contains("R    93.21"))
        #expect(text.contains("MOS  4.41"))
        #expect(text.contains("users very satisfied"))
        #expect(text.contains("Call-centre MOS band: Excellent"))
    }

    /// The issue's example: R = 73.7804 (Idd(150) 0.1635, Ie,eff 19.2623 by eq. 7-29), every term in JSON.
    @Test func issueExampleJSON() throws {
        let doc = try json(["Ta=150", "Ie=11", "Bpl=19", "Ppl=2", "BurstR=1.5"])
        for key in ["R", "MOS", "Ro", "Is", "Id", "Idte", "Idle", "Idd", "Ie_eff", "A", "inputs"] {
            #expect(doc[key] != nil, "\(key)")
        }
        let r = try #require(doc["R"] as? Double)
        #expect(abs(r - 73.7804) <= 0.01)
        let ieEff = try #require(doc["Ie_eff"] as? Double)
        #expect(abs(ieEff - 19.2623) <= 0.01)
        let inputs = try #require(doc["inputs"] as? [String: Double])
        #expect(inputs["Ta"] == 150)
        #expect(inputs["BurstR"] == 1.5)
    }

    /// --codec g729a takes G.113 Ie 11 and Bpl 19.0: R = 93.2062 − 11 = 82.2062 without loss.
    @Test func codecFromG113() throws {
        let doc = try json(["--codec", "g729a"])
        let r = try #require(doc["R"] as? Double)
        #expect(abs(r - 82.2062) <= 0.01)
        let inputs = try #require(doc["inputs"] as? [String: Double])
        #expect(inputs["Ie"] == 11)
        #expect(inputs["Bpl"] == 19)
    }

    /// Network calculator, G.711 with Appendix I PLC at 10 ms packets (G.113 Bpl 25.1 is for 10 ms): Ta = latency
    /// 100 + buffer 2·10 + packet 10 + look-ahead 0 = 130 ms, T = 130, Tr = 260; Ppl 1 → Ie,eff = 95/26.1 = 3.6398.
    @Test func networkCalculator() throws {
        let args = ["--latency", "100", "--jitter", "10", "--loss", "1", "--codec", "g711u", "--plc", "--packet", "10"]
        let doc = try json(args)
        let inputs = try #require(doc["inputs"] as? [String: Double])
        #expect(inputs["Ta"] == 130)
        #expect(inputs["T"] == 130)
        #expect(inputs["Tr"] == 260)
        #expect(inputs["Ppl"] == 1)
        #expect(doc["bpl_source"] as? String == "g113")
        let ieEff = try #require(doc["Ie_eff"] as? Double)
        #expect(abs(ieEff - 3.6398) <= 0.01)
        // The simplified formula: EL = 100 + 2·10 + 10 = 130 < 160, R = 93.2 − 130/40 − 2.5·1 = 87.45.
        let simplified = try #require(doc["simplified"] as? [String: Any])
        let simpleR = try #require(simplified["R"] as? Double)
        #expect(abs(simpleR - 87.45) <= 0.01)
        let text = try render(args)
        #expect(text.contains("not ITU-T"))
        #expect(text.contains("Ta = latency 100 + jitter buffer 20 + packet 10 + look-ahead 0 = 130 ms"))
    }

    /// Wideband: AMR-WB 12.65 (G.113 Table IV.1 Ie,WB 13) → R_WB = 129 − 0.1537 − 13 = 115.8463.
    @Test func widebandCodec() throws {
        let doc = try json(["--wideband", "--codec", "amr-wb-12.65"])
        let r = try #require(doc["R"] as? Double)
        #expect(abs(r - 115.8463) <= 0.01)
        #expect(doc["satisfaction"] == nil)
        #expect(doc["ie_source"] as? String == "g113")
    }

    @Test func widebandCodecWithoutWidebandIsRefused() {
        #expect {
            try render(["--codec", "amr-wb-12.65"])
        } throws: { "\($0)".contains("is wideband") && "\($0)".contains("--wideband") }
    }

    /// Every built-in codec has Ie and Bpl (G.113 or calibrated): Speex, Codec 2, Opus, G.726 under loss.
    @Test func everyBuiltInCodecIsRated() throws {
        for codec in ["speex-nb-15", "codec2-3200", "opus-nb-11-fec", "g726-32", "gsm-fr"] {
            let doc = try json(["--codec", codec, "Ppl=2"])
            #expect(["g113", "calibrated"].contains(doc["ie_source"] as? String), "\(codec)")
            #expect(["g113", "calibrated"].contains(doc["bpl_source"] as? String), "\(codec)")
        }
        let wide = try json(["--wideband", "--codec", "opus-wb-24", "Ppl=2"])
        #expect(wide["bpl_source"] as? String == "calibrated")
    }

    @Test func badInput() {
        #expect { try render(["Ta=abc"]) } throws: { "\($0)".contains("'abc' is not a number") }
        #expect { try render(["Tq=3"]) } throws: { "\($0)".contains("did you mean") }
        #expect { try render(["Ta=-3"]) } throws: { "\($0)".contains("impossible") }
        #expect { try render(["Ta"]) } throws: { "\($0)".contains("SYMBOL=VALUE") }
        #expect { try render(["--codec", "g729b"]) } throws: { "\($0)".contains("did you mean") }
        #expect { try render(["--wideband", "Ie=20"]) } throws: { "\($0)".contains("IeWB") }
        #expect { try render(["IeWB=20"]) } throws: { "\($0)".contains("wideband") }
        #expect { try render(["--latency", "100", "--codec", "g711u", "Ta=10"]) } throws: { "\($0)".contains("derived") }
    }

    /// Out of G.107's validated range computes with a warning (Ta = 600 ms: R = 57.9594 on the delay curve);
    /// --strict refuses; the network calculator accepts --latency 600 and --loss 30.
    @Test func outOfRangeComputesAndWarns() throws {
        let text = try render(["Ta=600"])
        #expect(text.contains("R    57.96"))
        #expect(text.contains("Warning: Ta = 600 ms (argument) is outside G.107's validated range 0…500 ms"))
        let doc = try json(["Ta=600"])
        #expect((doc["warnings"] as? [String])?.count == 1)
        #expect { try render(["Ta=600", "--strict"]) } throws: { "\($0)".contains("0…500") }
        let network = try json(["--latency", "600", "--loss", "30", "--codec", "g711u"])
        let warnings = try #require(network["warnings"] as? [String])
        #expect(warnings.contains { $0.hasPrefix("Ta = ") } && warnings.contains { $0.hasPrefix("Ppl = 30 %") })
        #expect(network["R"] is Double)
    }

    /// R ↔ MOS: R 70 → MOS 3.60, band Fair, Table B.1 "some users dissatisfied"; MOS 3.5 → R 67.96 (Appendix I).
    @Test func conversions() throws {
        let text = try render(["--r", "70"])
        #expect(text.contains("MOS 3.60") && text.contains("Fair"))
        let mos = try json(["--mos", "3.5"])
        let r = try #require(mos["R"] as? Double)
        #expect(abs(r - 67.9615) <= 0.01)
        #expect(abs(G107MOS(r) - 3.5) <= 1e-9)
    }

    private func G107MOS(_ r: Double) -> Double { 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6 }
}
