import Foundation
import ChannelModels
import LabCore
import Testing

/// Statistical acceptance tests (MODELS.md §1.7 and §8, L1–L10) over 200,000 packets on a fixed seed: the sample
/// loss rate and mean burst length must sit inside the 99 % interval around the theoretical values.
@Suite struct LossModelStatisticalTests {
    static let n = 200_000

    /// Simple Gilbert and Gilbert (k = 1): bursts are iid geometric with continuation c = (1−r)·(1−h)'s loss
    /// complement, so SE(mean burst) = √(c/(1−c)² / bursts); SE(loss) = √(σ²/N) with the Markov-chain σ².
    @Test(arguments: [
        (0.05, 0.5, 1.0),    // L1/L2: loss 0.0909, burst 2.0
        (0.05, 0.95, 1.0),   // L6: netem `gemodel 5%` defaults, Bernoulli 5 %, burst 1.0526
        (0.02, 0.3, 0.8),    // L7: Gilbert, loss 0.05, burst 2.2727
        (0.01, 0.1, 1.0),    // slow switching: loss 0.0909, burst 10
    ])
    func gilbertLossAndBurstInsideInterval(p: Double, r: Double, lossBad: Double) {
        let model = GilbertElliottLoss(p: p, r: r, lossBad: lossBad, lossGood: 0)
        let stats = LossPatternStatistics(lostFlags: lossFlags(model, count: Self.n))
        let seLoss = (model.lossRateAsymptoticVariance / Double(Self.n)).squareRoot()
        let c = (1 - r) * lossBad
        let seBurst = (c / ((1 - c) * (1 - c)) / Double(stats.bursts)).squareRoot()
        let zl = zScore(stats.lossRate, model.stationaryLossRate, seLoss)
        let zb = zScore(stats.meanBurstLength, model.meanBurstLength, seBurst)
        print("GE p=\(p) r=\(r) 1-h=\(lossBad): loss \(stats.lossRate) vs \(model.stationaryLossRate) (z \(zl)); burst \(stats.meanBurstLength) vs \(model.meanBurstLength) (z \(zb))")
        #expect(zl < z99, "loss \(stats.lossRate) vs \(model.stationaryLossRate), SE \(seLoss)")
        #expect(zb < z99, "burst \(stats.meanBurstLength) vs \(model.meanBurstLength), SE \(seBurst)")
    }

    @Test func theoreticalValuesMatchModelsTable() {
        let l1 = GilbertElliottLoss(p: 0.05, r: 0.5)
        #expect(abs(l1.stationaryLossRate - 0.090909) < 1e-6)
        #expect(abs(l1.meanBurstLength - 2.0) < 1e-12)
        #expect(abs(l1.burstRatio - 1 / 0.55) < 1e-12)                       // L5
        #expect(abs(l1.lossRateAsymptoticVariance.squareRoot() / (200_000.0).squareRoot() - 0.001044) < 2e-6)
        let l7 = GilbertElliottLoss(p: 0.02, r: 0.3, lossBad: 0.8)
        #expect(abs(l7.stationaryLossRate - 0.05) < 1e-12)
        #expect(abs(l7.meanBurstLength - 2.272727) < 1e-6)
        let l8 = GilbertElliottLoss(p: 0.01, r: 0.1, lossBad: 0.5, lossGood: 0.005)
        #expect(abs(l8.stationaryLossRate - 0.05) < 1e-12)
        #expect(abs(l8.meanBurstLength - 1.6962) < 1e-4)
        let l9 = FourStateLoss(p13: 0.01, p31: 0.3, p32: 0.4, p23: 0.6, p14: 0.005)
        #expect(abs(l9.stationaryLossRate - 0.03614) < 1e-5)
        #expect(abs(l9.meanBurstPeriod - 5.556) < 1e-3)
        #expect(abs(l9.meanGapPeriod - 100.5) < 1e-9)
        #expect(abs(l9.burstDensity - 0.6) < 1e-12)
        #expect(abs(l9.isolatedLossProbability - 0.004975) < 1e-6)
    }

    /// L8: full Gilbert–Elliott; neither runs nor gaps are geometric, so the SEs come from 40 batch means.
    @Test func fullGilbertElliottByBatchMeans() {
        let model = GilbertElliottLoss(p: 0.01, r: 0.1, lossBad: 0.5, lossGood: 0.005)
        let flags = lossFlags(model, count: Self.n)
        let loss = batchMeans(flags) { sliceStats($0).lossRate }
        let burst = batchMeans(flags) { sliceStats($0).meanBurstLength }
        let all = LossPatternStatistics(lostFlags: flags)
        // Analytic SE of the loss rate (MODELS.md §8: 0.00137 → ±0.0045 at 99.9 %).
        let seLoss = (model.lossRateAsymptoticVariance / Double(Self.n)).squareRoot()
        #expect(abs(seLoss - 0.00137) < 0.00002)
        print("GE L8: loss \(all.lossRate) vs 0.05 (z \(zScore(all.lossRate, 0.05, seLoss)), batch SE \(loss.se)); burst \(all.meanBurstLength) vs \(model.meanBurstLength) (batch SE \(burst.se))")
        #expect(zScore(all.lossRate, model.stationaryLossRate, seLoss) < z99)
        #expect(zScore(all.meanBurstLength, model.meanBurstLength, burst.se) < z99)
    }

