import Foundation
import LabCore

/// One-way delay of each packet in milliseconds, before any reordering policy is applied.
public protocol DelayModel: Sendable {
    mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double
}

/// Constant latency plus zero-mean Gaussian jitter of standard deviation `stddevMs`, floored at zero total delay.
/// (netem's `delay X Y distribution normal`.)
public struct NormalJitterDelay: DelayModel {
    public var latencyMs: Double
    public var stddevMs: Double
    public init(latencyMs: Double, stddevMs: Double) {
        self.latencyMs = latencyMs
        self.stddevMs = stddevMs
    }
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        guard stddevMs > 0 else { return latencyMs }
        return max(0, latencyMs + stddevMs * random.nextGaussian())
    }
}

/// Constant latency plus uniform jitter in [−halfWidthMs, +halfWidthMs] (netem's default when no distribution is given).
public struct UniformJitterDelay: DelayModel {
    public var latencyMs: Double
    public var halfWidthMs: Double
    public init(latencyMs: Double, halfWidthMs: Double) {
        self.latencyMs = latencyMs
        self.halfWidthMs = halfWidthMs
    }
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        max(0, latencyMs + halfWidthMs * (2 * random.nextUnit() - 1))
    }
}

/// The general delay model: latency plus jitter from one of several distributions, with optional correlation
/// between successive packets (MODELS.md §3).
///
/// - `normal(σ)`: latency + σ·N(0,1).
/// - `uniform(a)`: latency + U(−a, +a) (netem's default).
/// - `pareto(σ)` and `paretoNormal(σ)`: netem's table semantics, latency + σ·t with t drawn from a 4096-entry
///   inverse-CDF table (MODELS.md §3.1): pareto `t = ((1−u)^(−1/3) − 1.5)·4/3` clipped at 32767/8192, pareto-normal
///   `t = (Φ⁻¹(u) + 3·pareto(u))/4` — so σ is *not* the standard deviation (≈ 0.82σ), and delays span
///   latency − 0.67σ … latency + 4σ for pareto.
/// - `shiftedGamma(k, θ)`: latency + Γ(shape k, scale θ) (MODELS.md §3.3), exact quantiles for tests.
///
/// Correlation ρ (0 ≤ ρ < 1) is AR(1) on a Gaussian latent variable, z ← ρz + √(1−ρ²)ε, mapped through the target
/// inverse CDF (the remedy MODELS.md §3.1 recommends instead of netem's shrinking weighted average): the marginal
/// stays exact (`GammaDistribution.quantile` for gamma) and the latent lag-1 correlation is ρ. The delays' lag-1
/// rank (Spearman) correlation is then exactly (6/π)·asin(ρ/2) for every distribution (a Gaussian copula); their
/// Pearson correlation is ρ for normal jitter and somewhat lower for skewed shapes (docs/network.md).
/// Delays are floored at zero.
public struct JitterDelay: DelayModel {
    public enum Distribution: Sendable, Equatable {
        case none
        case normal(stddevMs: Double)
        case uniform(halfWidthMs: Double)
        case pareto(jitterMs: Double)
        case paretoNormal(jitterMs: Double)
        case shiftedGamma(shape: Double, scaleMs: Double)
    }

    public var latencyMs: Double
    public var distribution: Distribution
    public var correlation: Double
    var latent = 0.0
    var started = false

    public init(latencyMs: Double, distribution: Distribution, correlation: Double = 0) {
        self.latencyMs = latencyMs
        self.distribution = distribution
        self.correlation = correlation
    }

    public func validate() throws {
        guard latencyMs >= 0, latencyMs.isFinite else { throw InputError("latency \(latencyMs) ms is negative", hint: "give a delay ≥ 0 ms") }
        guard (0..<1).contains(correlation) else { throw InputError("jitter correlation \(correlation) is outside 0…<1") }
        switch distribution {
        case .none: break
        case .normal(let v), .uniform(let v), .pareto(let v), .paretoNormal(let v):
            guard v >= 0, v.isFinite else { throw InputError("jitter \(v) ms is negative", hint: "give a spread ≥ 0 ms") }
        case let .shiftedGamma(shape, scale):
            guard shape > 0, scale >= 0 else { throw InputError("gamma shape \(shape) must be > 0 and scale \(scale) ≥ 0") }
        }
    }

