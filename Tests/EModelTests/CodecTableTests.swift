import EModel
import Testing

/// G.113 codec values by MOSLab name. Expected Ie from G.113 Appendix I Table I.1, Bpl from the Appendix I Bpl
/// table (I.3 in 11/2007), Ie,WB from Appendix IV Table IV.1.
@Suite struct CodecTableTests {
    @Test(arguments: [
        ("g711u", false, 0.0, 4.3), ("g711a", false, 0.0, 4.3),  // G.711, 10 ms, no PLC
        ("g711u", true, 0.0, 25.1), ("g711a", true, 0.0, 25.1),  // G.711 + Appendix I PLC
        ("g729a", false, 11.0, 19.0),  // G.729A + VAD, 20 ms
        ("g723.1-6.3", false, 15.0, 16.1),  // G.723.1 6.3 kbit/s, 30 ms
        ("gsm-efr", false, 5.0, 10.0),  // GSM-EFR, 20 ms
    ])
    func publishedIeAndBpl(codec: String, plc: Bool, ie: Double, bpl: Double) throws {
        let e = try G113.impairment(codec: codec, plc: plc)
        #expect(e.Ie == ie)
        #expect(e.Bpl == bpl)
        #expect(!e.provisional)
        #expect(!e.wideband)
    }

    @Test(arguments: [("g726-40", 2.0), ("g726-32", 7.0), ("g726-24", 25.0), ("g726-16", 50.0), ("g728-16", 7.0),
                      ("g729", 10.0), ("g723.1-5.3", 19.0), ("gsm-fr", 20.0), ("gsm-hr", 23.0)])
    func publishedIeOnly(codec: String, ie: Double) throws {
        let e = try G113.impairment(codec: codec)
        #expect(e.Ie == ie)
        #expect(e.Bpl == nil)
    }

    /// AMR-NB has no G.113 row: 12.2 borrows GSM-EFR and is flagged provisional.
    @Test func amrNBIsProvisional() throws {
        let e = try G113.impairment(codec: "amr-nb-12.2")
        #expect(e.provisional)
        #expect(e.Ie == 5)
    }

    /// G.113 App. IV Table IV.1 (monotic): AMR-WB 12.65 → 13, 23.05 → 1, 23.85 → 8 (not monotone, as published).
    @Test func amrWBIsWideband() throws {
        #expect(try G113.impairment(codec: "amr-wb-12.65").Ie == 13)
        #expect(try G113.impairment(codec: "amr-wb-23.05").Ie == 1)
        #expect(try G113.impairment(codec: "amr-wb-23.85").Ie == 8)
        #expect(try G113.impairment(codec: "amr-wb-12.65").wideband)
    }

    @Test func unpublishedCodecsAreRefused() {
        for name in ["opus", "speex", "codec2-3200", "ilbc"] {
            #expect {
                try G113.impairment(codec: name)
            } throws: { "\($0)".contains("no published E-model values") && "\($0)".contains("Ie=") }
        }
    }

    @Test func unknownCodecSuggestsNearest() {
        #expect {
            try G113.impairment(codec: "g729b")
        } throws: { "\($0)".contains("did you mean 'g729") }
    }

    /// Codec through the model: G.729A at otherwise default settings, no loss: R = 93.2062 − 11 = 82.2062.
    @Test func g729aRating() throws {
        var p = G107Parameters()
        let e = try G113.impairment(codec: "g729a")
        p.Ie = e.Ie
        p.Bpl = e.Bpl ?? p.Bpl
        #expect(abs(G107.evaluate(p).R - 82.2062) <= 0.01)
    }
}
