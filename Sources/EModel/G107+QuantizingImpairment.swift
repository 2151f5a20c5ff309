import Foundation

extension G107 {
    /// Impairment by quantizing distortion, G.107 (06/2015) §7.3 eqs. (7-13)…(7-17):
    ///
    ///     Iq = 15·log10(1 + 10^Y + 10^Z)
    ///     Y  = (Ro − 100)/15 + 46/8.4 − G/9
    ///     Z  = 46/30 − G/40
    ///     G  = 1.07 + 0.258·Q + 0.0602·Q²
    ///     Q  = 37 − 15·log10(qdu)
    ///
    /// qdu below 1 is taken as 1 (Table 3's range starts at 1; a connection has at least one PCM coding).
    public static func quantizingImpairmentIq(Ro: Double, qdu: Double) -> Double {
        let q = 37 - 15 * log10(max(qdu, 1))
        let g = 1.07 + 0.258 * q + 0.0602 * q * q
        let y = (Ro - 100) / 15 + 46 / 8.4 - g / 9
        let z = 46.0 / 30 - g / 40
        return 15 * log10(1 + pow(10, y) + pow(10, z))
    }
}
