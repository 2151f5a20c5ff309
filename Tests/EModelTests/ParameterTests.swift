import EModel
import Foundation
import LabCore
import Testing

/// Table 3 defaults and permitted ranges, and refusing bad input.
@Suite struct ParameterTests {
    /// G.107 (06/2015) Table 3 defaults (Bpl: 4.3 per the 06/2015 table) and Table 1 default class.
    @Test func table3Defaults() {
        let p = G107Parameters()
        let expected: [String: Double] = [
            "SLR": 8, "RLR": 2, "STMR": 15, "LSTR": 18, "Ds": 3, "Dr": 3, "TELR": 65, "WEPL": 110, "T": 0,
            "Tr": 0, "Ta": 0, "qdu": 1, "Ie": 0, "Bpl": 4.3, "Ppl": 0, "BurstR": 1, "Nc": -70, "Nfor": -64,
            "Ps": 35, "Pr": 35, "A": 0, "mT": 100, "sT": 1,
        ]
        #expect(Set(G107Parameters.symbols) == Set(expected.keys))
        for (symbol, value) in expected {
            #expect(p.value(of: symbol) == value, "\(symbol)")
        }
    }

    @Test func unknownSymbolSuggestsNearest() {
        var p = G107Parameters()
        #expect {
            try p.set(symbol: "Tx", value: 1)
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown G.107 symbol 'Tx'") && text.contains("did you mean 'T")
        }
        #expect {
            try p.set(symbol: "ppl", value: 1)
        } throws: { "\($0)".contains("did you mean 'Ppl'") }
    }

    /// Table 3: Ppl 0…20 %, Ta 0…500 ms.
    @Test func outOfRangeNamesTheRange() throws {
        var p = G107Parameters()
        #expect {
            try p.set(symbol: "Ppl", value: 25)
        } throws: { "\($0)".contains("0…20") }
        #expect {
            try p.set(symbol: "Ta", value: 700)
        } throws: { "\($0)".contains("0…500") }
        try p.set(symbol: "Ta", value: 700, allowOutOfRange: true)
        #expect(p.Ta == 700)
        #expect(p.outOfRangeSymbols() == ["Ta"])
    }

    @Test func wideBandRefusesNarrowbandOnlySymbols() {
        var w = WidebandParameters()
        #expect {
            try w.set(symbol: "qdu", value: 2)
        } throws: { "\($0)".contains("narrowband") }
    }
}

/// Parameters as they appear in scenario files and result.json: any subset of the G.107 symbols.
@Suite struct ParameterCodingTests {
    @Test func partialDecodeKeepsTable3Defaults() throws {
        let p = try JSONDecoder().decode(G107Parameters.self, from: Data(#"{"Ta": 150, "Ppl": 2}"#.utf8))
        #expect(p.Ta == 150)
        #expect(p.Ppl == 2)
        #expect(p.SLR == 8)  // Table 3 default
        #expect(try JSONDecoder().decode(G107Parameters.self, from: JSONEncoder().encode(p)) == p)
    }

    @Test func unknownKeyIsRefused() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(G107Parameters.self, from: Data(#"{"Tx": 1}"#.utf8))
        }
    }
}
