import EModel
import Testing

/// Ie,eff, G.107 (06/2015) eq. (7-29), with G.113 Appendix I codec values. Expected values are eq. (7-29)
/// evaluated by hand on the published Ie/Bpl: Ie + (95 − Ie)·Ppl/(Ppl/BurstR + Bpl).
@Suite struct EquipmentImpairmentTests {
    /// Ppl = 0 leaves the codec's Ie (G.113 Table I.1 value is the whole impairment).
    @Test func noLossGivesIe() {
        #expect(G107.effectiveEquipmentImpairment(Ie: 11, Bpl: 19, Ppl: 0, BurstR: 1) == 11)
    }

    /// G.729A (Ie 11, Bpl 19.0), 2 % random loss: 11 + 84·2/21 = 19.0.
    @Test func g729aTwoPercentRandom() {
        #expect(abs(G107.effectiveEquipmentImpairment(Ie: 11, Bpl: 19, Ppl: 2, BurstR: 1) - 19.0) <= 0.01)
    }

    /// Same with BurstR = 2: 11 + 84·2/(1 + 19) = 19.4 (burstier loss scores worse).
    @Test func g729aTwoPercentBursty() {
        #expect(abs(G107.effectiveEquipmentImpairment(Ie: 11, Bpl: 19, Ppl: 2, BurstR: 2) - 19.4) <= 0.01)
    }

    /// G.711 without PLC (Bpl 4.3) at 1 %: 95/5.3 = 17.9245; with G.711 App. I PLC (Bpl 25.1): 95/26.1 = 3.6398.
    @Test func g711WithAndWithoutPLC() {
        #expect(abs(G107.effectiveEquipmentImpairment(Ie: 0, Bpl: 4.3, Ppl: 1, BurstR: 1) - 17.9245) <= 0.01)
        #expect(abs(G107.effectiveEquipmentImpairment(Ie: 0, Bpl: 25.1, Ppl: 1, BurstR: 1) - 3.6398) <= 0.01)
    }

    /// G.723.1 6.3 (Ie 15, Bpl 16.1) at 5 % with BurstR 1.5: 15 + 80·5/(5/1.5 + 16.1) = 35.5832.
    @Test func g7231FivePercent() {
        #expect(abs(G107.effectiveEquipmentImpairment(Ie: 15, Bpl: 16.1, Ppl: 5, BurstR: 1.5) - 35.5832) <= 0.01)
    }

    /// The issue's example `Ta=150 Ie=11 Bpl=19 Ppl=2 BurstR=1.5`: R = 93.2062 − Idd(150) 0.1635 − Ie,eff,
    /// Ie,eff = 11 + 84·2/(2/1.5 + 19) = 19.2623, so R = 73.7804.
    @Test func issueExample() throws {
        var p = G107Parameters()
        for (s, v) in [(EModelSymbol.Ta, 150.0), (.Ie, 11), (.Bpl, 19), (.Ppl, 2), (.BurstR, 1.5)] {
            p[s] = v
        }
        let r = G107.evaluate(p)
        #expect(abs(r.Ie_eff - 19.2623) <= 0.01)
        #expect(abs(r.R - 73.7804) <= 0.01)
    }
}
