#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zwicker loudness of a frame's Bark bands (P862.md §7.7), eight bands per vector, bit for bit as the scalar
/// definition `Double(Float(S_b · (pow(0.5 + 0.5·P/P0_b, γ_b) − 1)))` with glibc's `pow` (where P > P0_b, else 0):
/// `SignalQuality/LoudnessPower.swift` says why and holds the tables.
///
/// Why this is exact without calling `pow`: the result is rounded to float, and v(y) = fl(S_b · fl(y − 1)) followed
/// by the rounding to float is a monotone function of y (each IEEE rounding is monotone; S_b > 0). `estimate`
/// computes y~ = x^γ with a relative error e₁ ≤ 1.5·10⁻¹³ (bound derived at `estimate`), and glibc's `pow` is within
/// 1 ulp (relative 2⁻⁵²) of x^γ (glibc's `sysdeps/ieee754/dbl-64/e_pow.c` states 0.52 ulp). So `pow`'s double y_g
/// lies in [lo, hi] = [y~ − y~·E, y~ + y~·E] with E = 2⁻⁴⁰ ≈ 9.1·10⁻¹³ ≥ e₁ + 2⁻⁵² + 2⁻⁵³ (the last for rounding lo
/// and hi). If Float(v(lo)) == Float(v(hi)), monotonicity pins Float(v(y_g)) to that same float: it is taken.
/// Otherwise (v's float boundary inside the interval, mostly y close to 1 where y − 1 cancels; or x outside
/// [1, 2¹⁰⁰⁰)) the band is computed by the scalar definition with `pow`: the fallback.
///
/// One source for three modules (symbolic links in `SignalQuality` and `FFTKernelsAVX512`, like `PairedCascade`):
/// compiled for the baseline (SSE2: a `SIMD8<Double>` is four registers), with `-mavx2` (two) and `-mavx512f`
/// (one). Every build gives the same results, since any estimate within the bound gives the same decisions' values;
/// no build contracts into fused multiply-adds either (docs/p862.md, "FFT choice").
enum LoudnessKernel {
    typealias Vector = SIMD8<Double>
    static let lanes = 8
    /// Doubles per group of eight bands in the tables: thresholds P0 (+∞ in padding lanes, so they are never
    /// active), exponents γ, γ·2/ln 2 (for log₂ from the atanh series of ln) and loudness factors S_b, eight each.
    static let groupStride = 32

    /// E of the interval test (see above).
    static let tolerance = 0x1p-40

    /// The scalar definition (the reference's computation, with glibc's `pow`): the fallback, and the tests' oracle.
    @inline(__always)
    static func scalar(_ dens: Double, threshold p0: Double, gamma: Double, factor: Double) -> Double {
        guard dens > p0 else { return 0 }
        let v = factor * (pow(0.5 + 0.5 * dens / p0, gamma) - 1)
        return Double(Float(v))
    }

    /// Loudness of `dens[0..<bands]` into `out[0..<bands]` from the group tables (`groupStride`). Returns the number
    /// of bands that took the fallback.
    @inline(__always)
    static func run(_ dens: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, bands: Int,
                    tables: UnsafePointer<Double>) -> Int {
        var fallbacks = 0
        var b = 0
        while b < bands {
            let g = tables + (b / lanes) * groupStride
            let raw = UnsafeRawPointer(g)
            let threshold = raw.loadUnaligned(as: Vector.self)
            let gamma = raw.loadUnaligned(fromByteOffset: 64, as: Vector.self)
            let log2Scale = raw.loadUnaligned(fromByteOffset: 128, as: Vector.self)
            let factor = raw.loadUnaligned(fromByteOffset: 192, as: Vector.self)
            let n = min(lanes, bands - b)
            let d: Vector
            if n == lanes {
                d = UnsafeRawPointer(dens + b).loadUnaligned(as: Vector.self)
            } else {
                var t = Vector(repeating: 0)
                for j in 0..<n { t[j] = dens[b + j] }
                d = t
            }
            let r = decide(d, threshold: threshold, gamma: gamma, log2Scale: log2Scale, factor: factor)
            if n == lanes {
                UnsafeMutableRawPointer(out + b).storeBytes(of: r.value, as: Vector.self)
            } else {
                for j in 0..<n { out[b + j] = r.value[j] }
            }
            if any(r.undecided) {
                for j in 0..<n where r.undecided[j] {
                    out[b + j] = scalar(dens[b + j], threshold: g[j], gamma: g[lanes + j], factor: g[3 * lanes + j])
                    fallbacks += 1
                }
            }
            b += lanes
        }
        return fallbacks
    }

