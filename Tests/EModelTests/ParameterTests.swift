import EModel
import Foundation
import LabCore
import Testing

/// Table 3 defaults and validated ranges, typed symbols, and refusing bad input.
@Suite struct ParameterTests {
    /// G.107 (06/2015) Table 3 defaults (Bpl: 4.3 per the 06/2015 table) and Table 1 default class.
    @Test func table3Defaults() {
        let p = G107Parameters()
        let expected: [EModelSymbol: Double] = [
            .SLR: 8, .RLR: 2, .STMR: 15, .LSTR: 18, .Ds: 3, .Dr: 3, .TELR: 65, .WEPL: 110, .T: 0,
            .Tr: 0, .Ta: 0, .qdu: 1, .Ie: 0, .Bpl: 4.3, .Ppl: 0, .BurstR: 1, .Nc: -70, .Nfor: -64,
            .Ps: 35, .Pr: 35, .A: 0, .mT: 100, .sT: 1,
        ]
        #expect(Set(EModelSymbol.narrowband) == Set(expected.keys))
        for (symbol, value) in expected {
            #expect(p[symbol] == value, "\(symbol)")
        }
    }

    @Test func unknownSymbolSuggestsNearest() {
        #expect {
            try EModelSymbol.parse("Tx", band: .narrowband)
        } throws: { error in
            let text = "\(error)"
            return text.contains("unknown G.107 symbol 'Tx'") && text.contains("did you mean 'T") && text.contains("valid symbols")
        }
        #expect {
            try EModelSymbol.parse("ppl", band: .narrowband)
        } throws: { "\($0)".contains("did you mean 'Ppl'") }
    }

    /// Table 3: Ppl 0…20 %, Ta 0…500 ms. Outside: computed, with a warning naming the symbol and the range;
    /// `requireValidated` (--strict) refuses.
    @Test func outOfRangeWarnsAndStrictRefuses() throws {
        var builder = EModelInputBuilder(band: .narrowband)
        builder.overrides = [try EModelOverride.parse(key: "Ta", value: 700, band: .narrowband),
                             try EModelOverride.parse(key: "Ppl", value: 25, band: .narrowband)]
        let input = builder.build()
        #expect(input.narrowband.Ta == 700)
        #expect(input.warnings.count == 2)
        #expect(input.warnings.contains { $0.hasPrefix("Ta = 700 ms") && $0.contains("0…500 ms") })
        #expect(input.warnings.contains { $0.hasPrefix("Ppl = 25 %") && $0.contains("0…20 %") })
        #expect(throws: InputError.self) { try input.requireValidated() }
    }

    /// Values the equations cannot take are bad input, not extrapolation.
    @Test func impossibleValuesAreRefused() {
        for (key, value) in [("Ta", -5.0), ("Bpl", 0), ("Ppl", 120), ("Ie", -1), ("qdu", 0)] {
            #expect(throws: InputError.self, "\(key)=\(value)") { try EModelOverride.parse(key: key, value: value, band: .narrowband) }
        }
        #expect(throws: InputError.self) { try EModelOverride.parse(key: "Ta", value: .nan, band: .narrowband) }
    }

    /// Wideband values to a narrowband model, and the reverse, are refused with the reason.
    @Test func scalesAreNeverMixed() {
        #expect {
            try EModelSymbol.parse("IeWB", band: .narrowband)
        } throws: { "\($0)".contains("wideband (G.107.1) value") && "\($0)".contains("narrowband") }
        #expect {
            try EModelSymbol.parse("Ie", band: .wideband)
        } throws: { "\($0)".contains("narrowband (G.107) value") && "\($0)".contains("IeWB") }
        #expect {
            try EModelSymbol.parse("qdu", band: .wideband)
        } throws: { "\($0)".contains("does not model") }
    }

    /// Precedence: user value → measured → codec table → default; the missing-value rule names the codec.
    @Test func builderPrecedence() throws {
        let codec = CodecImpairment(codec: "x", wideband: false, Ie: 11, ie_source: .g113, Bpl: nil, bpl_source: nil,
                                    bpl_packet_ms: nil, bpl_concealment: nil, provisional: false, source: "", notes: [])
        var builder = EModelInputBuilder(band: .narrowband, codecName: "x", codec: codec)
        builder.measure(Ta: 150, Ppl: 2, BurstR: 1, origin: "run")
        var input = builder.build()
        #expect(input.narrowband.Ie == 11 && input.ie_source == .g113)
        #expect(input.narrowband.Bpl == 4.3 && input.bpl_source == .default)  // missing: G.107 default, and a note
        #expect(input.notes.contains { $0.contains("no Bpl for x") })
        #expect(input.narrowband.Ta == 150 && input.narrowband.Tr == 300)
        builder.overrides = [EModelOverride(symbol: .Ie, value: 5), EModelOverride(symbol: .Ta, value: 50)]
        input = builder.build()
        #expect(input.narrowband.Ie == 5 && input.ie_source == .spec)
        #expect(input.narrowband.Ta == 50)
    }
}

/// Parameters as they appear in files: any subset of the G.107 symbols.
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
