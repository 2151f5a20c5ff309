import AudioIO
import XCTest

@testable import LabCore
@testable import SignalQuality

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `LoudnessPower` must give exactly the bits of the scalar definition with glibc's `pow`
/// (`LoudnessKernel.scalar`), whatever it decides by its interval test; its estimate must stay within the error bound
/// the test relies on; and the fallback must be taken where the test cannot decide.
final class LoudnessPowerTests: XCTestCase {
    /// LabCore's SplitMix64: a fixed, seeded stream of arguments.
    struct Stream {
        var mix: SplitMix64
        init(state: UInt64) { mix = SplitMix64(state: state) }
        mutating func next() -> UInt64 { mix.next() }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    }

    /// The narrowband and wideband transforms' band tables.
    static var transforms: [AuditoryTransform] {
        [8000, 16000].map {
            AuditoryTransform(p: P862Parameters(rate: $0), plans: FFTPlans())
        }
    }

    /// Every build of the kernel this processor runs (portable, AVX2, AVX-512).
    static let kernels = [FFTKernels.portable, .avx2, .avx512].filter { $0.usable == $0 }

    /// One band's table eight times: every lane of `apply` works on that band (with `kernels`' build).
    static func single(_ t: AuditoryTransform, band b: Int, kernels: FFTKernels = .processDefault) -> LoudnessPower {
        let lp = t.loudnessPower
        let n = LoudnessKernel.lanes
        return LoudnessPower(threshold: Array(repeating: lp.threshold[b], count: n),
                             gamma: Array(repeating: lp.gamma[b], count: n),
                             factor: Array(repeating: lp.factor[b], count: n), kernels: kernels)
    }

