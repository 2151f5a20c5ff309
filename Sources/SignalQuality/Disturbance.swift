#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Disturbance densities and their frame norms (P.862 §10.2.2; P862.md §7.8–7.10).
struct DisturbanceModel {
    let nb: Int
    let widths: [Double]
    let widthSum: Double

    init(bands: Int) {
        nb = bands
        widths = Array(BarkTables.widthBark[0..<bands])
        var s = 0.0
        for b in 1..<bands { s += widths[b] }
        widthSum = s
    }

    /// Symmetric and asymmetric frame disturbance from loudness (`lRef`, `lDeg`) and the pitch power
    /// densities used by the asymmetry factor (`pRef` compensated, `pDeg` gain-compensated).
    func frame(lRef: UnsafePointer<Double>, lDeg: UnsafePointer<Double>, pRef: UnsafePointer<Double>,
               pDeg: UnsafePointer<Double>) -> (symmetric: Double, asymmetric: Double) {
        var sum2 = 0.0, sum1 = 0.0
        for b in 1..<nb {
            // §7.8: masking dead zone of 0.25·min(loudness).
            let d = lDeg[b] - lRef[b]
            let m = 0.25 * min(lDeg[b], lRef[b])
            let dd: Double = d > m ? d - m : (d < -m ? d + m : 0)
            let w = widths[b]
            let x = abs(dd) * w
            sum2 += x * x
            // §7.10: asymmetry factor ((P_deg + 50)/(P_ref + 50))^1.2, capped at 12, zero below 3.
            // A ratio below 2.49 gives af < 2.49^1.2 ≈ 2.988 < 3, i.e. 0: skip the pow (same result, most bands).
            let ratio = (pDeg[b] + 50) / (pRef[b] + 50)
            // A ratio of 7.94 or more gives af ≥ 7.94^1.2 ≈ 12.017, more than 12 by far more than `pow`'s error (under
            // an ulp), i.e. the cap: skip the pow there too (same result; `DisturbanceTests` checks both bounds).
            guard ratio >= 2.49, dd != 0 else { continue }
            var af = ratio >= Self.capRatio ? 12 : pow(ratio, 1.2)
            if af > 12 { af = 12 } else if af < 3 { af = 0 }
            sum1 += abs(dd * af) * w
        }
        // §7.9: Lp with p = 2 (symmetric), p = 1 (asymmetric).
        let symmetric = widthSum * (sum2 / widthSum).squareRoot()
        return (symmetric, sum1)
    }

    /// Ratios from which the asymmetry factor is the cap 12 without computing it (above).
    static let capRatio = 7.94

    /// Frames above this symmetric disturbance are "bad" (THRESHOLD_BAD_FRAMES, P862.md §7.9).
    static let badFrameThreshold = 30.0
}
