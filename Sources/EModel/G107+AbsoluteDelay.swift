import Foundation

extension G107 {
    /// Impairment by too-long absolute delay Idd, G.107 (06/2015) §7.4 eqs. (7-27), (7-28):
    ///
    ///     Ta ≤ mT:  Idd = 0
    ///     Ta > mT:  Idd = 25·{(1 + X^(6·sT))^(1/(6·sT)) − 3·(1 + (X/3)^(6·sT))^(1/(6·sT)) + 2}
    ///               X   = log10(Ta/mT) / log10(2)
    ///
    /// The exponent is 6·sT (not 6 − sT). With the default class of Table 1 (sT = 1, mT = 100 ms)
    /// this is the pre-2015 formula X = log2(Ta/100), exponent 6.
    public static func absoluteDelayImpairmentIdd(Ta: Double, mT: Double = 100, sT: Double = 1) -> Double {
        guard Ta > mT else { return 0 }
        let x = log10(Ta / mT) / log10(2)
        let e = 6 * sT
        return 25 * (pow(1 + pow(x, e), 1 / e) - 3 * pow(1 + pow(x / 3, e), 1 / e) + 2)
    }
}
