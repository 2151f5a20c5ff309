import EModel
import Testing

/// Absolute delay, G.107 (06/2015) eqs. (7-27), (7-28), and the echo terms at their published anchors.
///
/// The Idd figures below are eq. (7-27)'s own values for the default class (sT = 1, mT = 100 ms), as reproduced
/// to 1e-4 by three independent public implementations (shared/EMODEL.md §1.4). G.107 prints no table of Idd and
/// G.114 Fig. 1 is a plotted curve of these values, so the equation values are the published reference here.
@Suite struct DelayImpairmentTests {
    /// Eq. (7-27): Idd = 0 up to mT = 100 ms (Table 1 default class).
    @Test(arguments: [0.0, 50.0, 100.0])
    func noDelayImpairmentUpToMT(ta: Double) {
        #expect(G107.absoluteDelayImpairmentIdd(Ta: ta) == 0)
    }

    @Test(arguments: [(150.0, 0.1635), (200.0, 3.0444), (300.0, 14.7607), (400.0, 24.0701), (600.0, 35.2468)])
    func iddDefaultClass(ta: Double, idd: Double) {
        #expect(abs(G107.absoluteDelayImpairmentIdd(Ta: ta) - idd) <= 0.01)
    }

    /// The delay curve of R (echo-free, all else default): R(Ta) = 93.2062 − Idd(Ta), ±0.01.
    /// R falls through the Table B.1 limits 90 (about 203 ms) and 70 (about 390 ms).
    @Test(arguments: [(0.0, 93.2062), (100.0, 93.2062), (150.0, 93.0427), (200.0, 90.1618), (300.0, 78.4455),
                      (400.0, 69.1361), (500.0, 62.5703), (600.0, 57.9594)])
    func delayCurve(ta: Double, r: Double) throws {
        var p = G107Parameters()
        // Table 3 validates Ta up to 500 ms; 600 ms is computed (extrapolated).
        p.Ta = ta
        #expect(abs(G107.evaluate(p).R - r) <= 0.01)
    }

    /// 06/2015 Table 1: a less delay-sensitive class (sT = 0.55, mT = 120 ms) has no impairment up to its
    /// mT and less than the default class beyond it.
    @Test func lowSensitivityClass() {
        #expect(G107.absoluteDelayImpairmentIdd(Ta: 120, mT: 120, sT: 0.55) == 0)
        let low = G107.absoluteDelayImpairmentIdd(Ta: 400, mT: 120, sT: 0.55)
        #expect(low > 0)
        #expect(low < G107.absoluteDelayImpairmentIdd(Ta: 400))
    }

    /// Listener echo at the defaults (WEPL 110 dB, Tr 0): Idle = 0.149, part of the R = 93.2 budget
    /// (EMODEL.md §1.8 term list: Ro 94.7688 − Is 1.4136 − Idle 0.1490 = 93.2062).
    @Test func listenerEchoAtDefaults() {
        let r = G107.evaluate(G107Parameters())
        #expect(abs(r.Idle - 0.149046) <= 0.001)
        #expect(abs(r.Ro - 94.768822) <= 0.001)
        #expect(abs(r.Is - 1.413568) <= 0.001)
        #expect(abs(r.No - -61.179214) <= 0.001)
    }

    /// §7.4: for T < 1 ms talker echo counts as sidetone, Idte = 0; a long echo path with a poor TELR
    /// (a VoIP path without echo control) costs more than the G.107 default TELR of 65 dB.
    @Test func talkerEcho() throws {
        var p = G107Parameters()
        p.T = 0.5
        #expect(G107.evaluate(p).Idte == 0)
        p.T = 150
        let good = G107.evaluate(p).Idte
        p.TELR = 40
        let poor = G107.evaluate(p).Idte
        #expect(good >= 0)
        #expect(poor > good + 10)
    }
}