    /// L9: netem 4-state (p13, p31, p32, p23, p14) = (0.01, 0.3, 0.4, 0.6, 0.005): loss 0.03614, by batch means.
    @Test func fourStateByBatchMeans() {
        let model = FourStateLoss(p13: 0.01, p31: 0.3, p32: 0.4, p23: 0.6, p14: 0.005)
        let flags = lossFlags(model, count: Self.n)
        let all = LossPatternStatistics(lostFlags: flags)
        let loss = batchMeans(flags) { sliceStats($0).lossRate }
        let burst = batchMeans(flags) { sliceStats($0).meanBurstLength }
        print("4-state L9: loss \(all.lossRate) vs \(model.stationaryLossRate) (z \(zScore(all.lossRate, model.stationaryLossRate, loss.se))); burst \(all.meanBurstLength) vs \(model.meanBurstLength) (z \(zScore(all.meanBurstLength, model.meanBurstLength, burst.se)))")
        #expect(zScore(all.lossRate, model.stationaryLossRate, loss.se) < z99)
        #expect(zScore(all.meanBurstLength, model.meanBurstLength, burst.se) < z99)
    }

    /// Bernoulli: binomial loss rate, geometric runs with continuation x̄.
    @Test(arguments: [0.01, 0.03, 0.1])
    func bernoulliInsideInterval(rate: Double) {
        let stats = LossPatternStatistics(lostFlags: lossFlags(BernoulliLoss(rate: rate), count: Self.n))
        #expect(zScore(stats.lossRate, rate, (rate * (1 - rate) / Double(Self.n)).squareRoot()) < z99)
        #expect(zScore(stats.meanBurstLength, 1 / (1 - rate), (rate / ((1 - rate) * (1 - rate)) / Double(stats.bursts)).squareRoot()) < z99)
    }

    /// A second 4-state parameter set with frequent isolated losses and long bursts, by batch means.
    @Test func fourStateSecondSet() {
        let model = FourStateLoss(p13: 0.02, p31: 0.2, p32: 0.3, p23: 0.5, p14: 0.01)
        let flags = lossFlags(model, count: Self.n, seed: 5)
        let all = LossPatternStatistics(lostFlags: flags)
        let loss = batchMeans(flags) { sliceStats($0).lossRate }
        let burst = batchMeans(flags) { sliceStats($0).meanBurstLength }
        print("4-state (0.02, 0.2, 0.3, 0.5, 0.01): loss \(all.lossRate) vs \(model.stationaryLossRate) (z \(zScore(all.lossRate, model.stationaryLossRate, loss.se))); burst \(all.meanBurstLength) vs \(model.meanBurstLength) (z \(zScore(all.meanBurstLength, model.meanBurstLength, burst.se)))")
        #expect(zScore(all.lossRate, model.stationaryLossRate, loss.se) < z99)
        #expect(zScore(all.meanBurstLength, model.meanBurstLength, burst.se) < z99)
    }

    /// netem-convention 4-state parameters with p32 = p14 = 0 are the simple Gilbert with p = p13, r = p31, and tc's
    /// defaults (only p13) are Bernoulli (MODELS.md §1.3).
    @Test func fourStateReducesToGilbertAndBernoulli() {
        let gilbert = FourStateLoss(p13: 0.05, p31: 0.5, p32: 0, p23: 1, p14: 0)
        #expect(abs(gilbert.stationaryLossRate - 0.05 / 0.55) < 1e-12)
        #expect(abs(gilbert.meanBurstLength - 2) < 1e-12)
        let bernoulli = FourStateLoss(p13: 0.05)
        #expect(abs(bernoulli.stationaryLossRate - 0.05) < 1e-12)
        let stats = LossPatternStatistics(lostFlags: lossFlags(gilbert, count: Self.n))
        let seLoss = (GilbertElliottLoss(p: 0.05, r: 0.5).lossRateAsymptoticVariance / Double(Self.n)).squareRoot()
        #expect(zScore(stats.lossRate, gilbert.stationaryLossRate, seLoss) < z99)
        #expect(zScore(stats.meanBurstLength, 2, (0.5 / 0.25 / Double(stats.bursts)).squareRoot()) < z99)
    }

