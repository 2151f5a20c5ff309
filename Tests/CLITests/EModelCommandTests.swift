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

    /// Network calculator, G.711 with Appendix I PLC (Bpl 25.1): Ta = latency 100 + buffer 2·10 + packet 20
    /// + look-ahead 0 = 140 ms, T = 140, Tr = 280; Ppl 1 → Ie,eff = 95/26.1 = 3.6398 (eq. 7-29).
    @Test func networkCalculator() throws {
        let args = ["--latency", "100", "--jitter", "10", "--loss", "1", "--codec", "g711u", "--plc"]
        let doc = try json(args)
        let inputs = try #require(doc["inputs"] as? [String: Double])
        #expect(inputs["Ta"] == 140)
        #expect(inputs["T"] == 140)
        #expect(inputs["Tr"] == 280)
        #expect(inputs["Ppl"] == 1)
        let ieEff = try #require(doc["Ie_eff"] as? Double)
        #expect(abs(ieEff - 3.6398) <= 0.01)
        // The simplified formula: EL = 100 + 2·10 + 10 = 130 < 160, R = 93.2 − 130/40 − 2.5·1 = 87.45.
        let simplified = try #require(doc["simplified"] as? [String: Any])
        let simpleR = try #require(simplified["R"] as? Double)
        #expect(abs(simpleR - 87.45) <= 0.01)
        let text = try render(args)
        #expect(text.contains("not ITU-T"))
        #expect(text.contains("Ta = latency 100 + jitter buffer 20 + packet 20 + look-ahead 0 = 140 ms"))
    }

    /// Wideband: AMR-WB 12.65 (G.113 Table IV.1 Ie,WB 13) → R_WB = 129 − 0.1537 − 13 = 115.8463.
    @Test func widebandCodec() throws {
        let doc = try json(["--wideband", "--codec", "amr-wb-12.65"])
        let r = try #require(doc["R"] as? Double)
        #expect(abs(r - 115.8463) <= 0.01)
        #expect(doc["satisfaction"] == nil)
    }

    @Test func widebandCodecWithoutWidebandIsRefused() {
        #expect {
            try render(["--codec", "amr-wb-12.65"])
        } throws: { "\($0)".contains("is wideband") && "\($0)".contains("--wideband") }
    }

    @Test func badInput() {
        #expect { try render(["Ta=abc"]) } throws: { "\($0)".contains("'abc' is not a number") }
        #expect { try render(["Tq=3"]) } throws: { "\($0)".contains("did you mean") }
        #expect { try render(["Ppl=30"]) } throws: { "\($0)".contains("0…20") }
        #expect { try render(["Ta"]) } throws: { "\($0)".contains("SYMBOL=VALUE") }
        #expect { try render(["--codec", "opus"]) } throws: { "\($0)".contains("no published") }
        #expect { try render(["--codec", "g726-32", "Ppl=1"]) } throws: { "\($0)".contains("no Bpl") }
        #expect { try render(["--latency", "100", "--codec", "g711u", "Ta=10"]) } throws: { "\($0)".contains("derived") }
    }

    /// --allow-out-of-range computes Ta = 600 ms (Table 3 stops at 500) with a warning: R = 57.9594 (delay curve).
    @Test func allowOutOfRange() throws {
        let text = try render(["Ta=600", "--allow-out-of-range"])
        #expect(text.contains("R    57.96"))
        #expect(text.contains("warning: Ta"))
    }
}
