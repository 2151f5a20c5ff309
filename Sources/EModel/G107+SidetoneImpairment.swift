import Foundation

extension G107 {
    /// Impairment by non-optimum sidetone, G.107 (06/2015) §7.3 eqs. (7-11), (7-12):
    ///
    ///     Ist   = 12·(1 + ((STMRo − 13)/6)^8)^(1/8) − 28·(1 + ((STMRo + 1)/19.4)^35)^(1/35)
    ///             − 13·(1 + ((STMRo − 3)/33)^13)^(1/13) + 29
    ///     STMRo = −10·log10(10^(−STMR/10) + e^(−T/4)·10^(−TELR/10))
    ///
    /// STMRo adds the talker echo that arrives within a few ms to the sidetone.
    public static func sidetoneImpairmentIst(STMR: Double, T: Double, TELR: Double) -> Double {
        let stmro = -10 * log10(pow(10, -STMR / 10) + exp(-T / 4) * pow(10, -TELR / 10))
        return 12 * pow(1 + pow((stmro - 13) / 6, 8), 1.0 / 8)
            - 28 * pow(1 + pow((stmro + 1) / 19.4, 35), 1.0 / 35)
            - 13 * pow(1 + pow((stmro - 3) / 33, 13), 1.0 / 13)
            + 29
    }
}
