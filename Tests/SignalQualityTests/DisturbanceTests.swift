import XCTest

@testable import SignalQuality

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `DisturbanceModel.frame` skips `pow` where the asymmetry factor's outcome is known (ratio below 2.49: zero; from
/// `capRatio`: the cap 12). Its results must be those of the plain definition (P862.md §7.8–7.10) bit for bit.
final class DisturbanceTests: XCTestCase {
    /// The asymmetric frame disturbance as defined, `pow` for every band.
    static func plainAsymmetric(_ m: DisturbanceModel, lRef: [Double], lDeg: [Double], pRef: [Double], pDeg: [Double])
        -> Double
    {
        var sum1 = 0.0
        for b in 1..<m.nb {
            let d = lDeg[b] - lRef[b]
            let mask = 0.25 * min(lDeg[b], lRef[b])
            let dd: Double = d > mask ? d - mask : (d < -mask ? d + mask : 0)
            var af = pow((pDeg[b] + 50) / (pRef[b] + 50), 1.2)
            if af > 12 { af = 12 } else if af < 3 { af = 0 }
            sum1 += abs(dd * af) * m.widths[b]
        }
        return sum1
    }

    func testShortcutsKeepTheDefinitionsBits() {
        // Both skipped ranges hold their outcome with a wide margin against pow's sub-ulp error.
        XCTAssertLessThan(pow(2.49, 1.2), 3 * (1 - 1e-3))
        XCTAssertGreaterThan(pow(DisturbanceModel.capRatio, 1.2), 12 * (1 + 1e-3))
        var state: UInt64 = 0xD157
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) * 0x1p-53
        }
        for bands in [42, 49] {
            let m = DisturbanceModel(bands: bands)
            for _ in 0..<20_000 {
                let lRef = (0..<bands).map { _ in 10 * unit() }
                let lDeg = (0..<bands).map { _ in 10 * unit() }
                let pRef = (0..<bands).map { _ in 1e4 * unit() }
                // Ratios (P_deg + 50)/(P_ref + 50) spread over 0.1…40, with the two bounds' neighbours.
                var pDeg = (0..<bands).map { pRef[$0] * exp2(9 * unit() - 3) + 100 * unit() }
                pDeg[1] = (pRef[1] + 50) * DisturbanceModel.capRatio - 50
                pDeg[2] = (pRef[2] + 50) * DisturbanceModel.capRatio.nextDown - 50
                pDeg[3] = (pRef[3] + 50) * 2.49 - 50
                let got = m.frame(lRef: lRef, lDeg: lDeg, pRef: pRef, pDeg: pDeg)
                let want = Self.plainAsymmetric(m, lRef: lRef, lDeg: lDeg, pRef: pRef, pDeg: pDeg)
                XCTAssertEqual(got.asymmetric.bitPattern, want.bitPattern)
            }
        }
    }
}
