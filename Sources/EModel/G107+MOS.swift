import Foundation

extension G107 {
    /// MOS-CQE from R, G.107 Annex B eq. (B-4):
    ///
    ///     R < 0:        MOS = 1
    ///     0 ≤ R ≤ 100:  MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶
    ///     R > 100:      MOS = 4.5
    ///
    /// The cubic dips below 1 for 0 < R < 6.5153 (minimum 0.98884 at R ≈ 3.22); MOSLab clamps the result to
    /// [1, 4.5], since a MOS below the bottom of the ACR scale has no meaning.
    public static func mos(fromR r: Double) -> Double {
        if r.isNaN { return .nan }
        if r <= 0 { return 1 }
        if r >= 100 { return 4.5 }
        let cubic = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
        return min(max(cubic, 1), 4.5)
    }

    /// R from MOS-CQE, G.107 Appendix I (the inverse of eq. B-4 on 0 ≤ R ≤ 100):
    ///
    ///     R = 20/3·(8 − √226·cos(h + π/3))
    ///     h = 1/3·arctan2(18566 − 6750·MOS, 15·√(−903522 + 1113960·MOS − 202500·MOS²))
    ///
    /// The Recommendation's arctan2(x, y) is in spreadsheet argument order; in Swift's atan2(y, x) the
    /// square-root term is the first argument. MOS ≤ 1 gives 0 (the lowest R reaching MOS 1 is 0; every
    /// R in 0…6.5153 maps to MOS 1 after clamping) and MOS ≥ 4.5 gives 100.
    public static func rFactor(fromMOS mos: Double) -> Double {
        if mos.isNaN { return .nan }
        if mos <= 1 { return 0 }
        if mos >= 4.5 { return 100 }
        let root = (-903522 + 1113960 * mos - 202500 * mos * mos).squareRoot()
        let h = atan2(15 * root, 18566 - 6750 * mos) / 3
        return 20.0 / 3 * (8 - 226.0.squareRoot() * cos(h + Double.pi / 3))
    }
}
