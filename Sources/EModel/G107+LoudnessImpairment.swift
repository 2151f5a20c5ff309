import Foundation

extension G107 {
    /// Impairment by too-low overall loudness, G.107 (06/2015) §7.3 eqs. (7-9), (7-10):
    ///
    ///     Iolr = 20·[(1 + (Xolr/8)^8)^(1/8) − Xolr/8]
    ///     Xolr = OLR + 0.2·(64 + No − RLR)
    public static func loudnessImpairmentIolr(OLR: Double, No: Double, RLR: Double) -> Double {
        let xolr = OLR + 0.2 * (64 + No - RLR)
        return 20 * (pow(1 + pow(xolr / 8, 8), 1.0 / 8) - xolr / 8)
    }
}
