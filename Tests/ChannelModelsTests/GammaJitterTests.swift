import ChannelModels
import Foundation
import LabCore
import Testing

/// Issue 14: correlated gamma jitter keeps the exact gamma marginal (Gaussian AR(1) → Φ → gamma quantile).
@Suite struct GammaJitterTests {
    /// P(k, x) by direct quadrature (Simpson, 20,000 panels), independent of the series/continued fraction under
    /// test. For k ≥ 1 the density t^(k−1)e^(−t)/Γ(k) is smooth on [0, x]; for k < 1 its pole at 0 is removed by
    /// t = u^(1/k): P(k, x) = ∫₀^(xᵏ) exp(−u^(1/k)) du / Γ(k + 1).
    static func quadratureCDF(shape k: Double, _ x: Double) -> Double {
        let n = 20_000
        let logGammaK: Double = lgamma(k)
        let gammaK1: Double = exp(lgamma(k + 1))
        func density(_ t: Double) -> Double {
            if t == 0 { return k == 1 ? 1 : 0 }
            return exp((k - 1) * log(t) - t - logGammaK)
        }
        func substituted(_ u: Double) -> Double { exp(-pow(u, 1 / k)) / gammaK1 }
        let upper: Double = k >= 1 ? x : pow(x, k)
        let f: (Double) -> Double = k >= 1 ? density : substituted
        let h = upper / Double(n)
        var sum = f(0) + f(upper)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * f(Double(i) * h) }
        return sum * h / 3
    }

    @Test func cdfMatchesClosedFormsAndQuadrature() {
        for x in [0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30] {
            #expect(abs(GammaDistribution.cdf(shape: 1, x) - (1 - exp(-x))) < 1e-13)
            #expect(abs(GammaDistribution.cdf(shape: 0.5, x) - erf(x.squareRoot())) < 1e-13)
            #expect(abs(GammaDistribution.cdf(shape: 2, x) - (1 - exp(-x) * (1 + x))) < 1e-13)
            let poisson5 = (0..<5).reduce(0.0) { $0 + pow(x, Double($1)) / exp(lgamma(Double($1) + 1)) }
            #expect(abs(GammaDistribution.cdf(shape: 5, x) - (1 - exp(-x) * poisson5)) < 1e-12)
            for k in [0.1, 0.3, 3.7] where x < 20 {
                #expect(abs(GammaDistribution.cdf(shape: k, x) - Self.quadratureCDF(shape: k, x)) < 1e-7, "k \(k) x \(x)")
            }
        }
    }

    @Test(arguments: [0.1, 0.5, 1, 2, 5, 40])
    func quantileInvertsTheCDF(shape k: Double) {
        for p in [1e-12, 1e-6, 0.001, 0.1, 0.5, 0.9, 0.999] {
            let x = GammaDistribution.quantile(shape: k, lower: p, upper: 1 - p)
            #expect(abs(GammaDistribution.cdf(shape: k, x) - p) < 1e-9 * max(1, p * 1e3), "k \(k) p \(p)")
            // The upper tail from its own small probability.
            let y = GammaDistribution.quantile(shape: k, lower: 1 - p, upper: p)
            #expect(abs(GammaDistribution.regularized(shape: k, y).upper - p) < 1e-9 * max(1, p * 1e3), "k \(k) q \(p)")
        }
    }

    static func delays(shape k: Double, correlation rho: Double, count: Int) -> [Double] {
        var model = JitterDelay(latencyMs: 0, distribution: .shiftedGamma(shape: k, scaleMs: 1), correlation: rho)
        var random = SeededRandom(seed: 14, stream: "network.delay")
        return (0..<count).map { model.nextDelayMs(sendMs: Double($0) * 20, using: &random) }
    }

    static func pearsonLag1(_ x: [Double]) -> Double {
        let a = x.dropLast(), b = x.dropFirst()
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (u, v) in zip(a, b) {
            sab += (u - ma) * (v - mb); saa += (u - ma) * (u - ma); sbb += (v - mb) * (v - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// Shapes 0.1–5 × ρ 0–0.9: the marginal passes KS at the 99 % level (critical value widened by the AR(1)
    /// variance inflation √((1+ρ)/(1−ρ)) for dependent samples), no draw is clipped to zero, and the lag-1 rank
    /// correlation is the Gaussian copula's (6/π)·asin(ρ/2).
    @Test(arguments: [0.1, 0.5, 1, 2, 5], [0, 0.5, 0.9])
    func correlatedGammaKeepsItsMarginal(shape k: Double, correlation rho: Double) {
        let n = 40_000
        let x = Self.delays(shape: k, correlation: rho, count: n)
        let sorted = x.sorted()
        var ks = 0.0
        for (i, value) in sorted.enumerated() {
            let f = GammaDistribution.cdf(shape: k, value)
            ks = max(ks, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        let critical = 1.63 / Double(n).squareRoot() * ((1 + rho) / (1 - rho)).squareRoot()
        #expect(ks < critical, "shape \(k), ρ \(rho): KS \(ks) ≥ \(critical)")
        #expect(x.filter { $0 == 0 }.count == 0, "shape \(k), ρ \(rho): draws clipped to zero")
        // Spearman lag-1 from ranks.
        var ranks = [Double](repeating: 0, count: n)
        for (rank, index) in x.indices.sorted(by: { x[$0] < x[$1] }).enumerated() { ranks[index] = Double(rank) }
        let spearman = Self.pearsonLag1(ranks)
        let expected = 6 / Double.pi * asin(rho / 2)
        #expect(abs(spearman - expected) < 0.03, "shape \(k), ρ \(rho): Spearman lag-1 \(spearman), copula \(expected)")
        let pearson = Self.pearsonLag1(x)
        #expect(pearson <= rho + 0.03 && (rho == 0 || pearson > 0), "shape \(k), ρ \(rho): Pearson lag-1 \(pearson)")
    }
}
