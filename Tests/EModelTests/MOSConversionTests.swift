import EModel
import Testing

/// R ↔ MOS-CQE: G.107 Annex B eq. (B-4), Table B.1, and Appendix I (the inverse).
@Suite struct MOSConversionTests {
    /// G.107 Annex B Table B.1: lower limits of R for each user-satisfaction category and the MOS printed beside
    /// them. The table prints two decimals, so these are checked to ±0.005 (the rounding of the print).
    @Test(arguments: [(90.0, 4.34), (70.0, 3.60), (60.0, 3.10), (50.0, 2.58)])
    func tableB1(r: Double, mos: Double) {
        #expect(abs(G107.mos(fromR: r) - mos) <= 0.005)
    }

    /// Table B.1 prints 4.03 for R = 80, while eq. (B-4) gives 4.024: the one row that is not the cubic rounded.
    /// MOSLab follows the equation, so it matches the printed row only to ±0.01.
    @Test func tableB1RowEighty() {
        #expect(abs(G107.mos(fromR: 80) - 4.03) <= 0.01)
        #expect(abs(G107.mos(fromR: 80) - 4.024) <= 0.0005)
    }

    /// Eq. (B-4) ends: MOS = 1 at R ≤ 0, 4.5 at R ≥ 100 (and the cubic meets both ends).
    @Test func endsOfTheScale() {
        #expect(G107.mos(fromR: -10) == 1)
        #expect(G107.mos(fromR: 0) == 1)
        #expect(abs(G107.mos(fromR: 100) - 4.5) < 1e-12)
        #expect(G107.mos(fromR: 130) == 4.5)
    }

    /// Eq. (B-4) dips to 0.98884 at R ≈ 3.22 (below the ACR scale); MOSLab clamps to 1 and says so.
    @Test func belowOneDipIsClamped() {
        #expect(G107.mos(fromR: 3.22) == 1)
        #expect(G107.mos(fromR: 6.6) > 1)
    }

    /// Appendix I is the inverse of eq. (B-4) on its monotone range: R(MOS(R)) = R (±0.01 on R).
    @Test(arguments: [10.0, 30.0, 50.0, 60.0, 70.0, 80.0, 90.0, 93.2062, 99.0])
    func appendixIInvertsB4(r: Double) {
        #expect(abs(G107.rFactor(fromMOS: G107.mos(fromR: r)) - r) <= 0.01)
    }

    /// Appendix I at the Table B.1 points: MOS 4.34 is R = 90 to within the table's two-decimal rounding.
    @Test func appendixIAtTableB1() {
        #expect(abs(G107.rFactor(fromMOS: 4.34) - 90) <= 0.2)
        #expect(abs(G107.rFactor(fromMOS: 3.10) - 60) <= 0.2)
        #expect(G107.rFactor(fromMOS: 4.5) == 100)
        #expect(G107.rFactor(fromMOS: 1) == 0)
    }

    /// Table B.1 categories by their lower limits 90, 80, 70, 60, 50.
    @Test func satisfactionCategories() {
        #expect(G107.Satisfaction(R: 93.2) == .verySatisfied)
        #expect(G107.Satisfaction(R: 90) == .verySatisfied)
        #expect(G107.Satisfaction(R: 89.99) == .satisfied)
        #expect(G107.Satisfaction(R: 70) == .someDissatisfied)
        #expect(G107.Satisfaction(R: 60) == .manyDissatisfied)
        #expect(G107.Satisfaction(R: 50) == .nearlyAllDissatisfied)
        #expect(G107.Satisfaction(R: 49.9) == .notRecommended)
    }
}