    /// Runs `args` (densities of band `b`) through `apply` of each build in `kernels`, eight at a time, and compares
    /// every result with the scalar definition bit for bit (the last group is padded with 0: below the threshold, no
    /// fallback). Returns the mismatches over all builds and the fallbacks of the first.
    static func check(_ t: AuditoryTransform, band b: Int, _ args: [Double], kernels: [FFTKernels] = [.processDefault])
        -> (mismatches: Int, fallbacks: Int, first: String?)
    {
        let lp = t.loudnessPower
        let want = args.map {
            LoudnessKernel.scalar($0, threshold: lp.threshold[b], gamma: lp.gamma[b], factor: lp.factor[b]).bitPattern
        }
        let n = LoudnessKernel.lanes
        let padded = args + [Double](repeating: 0, count: (n - args.count % n) % n)
        var mismatches = 0, fallbacks = 0
        var first: String? = nil
        for (k, build) in kernels.enumerated() {
            let one = single(t, band: b, kernels: build)
            var out = [Double](repeating: 0, count: padded.count)
            var fb = 0
            padded.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    for i in stride(from: 0, to: padded.count, by: n) {
                        fb += one.apply(d.baseAddress! + i, into: o.baseAddress! + i)
                    }
                }
            }
            if k == 0 { fallbacks = fb }
            for i in args.indices where out[i].bitPattern != want[i] {
                mismatches += 1
                if first == nil {
                    first = "\(build) band \(b) P \(args[i]): \(out[i]) instead of \(Double(bitPattern: want[i]))"
                }
            }
        }
        return (mismatches, fallbacks, first)
    }

    /// For every distinct γ of each band table, 2²¹ random densities spread over the bands with that γ: P/P0
    /// log-uniform on [1, 2⁶⁴] (half), on [1, 2²⁰] (a quarter) and 1 + 2^(−52·U) just above the threshold (a
    /// quarter), plus the threshold's neighbours P0·(1 + j·2⁻⁵²). No mismatch is allowed.
    func testDecisionEqualsPowOnRandomArguments() {
        var stream = Stream(state: 0x5EED_0016)
        var total = 0, fallbacks = 0, gammas = 0
        for t in Self.transforms {
            let lp = t.loudnessPower
            let groups = Dictionary(grouping: 0..<lp.bands) { lp.gamma[$0] }
            gammas += groups.count
            for (_, bands) in groups.sorted(by: { $0.key < $1.key }) {
                let perBand = (1 << 21) / bands.count + 1
                for b in bands {
                    let p0 = lp.threshold[b]
                    var near: [Double] = (0..<64).map { p0 * (1 + Double($0) * 0x1p-52) } + [p0.nextDown, p0.nextUp]
                    var wide: [Double] = []
                    for i in 0..<perBand {
                        let u = stream.unit()
                        switch i % 4 {
                        case 0, 1: wide.append(p0 * exp2(64 * u))
                        case 2: wide.append(p0 * exp2(20 * u))
                        default: near.append(p0 * (1 + exp2(-52 * u)))
                        }
                    }
                    for (args, isWide) in [(wide, true), (near, false)] {
                        let c = Self.check(t, band: b, args, kernels: Self.kernels)
                        XCTAssertEqual(c.mismatches, 0, c.first ?? "")
                        if isWide {
                            total += args.count
                            fallbacks += c.fallbacks
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(gammas, 2 * 5)
        XCTAssertGreaterThan(total, gammas * 3 << 19)
        // Away from the threshold the test decides nearly everything (just above it, where y − 1 cancels, it cannot).
        XCTAssertLessThan(Double(fallbacks) / Double(total), 1e-4, "\(fallbacks) fallbacks in \(total)")
    }

    /// Densities of real frames: the reference and degraded model signals of fixture pairs (both bands), each frame's
    /// Bark densities as the perceptual model forms them, also scaled by the gains the frequency and short-term gain
    /// compensations may apply (0.01…100 and 3·10⁻⁴…5). Every band of every frame through `apply` as the model calls
    /// it; no mismatch, and fallbacks rare.
    func testDecisionEqualsPowOnFixtureFrames() throws {
        let fixtures = try OracleAgreementTests.loadFixtures()
        let chosen = fixtures.filter { $0.band == .narrowband }.prefix(6) + fixtures.filter { $0.band == .wideband }.prefix(4)
        var mismatches = 0, active = 0, fallbacks = 0
        for f in chosen {
            let (pipeline, lMax, models) = try ModelSignalTests.modelSignals(of: f)
            let t = AuditoryTransform(p: pipeline.p, plans: pipeline.plans)
            let lp = t.loudnessPower, nb = lp.bands
            let builds = Self.kernels.map { lp.with(kernels: $0) }
            for model in models.compactMap({ $0 }) {
                let frames = ReferenceFrames(ref: model.map { Float($0) }, lMax: lMax, p: pipeline.p, transform: t)
                var out = [Double](repeating: 0, count: nb)
                for frame in 0..<frames.count {
                    let base = Array(frames.bark[frame * nb..<(frame + 1) * nb])
                    for gain in [1, 0.01, 0.37, 2.9, 100, 3e-4, 5] {
                        let dens = base.map { $0 * gain }
                        let want = (0..<nb).map {
                            LoudnessKernel.scalar(dens[$0], threshold: lp.threshold[$0], gamma: lp.gamma[$0],
                                                  factor: lp.factor[$0]).bitPattern
                        }
                        for (i, build) in builds.enumerated() {
                            let n = build.apply(dens, into: &out)
                            if i == 0 { fallbacks += n }
                            if out.map(\.bitPattern) != want {
                                mismatches += 1
                                XCTFail("\(f.id) frame \(frame) gain \(gain) \(Self.kernels[i]): not the scalar bits")
                            }
                        }
                        active += (0..<nb).filter { dens[$0] > lp.threshold[$0] }.count
                    }
                }
            }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertGreaterThan(active, 1_000_000)
        XCTAssertLessThan(Double(fallbacks) / Double(active), 1e-3, "\(fallbacks) fallbacks in \(active) active bands")
    }

    /// The estimate's relative error against glibc's `pow` stays within the bound the interval test assumes
    /// (1.5·10⁻¹³ for the estimate plus 2⁻⁵² for `pow` itself), for every γ in use, x log-uniform on [1, 2¹⁰⁰⁰) and
    /// just above 1, and at the reduction's seams (powers of two, √2).
    func testEstimateWithinErrorBound() {
        var stream = Stream(state: 0xB0_0D)
        let gammas = Set(Self.transforms.flatMap(\.loudnessPower.gamma)).sorted()
        var worst = 0.0
        var xs: [Double] = [1, 1.0.nextUp, LoudnessKernel.sqrt2, LoudnessKernel.sqrt2.nextUp, LoudnessKernel.sqrt2.nextDown, 2, 2.0.nextDown, 0x1p999,
                            0x1p1000.nextDown]
        for _ in 0..<(1 << 18) { xs.append(exp2(1000 * stream.unit())) }
        for _ in 0..<(1 << 16) { xs.append(1 + exp2(-52 * stream.unit())) }
        for _ in 0..<(1 << 16) { xs.append(LoudnessKernel.sqrt2 * exp2(Double(Int(stream.next() % 64))) * (1 + 1e-9 * (stream.unit() - 0.5))) }
        for g in gammas {
            let gv = SIMD8<Double>(repeating: g), sv = SIMD8<Double>(repeating: g * (2 / M_LN2))
            var i = 0
            while i + 8 <= xs.count {
                var x = SIMD8<Double>()
                for j in 0..<8 { x[j] = xs[i + j] }
                let y = LoudnessKernel.estimate(x, gamma: gv, log2Scale: sv)
                for j in 0..<8 {
                    let e = abs(y[j] / pow(x[j], g) - 1)
                    worst = max(worst, e)
                }
                i += 8
            }
        }
        XCTAssertGreaterThanOrEqual(gammas.count, 10)
        XCTAssertEqual(LoudnessKernel.sqrt2, 2.0.squareRoot())
        XCTAssertLessThanOrEqual(worst, 1.5e-13 + 0x1p-52, "largest relative error \(worst)")
        XCTAssertLessThan(1.5e-13 + 0x1p-52 + 0x1p-53, LoudnessKernel.tolerance)
    }

    /// The fallback is taken where the interval test cannot decide, and gives the scalar bits there: densities whose
    /// loudness falls (to about 10⁻¹⁵) on the midpoint between two floats; x = 1 (y − 1 = 0 inside the interval);
    /// x beyond 2¹⁰⁰⁰ and infinite. NaN and sub-threshold densities give 0 without it.
    func testFallbackWhereUndecidable() {
        var stream = Stream(state: 0xFA11)
        for t in Self.transforms {
            let lp = t.loudnessPower
            for b in 0..<lp.bands {
                let p0 = lp.threshold[b], g = lp.gamma[b], s = lp.factor[b]
                // Midpoints between adjacent floats F and F⁺ of the loudness, for F from 10⁻³·S to 10³·S.
                var args: [Double] = []
                for _ in 0..<64 {
                    let f = Float(s * exp2(20 * stream.unit() - 10))
                    let mid = (Double(f) + Double(f.nextUp)) / 2
                    let x = pow(1 + mid / s, 1 / g)
                    args.append((2 * x - 1) * p0)
                }
                for kernels in Self.kernels {
                    let c = Self.check(t, band: b, args, kernels: [kernels])
                    XCTAssertEqual(c.mismatches, 0, c.first ?? "")
                    XCTAssertEqual(c.fallbacks, args.count, "band \(b) \(kernels): midpoints decided without pow")
                    // Four bands (a partial vector), all band b.
                    let four = LoudnessPower(threshold: Array(repeating: p0, count: 4), gamma: Array(repeating: g, count: 4),
                                             factor: Array(repeating: s, count: 4), kernels: kernels)
                    var out = [Double](repeating: -1, count: 4)
                    // x = 1 exactly: 0.5 + 0.5·P/P0 rounds to 1 for the next double above P0.
                    let d = p0.nextUp
                    if 0.5 + 0.5 * d / p0 == 1 {
                        XCTAssertEqual(four.apply([d, d, d, d], into: &out), 4, "band \(b) \(kernels): x = 1")
                        XCTAssertEqual(out, [0, 0, 0, 0])
                    }
                    // Out of the estimate's range (x ≥ 2¹⁰⁰⁰, as P0 ≥ 0.25), and non-numbers.
                    let huge = [p0 * 0x1p1002, .infinity, p0 * 0x1p1001, p0 * 0x1p1003]
                    XCTAssertEqual(four.apply(huge, into: &out), 4, "band \(b) \(kernels): beyond 2¹⁰⁰⁰")
                    for j in 0..<4 {
                        XCTAssertEqual(out[j].bitPattern,
                                       LoudnessKernel.scalar(huge[j], threshold: p0, gamma: g, factor: s).bitPattern)
                    }
                    XCTAssertEqual(four.apply([.nan, 0, p0, -p0], into: &out), 0)
                    XCTAssertEqual(out, [0, 0, 0, 0])
                }
            }
        }
    }

    /// Band counts that are not a multiple of eight: the tail lanes read and write only the bands that exist.
    func testTailBands() {
        for t in Self.transforms {
            let lp = t.loudnessPower
            XCTAssertNotEqual(lp.bands % LoudnessKernel.lanes, 0)
            let dens = (0..<lp.bands).map { lp.threshold[$0] * Double($0 + 2) }
            for k in Self.kernels {
                var out = [Double](repeating: 0, count: lp.bands + 8)
                for j in lp.bands..<out.count { out[j] = 7 }
                lp.with(kernels: k).apply(dens, into: &out)
                XCTAssertEqual(Array(out[lp.bands...]), [Double](repeating: 7, count: 8))
                for b in 0..<lp.bands {
                    XCTAssertEqual(out[b], LoudnessKernel.scalar(dens[b], threshold: lp.threshold[b], gamma: lp.gamma[b],
                                                                factor: lp.factor[b]), "\(k) band \(b)")
                }
            }
        }
    }
}