    /// Eight bands' loudness where the interval test decides it (0 where P ≤ P0), and the active lanes it does not
    /// decide (their `value` is to be replaced by the scalar definition).
    @inline(__always)
    static func decide(_ dens: Vector, threshold: Vector, gamma: Vector, log2Scale: Vector, factor: Vector)
        -> (value: Vector, undecided: SIMDMask<SIMD8<Int64>>)
    {
        let active = dens .> threshold
        let x = 0.5 + 0.5 * dens / threshold  // the same operations, in the same order, as `scalar`
        let y = estimate(x, gamma: gamma, log2Scale: log2Scale)
        let e = y * tolerance  // exact (a power of two; y ≥ 1 in range)
        let lo = y - e, hi = y + e
        let fLo = SIMD8<Float>(factor * (lo - 1))
        let fHi = SIMD8<Float>(factor * (hi - 1))
        let value = Vector(fLo)
        // Float(v(lo)) == Float(v(hi)): neither is −0 (v = 0 only from y − 1 = +0) and neither is NaN for x in range,
        // so comparing the values compares the floats' bits.
        let same = value .== Vector(fHi)
        let inRange = (x .>= 1) .& (x .< 0x1p1000)
        let undecided = active .& .!(same .& inRange)
        return (value.replacing(with: 0, where: .!active), undecided)
    }

    // Coefficients: 1/(2j + 1) of atanh's series and 1/j! of exp's, each the double nearest the quotient of two
    // exact integers (relative error ≤ 2⁻⁵³).
    private static let c3 = 1.0 / 3, c5 = 1.0 / 5, c7 = 1.0 / 7, c9 = 1.0 / 9, c11 = 1.0 / 11, c13 = 1.0 / 13
    private static let f2 = 1.0 / 2, f3 = 1.0 / 6, f4 = 1.0 / 24, f5 = 1.0 / 120, f6 = 1.0 / 720, f7 = 1.0 / 5040,
        f8 = 1.0 / 40320, f9 = 1.0 / 362_880, f10 = 1.0 / 3_628_800, f11 = 1.0 / 39_916_800
    /// The double nearest √2 (glibc's M_SQRT2; `LoudnessPowerTests` checks it against `2.squareRoot()`).
    static let sqrt2 = 0x1.6A09_E667_F3BC_Dp0
    /// 1.5·2⁵²: adding it to |t| < 2⁵¹ rounds t to an integer n (round to nearest even) held in the low bits.
    private static let shifter = 0x1.8p52