    /// The strongest check (MODELS.md §1.7): transition estimates p̂ = n_GB/n_G, r̂ = n_BG/n_B are binomial.
    @Test func transitionCountsAreBinomial() {
        var model = GilbertElliottLoss(p: 0.05, r: 0.5)
        var random = SeededRandom(seed: 99, stream: "network.loss")
        var nG = 0, nB = 0, nGB = 0, nBG = 0
        for _ in 0..<Self.n {
            let before = model.inBadState
            _ = model.nextIsLost(using: &random)
            if before { nB += 1; if !model.inBadState { nBG += 1 } } else { nG += 1; if model.inBadState { nGB += 1 } }
        }
        let pHat = Double(nGB) / Double(nG), rHat = Double(nBG) / Double(nB)
        #expect(zScore(pHat, 0.05, (0.05 * 0.95 / Double(nG)).squareRoot()) < z99)
        #expect(zScore(rHat, 0.5, (0.25 / Double(nB)).squareRoot()) < z99)
    }

    /// L10: (x̄, L1) = (0.03, 2.0) → p = 0.015464, r = 0.5, and back exactly; the Gilbert (k = 1) fit too.
    @Test func fitRoundTrips() throws {
        let fit = try GilbertElliottLoss.fit(lossRate: 0.03, meanBurstLength: 2)
        #expect(abs(fit.p - 0.0154639175) < 1e-9)
        #expect(fit.r == 0.5)
        #expect(abs(fit.stationaryLossRate - 0.03) < 1e-12)
        #expect(abs(fit.meanBurstLength - 2) < 1e-12)
        let gilbert = try GilbertElliottLoss.fit(lossRate: 0.05, meanBurstLength: 2.5, lossBad: 0.8)
        #expect(abs(gilbert.stationaryLossRate - 0.05) < 1e-12)
        #expect(abs(gilbert.meanBurstLength - 2.5) < 1e-12)
        let stats = LossPatternStatistics(lostFlags: lossFlags(fit, count: Self.n))
        #expect(zScore(stats.lossRate, 0.03, (fit.lossRateAsymptoticVariance / Double(Self.n)).squareRoot()) < z99)
        #expect(zScore(stats.meanBurstLength, 2, (0.5 / 0.25 / Double(stats.bursts)).squareRoot()) < z99)
    }

    @Test func badParametersAreRefused() {
        #expect(throws: InputError.self) { try GilbertElliottLoss(p: 0.1, r: 0).validate() }
        #expect(throws: InputError.self) { try GilbertElliottLoss(p: 1.2, r: 0.5).validate() }
        #expect(throws: InputError.self) { try FourStateLoss(p13: 0.6, p31: 0.3, p32: 0, p23: 1, p14: 0.6).validate() }
        #expect(throws: InputError.self) { try FourStateLoss(p13: 0.1, p31: 0.7, p32: 0.5, p23: 1, p14: 0).validate() }
        #expect(throws: InputError.self) { try FourStateLoss(p13: 0.1, p31: 0, p32: 0.2, p23: 0.5, p14: 0).validate() }
        #expect(throws: InputError.self) { try GilbertElliottLoss.fit(lossRate: 0.6, meanBurstLength: 1) }
        #expect(throws: InputError.self) { try GilbertElliottLoss.fit(lossRate: 0.03, meanBurstLength: 0.5) }
        #expect(throws: InputError.self) { try GilbertElliottLoss.fit(lossRate: 0.03, meanBurstLength: 3, lossBad: 0.5) }
    }
}

/// L3/L4 (MODELS.md §8): simple Gilbert p = 0.05, r = 0.5 — burst lengths geometric (½, ¼, ⅛ …, χ² on 1…7, ≥ 8) and
/// mean gap 1/p = 20.
@Suite struct RunLengthDistributionTests {
    static func runs(_ flags: [Bool], of value: Bool) -> [Int] {
        var out: [Int] = []
        var run = 0
        for flag in flags {
            if flag == value { run += 1 } else if run > 0 { out.append(run); run = 0 }
        }
        return out
    }

    @Test func burstLengthsAreGeometricAndGapsMean20() {
        let flags = lossFlags(GilbertElliottLoss(p: 0.05, r: 0.5), count: 200_000, seed: 77)
        let bursts = Self.runs(flags, of: true)
        let nb = Double(bursts.count)
        var chi2 = 0.0
        for n in 1...8 {
            let observed = Double(bursts.filter { n < 8 ? $0 == n : $0 >= 8 }.count)
            let p = n < 8 ? 0.5 * pow(0.5, Double(n - 1)) : pow(0.5, 7)
            chi2 += (observed - nb * p) * (observed - nb * p) / (nb * p)
        }
        // χ² with 7 degrees of freedom: the 0.99 quantile is 18.48.
        print("L3 χ²(7) = \(chi2) over \(bursts.count) bursts")
        #expect(chi2 < 18.48)
        let ones = Double(bursts.filter { $0 == 1 }.count) / nb
        #expect(abs(ones - 0.5) < z99 * (0.25 / nb).squareRoot())
        let gaps = Self.runs(flags, of: false)
        let meanGap = Double(gaps.reduce(0, +)) / Double(gaps.count)
        // Gaps are geometric with continuation 1 − p: Var = (1−p)/p² = 380.
        #expect(abs(meanGap - 20) < z99 * (380 / Double(gaps.count)).squareRoot())
    }
}
