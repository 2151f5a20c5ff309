import EModel
import Testing

/// G.107.1 (06/2019 + Corr. 1) wideband E-model on the 0…129 scale.
@Suite struct WidebandTests {
    /// Eq. (7-2), (7-3): Ro,WB = 129, Is,WB = 0. At the defaults only the listener echo of WEPL 110 dB remains:
    /// Idle,WB = 0.1537 (eq. 7-25/26 with Ro = 129), so R_WB = 128.8463.
    @Test func defaults() {
        let r = G1071.evaluate(WidebandParameters())
        #expect(r.Ro == 129)
        #expect(r.Is == 0)
        #expect(abs(r.Idle - 0.1537) <= 0.001)
        #expect(abs(r.R - 128.8463) <= 0.01)
    }

    /// Annex A: MOS from R_WB/1.29 with eq. (B-4). R_WB = 129 is the top (4.5); R_WB = 1.29·90 = 116.1 maps to
    /// Table B.1's 4.34 and 1.29·70 = 90.3 to 3.60.
    @Test func annexAMapping() {
        #expect(abs(G1071.mos(fromR: 129) - 4.5) < 1e-9)
        #expect(abs(G1071.mos(fromR: 116.1) - 4.34) <= 0.005)
        #expect(abs(G1071.mos(fromR: 90.3) - 3.60) <= 0.005)
        #expect(abs(G1071.rFactor(fromMOS: G1071.mos(fromR: 100)) - 100) <= 0.01)
    }

    /// Eq. (7-13): Idd,WB = 1.29 × Idd. At Ta = 300 ms: 1.29 × 14.7607 = 19.0413.
    @Test func delayIsScaled() {
        #expect(abs(G1071.absoluteDelayImpairmentIdd(Ta: 300) - 19.0413) <= 0.01)
    }

    /// Eq. (7-15): Ie,eff,WB = Ie,WB + (95 − Ie,WB)·Ppl/(Ppl + Bpl,WB). AMR-WB 12.65 (Ie,WB 13, Table IV.1;
    /// Bpl,WB 4.3, Table IV.4) at 1 %: 13 + 82/5.3 = 28.4717.
    @Test func effectiveEquipmentImpairment() {
        #expect(abs(G1071.effectiveEquipmentImpairment(Ie: 13, Bpl: 4.3, Ppl: 1) - 28.4717) <= 0.01)
    }

    /// AMR-WB 12.65 (Ie,WB 13, G.113 Table IV.1) at otherwise default settings: 128.8463 − 13 = 115.8463.
    @Test func amrWBRating() throws {
        var p = WidebandParameters()
        p[.IeWB] = try #require(G113.ie(codec: "amr-wb-12.65")?.Ie)
        #expect(abs(G1071.evaluate(p).R - 115.8463) <= 0.01)
    }

    /// The noise sum with the wideband receive noise floor Nfor = −96 dBmp gives No = −68.81 dBm0p
    /// (single secondary source, EMODEL.md §3).
    @Test func noiseForTalkerEcho() {
        #expect(abs(G1071.evaluate(WidebandParameters()).No - -68.81) <= 0.01)
    }
}