    /// x^γ for x in [1, 2¹⁰⁰⁰) with relative error e₁ ≤ 1.5·10⁻¹³ (other lanes: anything, never trapping).
    ///
    /// x = 2^k·m with m in [√2/2, √2] (exact: exponent and mantissa bits, m halved when above √2).
    /// log₂ m = (2/ln 2)·atanh(s), s = (m − 1)/(m + 1), |s| ≤ (√2 − 1)/(√2 + 1) < 0.17158, and
    /// atanh(s) = s·Σ_j s^(2j)/(2j + 1) (Abramowitz & Stegun 4.1.27: ln m = 2(s + s³/3 + s⁵/5 + …)), truncated after
    /// j = 6: the tail is ≤ s¹⁴/15/(1 − s²) < 1.32·10⁻¹² of the sum, so ln m is off by < 2·0.17158·1.32·10⁻¹² <
    /// 4.6·10⁻¹³ absolutely, and t = γ·log₂ x (γ ≤ 0.23·2^0.15 < 0.2553) by < 0.2553·4.6·10⁻¹³/ln 2 in log₂ units,
    /// a relative error < 1.18·10⁻¹³ in 2^t.
    /// 2^t = 2^n · e^w with n = round(t), r = t − n exact, |r| ≤ ½, w = r·ln 2, |w| < 0.34658; e^w from its Taylor
    /// polynomial of degree 11 (coefficients 1/j!): the remainder is ≤ e^|w|·|w|¹²/12! < 8.9·10⁻¹⁵ of e^w.
    /// Rounding (u = 2⁻⁵³): γ·k is exact (a float times an integer below 2¹¹); s carries 2u, z = s² 5u, and the
    /// series (positive terms, sum in [1, 1.0102]) at most 9u more by Estrin's scheme (no term passes more than six
    /// roundings, and z's error weighs j·5u on the tiny z^j terms), so γ·log₂ m (|·| < 0.13, with γ·2/ln 2 rounded
    /// 3u and two products) is off by < 16u·0.13 < 2.4·10⁻¹⁶ absolutely; the sum t (< 256) adds one rounding,
    /// ≤ 2⁻⁴⁶; w = r·ln 2 two roundings, < 10⁻¹⁶. The exponential's polynomial by Estrin's scheme: each term
    /// a_j·w^j passes at most 18 roundings (coefficient 1, w⁸ 7, products 3, sums 4, w² and w⁴ inside those), so the
    /// error is < 18u·Σ|a_j||w|^j ≤ 18u·e^|w| absolutely (Higham, Accuracy and Stability of Numerical Algorithms,
    /// §3.1 and §5.1, for the form of the bound), < 4.1·10⁻¹⁵ of e^w ≥ e^−0.34658; scaling by 2^n is exact. In all,
    /// (2⁻⁴⁶ + 3.4·10⁻¹⁶)·ln 2 + 4.1·10⁻¹⁵ < 1.6·10⁻¹⁴.
    /// Total: 1.18·10⁻¹³ + 8.9·10⁻¹⁵ + 1.6·10⁻¹⁴ < 1.5·10⁻¹³ (second-order terms below 10⁻²⁵).
    @inline(__always)
    static func estimate(_ x: SIMD8<Double>, gamma: SIMD8<Double>, log2Scale: SIMD8<Double>) -> SIMD8<Double> {
        let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        // The biased exponent e as a double: the bits of 2⁵² + e, minus 2⁵².
        let expField = unsafeBitCast((bits &>> 52) | 0x4330_0000_0000_0000, to: SIMD8<Double>.self) - 0x1p52
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
        var k = expField - 1023
        let high = m .> sqrt2
        m.replace(with: m * 0.5, where: high)
        k.replace(with: k + 1, where: high)
        let s = (m - 1) / (m + 1)
        let z = s * s
        // Both series by Estrin's scheme (pairs of terms, then combined with z², z⁴; w², w⁴, w⁸): the same sums as
        // Horner's with a much shorter dependency chain (Horner's chain bounded the loop).
        let z2 = z * z
        let pLow = (z * c3 + 1) + (z * c7 + c5) * z2
        let pHigh = (z * c11 + c9) + c13 * z2
        let p = pLow + pHigh * (z2 * z2)
        let t = gamma * k + log2Scale * s * p
        let shifted = t + shifter
        let n = shifted - shifter
        let w = (t - n) * M_LN2
        let w2 = w * w, w4 = w2 * w2
        let q0 = (w + 1) + (w * f3 + f2) * w2
        let q1 = (w * f5 + f4) + (w * f7 + f6) * w2
        let q2 = (w * f9 + f8) + (w * f11 + f10) * w2
        let q = (q0 + q1 * w4) + q2 * (w4 * w4)
        let scale = (unsafeBitCast(shifted, to: SIMD8<UInt64>.self)
            &- unsafeBitCast(SIMD8<Double>(repeating: shifter), to: SIMD8<UInt64>.self)) &<< 52
        return unsafeBitCast(unsafeBitCast(q, to: SIMD8<UInt64>.self) &+ scale, to: SIMD8<Double>.self)
    }
}
