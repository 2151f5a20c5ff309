import Foundation

extension G107 {
    /// Basic signal-to-noise ratio, G.107 (06/2015) §7.2 eq. (7-2): Ro = 15 − 1.5·(SLR + No).
    ///
    /// `No` is the power sum of all noise sources, `noisePowerNo(_:)` (eq. 7-3).
    public static func basicSignalToNoiseRo(SLR: Double, No: Double) -> Double {
        15 - 1.5 * (SLR + No)
    }
}
