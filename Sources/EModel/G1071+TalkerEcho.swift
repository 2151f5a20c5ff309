import Foundation

extension G1071 {
    /// Wideband talker-echo impairment, G.107.1 (06/2019) eqs. (7-5)…(7-10) [single secondary source]:
    ///
    ///     Idte,WB  = [(Roe − Re,WB)/2 + √((Roe − Re,WB)²/4 + 100) − 1]·(1 − e^(−T))
    ///     Re,WB    = 80 + 3·(TERV,WB − 14)                                          (7-7)
    ///     TERV,WB  = TELR + K − 40·log10((1 + T/10)/(1 + T/150)) + 6·e^(−0.3·T²)      (7-8)
    ///     K        = 0.08·T + 10 for T < 100 ms, 18 for T ≥ 100 ms                  (7-9), (7-10)
    ///     Roe      = −1.5·(No − RLR)
    ///
    /// G.107.1 does not define No; MOSLab takes G.107's noise sum (eqs. 7-3…7-7) with the wideband
    /// Nfor = −96 dBmp, giving No = −68.81 dBm0p at the defaults. As in G.107, T < 1 ms gives 0.
    public static func talkerEchoImpairmentIdte(T: Double, TELR: Double, No: Double, RLR: Double) -> Double {
        if T < 1 { return 0 }
        let k = T < 100 ? 0.08 * T + 10 : 18
        let terv = TELR + k - 40 * log10((1 + T / 10) / (1 + T / 150)) + 6 * exp(-0.3 * T * T)
        let roe = -1.5 * (No - RLR)
        let re = 80 + 3 * (terv - 14)
        let d = roe - re
        return (d / 2 + (d * d / 4 + 100).squareRoot() - 1) * (1 - exp(-T))
    }
}