    @inline(__always)
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        if correlation > 0 { return max(0, latencyMs + correlatedJitter(using: &random)) }
        let jitter: Double
        switch distribution {
        case .none: return latencyMs
        case .normal(let sd): jitter = sd * random.nextGaussian()
        case .uniform(let a): jitter = a * (2 * random.nextUnit() - 1)
        case .pareto(let s): jitter = s * NetemTables.pareto[Int(truncatingIfNeeded: random.next() >> 52)]
        case .paretoNormal(let s): jitter = s * NetemTables.paretoNormal[Int(truncatingIfNeeded: random.next() >> 52)]
        case let .shiftedGamma(k, theta): jitter = theta * GammaSampler.draw(shape: k, using: &random)
        }
        return max(0, latencyMs + jitter)
    }

    mutating func correlatedJitter(using random: inout SeededRandom) -> Double {
        let e = random.nextGaussian()
        latent = started ? correlation * latent + (1 - correlation * correlation).squareRoot() * e : e
        started = true
        let z = latent
        switch distribution {
        case .none: return 0
        case .normal(let sd): return sd * z
        case .uniform(let a): return a * (2 * NormalDistribution.cdf(z) - 1)
        case .pareto(let s): return s * NetemTables.pareto[NetemTables.index(NormalDistribution.cdf(z))]
        case .paretoNormal(let s): return s * NetemTables.paretoNormal[NetemTables.index(NormalDistribution.cdf(z))]
        case let .shiftedGamma(k, theta):
            // Exact: Φ(z) through the gamma quantile (Φ(−z) for the upper tail keeps its precision), so the marginal
            // is Γ(k, θ) for every shape (the Wilson–Hilferty cube it replaces clipped ~5 % of draws to zero at k = 0.5).
            return theta * GammaDistribution.quantile(shape: k, lower: NormalDistribution.cdf(z), upper: NormalDistribution.cdf(-z))
        }
    }
}

/// Standard normal CDF and quantile (quantile by bisection on erfc; used to build tables and for correlation).
public enum NormalDistribution {
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    public static func quantile(_ u: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if cdf(mid) < u { lo = mid } else { hi = mid }
            if hi - lo < 1e-13 { break }
        }
        return (lo + hi) / 2
    }
}

/// netem-style 4096-entry inverse-CDF tables in units of the jitter argument (MODELS.md §3.1). Built once from
/// the documented formulas (not copied from iproute2): entry i is the quantile at u = (i + ½)/4096.
public enum NetemTables {
    public static let size = 4096
    /// netem's int16 table range: values are clipped at 32767/8192 ≈ 4.0.
    static let clip = 32767.0 / 8192.0

    @inline(__always)
    static func index(_ u: Double) -> Int { min(size - 1, max(0, Int(u * Double(size)))) }

    static func paretoValue(_ u: Double) -> Double {
        // Pareto, shape 3, x_m = 1 (mean 1.5), centred and scaled by 4/3.
        min(clip, (pow(1 - u, -1.0 / 3.0) - 1.5) * 4.0 / 3.0)
    }

    public static let normal: [Double] = (0..<size).map { NormalDistribution.quantile((Double($0) + 0.5) / Double(size)) }
    public static let pareto: [Double] = (0..<size).map { paretoValue((Double($0) + 0.5) / Double(size)) }
    /// (normal + 3·pareto)/4, paired quantile by quantile (reproduces MODELS.md's min −1.50σ and max +3.88σ).
    public static let paretoNormal: [Double] = (0..<size).map { i in (normal[i] + 3 * pareto[i]) / 4 }
}

/// Γ(shape, 1) deviates: Marsaglia & Tsang (2000) for shape ≥ 1, with the u^(1/k) boost for shape < 1.
enum GammaSampler {
    static func draw(shape k: Double, using random: inout SeededRandom) -> Double {
        if k < 1 {
            let boost = pow(random.nextOpenUnit(), 1 / k)
            return draw(shape: k + 1, using: &random) * boost
        }
        let d = k - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = random.nextGaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = random.nextOpenUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
