#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Aggregation of frame disturbances into the raw P.862 score (P.862 §10.2.3; P862.md §7.13–7.14).
enum Aggregation {
    /// Weights of the raw score (P.862 §10.2.3; `pesq.h` D_WEIGHT, A_WEIGHT).
    static let symmetricWeight = 0.1
    static let asymmetricWeight = 0.0309
    /// Split-second and time norms (`pesq.h` D_POW_S/D_POW_T, A_POW_S/A_POW_T).
    static let splitSecondPower = 6.0
    static let timePower = 2.0
    /// Disturbances are limited to this value after low-level weighting.
    static let disturbanceCap = 45.0

    /// Raw score 4.5 − 0.1·D − 0.0309·A from frame disturbances `d`, `a` (frames 0…stopFrame) and the
    /// reference's audible power per frame.
    static func rawScore(symmetric d: [Double], asymmetric a: [Double], refPower: [Double], startFrame: Int,
                         stopFrame: Int, lMax: Int, p: P862Parameters) -> Double {
        var ds = d, asym = a
        // 1. Recency weights, only for files longer than 1000 frames (~16 s).
        var weights = [Double](repeating: 1, count: stopFrame + 1)
        if stopFrame + 1 > 1000 {
            let n = (lMax - 2 * p.sbs) / p.hop - 1
            let t = min(Double(n - 1000) / 5500, 0.5)
            for f in 0...stopFrame { weights[f] = (1 - t) + t * Double(f) / Double(n) }
        }
        // 2. Low-level weighting, then the cap.
        for f in 0...stopFrame {
            let h = pow((refPower[f] + 1e5) / 1e7, 0.04)
            ds[f] = min(ds[f] / h, disturbanceCap)
            asym[f] = min(asym[f] / h, disturbanceCap)
        }
        let dTotal = norm(ds, weights: weights, start: startFrame, stop: stopFrame)
        let aTotal = norm(asym, weights: weights, start: startFrame, stop: stopFrame)
        return Double(Float(4.5 - symmetricWeight * dTotal - asymmetricWeight * aTotal))
    }

    /// L6 over 20-frame split-seconds (hop 10, divisor always 20), then weighted L2 over them.
    static func norm(_ x: [Double], weights: [Double], start: Int, stop: Int) -> Double {
        var num = 0.0, den = 0.0
        var s = start
        while s <= stop {
            var acc = 0.0
            for f in s...min(s + 19, stop) {
                let v = x[f]
                let v2 = v * v
                acc += v2 * v2 * v2
            }
            let m = pow(acc / 20, 1 / splitSecondPower)
            let w = weights[s - start]
            num += (w * m) * (w * m)
            den += w * w
            s += 10
        }
        return den > 0 ? (num / den).squareRoot() : 0
    }
}

