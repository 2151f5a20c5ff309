import Foundation

extension G107 {
    /// Talker-echo impairment Idte, G.107 (06/2015) §7.4 eqs. (7-19)…(7-24):
    ///
    ///     Idte = [(Roe − Re)/2 + √((Roe − Re)²/4 + 100) − 1]·(1 − e^(−T))     (7-19)
    ///     Roe  = −1.5·(No − RLR)                                                (7-20)
    ///     Re   = 80 + 2.5·(TERV − 14)                                           (7-21)
    ///     TERV = TELR − 40·log10((1 + T/10)/(1 + T/150)) + 6·e^(−0.3·T²)        (7-22)
    ///
    /// Low sidetone, STMR < 9 dB: TERV is replaced by TERVs = TERV + Ist/2 (7-23).
    /// High STMR > 20 dB: Idte is replaced by Idtes = √(Idte² + Ist²) (7-24).
    /// For T < 1 ms the echo counts as sidetone (already in STMRo, eq. 7-12), so Idte = 0.
    /// Both sidetone branches lie outside Table 3's STMR range 10…20, so they apply only when that range is waived.
    public static func talkerEchoImpairmentIdte(
        T: Double, TELR: Double, STMR: Double, No: Double, RLR: Double, Ist: Double
    ) -> Double {
        if T < 1 { return 0 }
        var terv = TELR - 40 * log10((1 + T / 10) / (1 + T / 150)) + 6 * exp(-0.3 * T * T)
        if STMR < 9 { terv += Ist / 2 }
        let roe = -1.5 * (No - RLR)
        let re = 80 + 2.5 * (terv - 14)
        let d = roe - re
        let idte = (d / 2 + (d * d / 4 + 100).squareRoot() - 1) * (1 - exp(-T))
        if STMR > 20 { return (idte * idte + Ist * Ist).squareRoot() }
        return idte
    }
}
