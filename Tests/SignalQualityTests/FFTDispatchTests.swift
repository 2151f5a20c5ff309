import LabCore
import Testing

@testable import SignalQuality

/// The AVX2 and AVX-512 FFT kernels (`FFTKernelsAVX2`, `FFTKernelsAVX512`, chosen at run time by `FFTKernels`)
/// against the portable ones in `FFT.swift`: same bits on random inputs, for every operation P.862 and the spectrograms use, at every length and
/// precision they use (Float: 256/512-point model frames, 512/1024-point fine-delay windows, envelope correlations
/// up to 2¹⁶, 2¹⁷-point narrowband filters; Double: spectrograms, 2¹⁸-point wideband level filter).
@Suite struct FFTDispatchTests {
    /// The bytes of each output of one kernel set (byte equality is bit equality: −0 ≠ +0).
    struct Outputs: Equatable {
        var packedX: [UInt8] = [], packedFromDouble: [UInt8] = [], power: [UInt8] = []
        var correlation: [UInt8] = [], filtered: [UInt8] = [], filteredDouble: [UInt8] = []
        var forward: [UInt8] = [], inverse: [UInt8] = []
    }

    /// Every power of two up to 2¹⁴ (the pass and block widths change up to 64 points, and the number of radix-4
    /// passes is odd or even), which covers the P.862 frames, windows and envelope correlations of ordinary pairs
    /// (longer correlations run the same passes), and the 2¹⁷-point filters.
    static let lengths = [32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 131072]

    @Test func portableIsAlwaysAvailableAndWiderOnlyWhereSupported() {
        #expect(RealTransform<Float>(count: 256, kernels: .portable).kernels == .portable)
        #expect(RealTransform<Double>(count: 256, kernels: .avx2).kernels == (FFTKernels.avx2Available ? .avx2 : .portable))
        let expected: FFTKernels = FFTKernels.avx512Available ? .avx512 : FFTKernels.avx2Available ? .avx2 : .portable
        #expect(RealTransform<Float>(count: 256, kernels: .avx512).kernels == expected)
    }

    @Test(.enabled(if: FFTKernels.avx2Available, "this processor has no AVX2: only the portable kernels run"),
          arguments: lengths)
    func floatAVX2EqualsPortableBitForBit(length n: Int) {
        compare(Float.self, .avx2, length: n, seed: UInt64(n))
    }

    @Test(.enabled(if: FFTKernels.avx512Available, "this processor has no AVX-512F"), arguments: lengths)
    func floatAVX512EqualsPortableBitForBit(length n: Int) {
        compare(Float.self, .avx512, length: n, seed: UInt64(n) &+ 7)
    }

    @Test(.enabled(if: FFTKernels.avx2Available, "this processor has no AVX2: only the portable kernels run"),
          arguments: lengths + [262_144])
    func doubleAVX2EqualsPortableBitForBit(length n: Int) {
        compare(Double.self, .avx2, length: n, seed: UInt64(n) &* 31)
    }

    /// The packing loops in C (`Sources/CFFTStages/fft_packing.c`: deinterleave, interleave, Float power and
    /// correlation, Double filtered) on inputs full of zeros, signed zeros and ties, at every length; the random
    /// inputs are the tests above.
    @Test(.enabled(if: FFTKernels.avx2Available, "this processor has no AVX2: only the portable kernels run"),
          arguments: lengths)
    func packingInCEqualsPortableOnTiedValues(length n: Int) {
        compare(Float.self, .avx2, length: n, seed: UInt64(n) &+ 101, tied: true)
        compare(Double.self, .avx2, length: n, seed: UInt64(n) &+ 103, tied: true)
        if FFTKernels.avx512Available { compare(Float.self, .avx512, length: n, seed: UInt64(n) &+ 107, tied: true) }
    }

    /// The Float small stages in C (`Sources/CFFTStages`, AVX2 and AVX-512F intrinsics) and their Swift versions
    /// against the portable kernels, on the complex transforms themselves: the DIF forward and the DIT forward and
    /// inverse on bit-reversed input, at every complex length the transforms use (16…2¹⁷), on random values and on
    /// values full of zeros, signed zeros and ties (where x − y against −(y − x), or 0 − x against −x, would show).
    @Test(.enabled(if: FFTKernels.avx2Available, "this processor has no AVX2: only the portable kernels run"),
          arguments: [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072])
    func floatSmallStagesInCEqualPortableBitForBit(complexLength n: Int) {
        let tables = TransformTables<Float>.shared(n)
        var rng = SeededRandom(seed: UInt64(n) &* 977)
        func value(_ tied: Bool) -> Float {
            let u = rng.nextUnit()
            guard tied else { return Float((u * 2 - 1) * 3e4) }
            return [0, -0.0, 1, -1, 0.5][Int(u * 5) % 5]
        }
        let kernelSets: [FFTKernels] = FFTKernels.avx512Available ? [.avx2, .avx512] : [.avx2]
        for tied in [false, true] {
            let re = (0..<n).map { _ in value(tied) }, im = (0..<n).map { _ in value(tied) }
            /// forwardBitReversed, then the DIT forward and the DIT inverse of that output, as bytes.
            func run(_ kernels: FFTKernels) -> [UInt8] {
                var r = re, m = im
                r.withUnsafeMutableBufferPointer { p in m.withUnsafeMutableBufferPointer { tables.forwardBitReversed(p.baseAddress!, $0.baseAddress!, kernels: kernels) } }
                var out = (r + m).withUnsafeBytes { Array($0) }
                for inverse in [false, true] {
                    var r2 = r, m2 = m
                    r2.withUnsafeMutableBufferPointer { p in
                        m2.withUnsafeMutableBufferPointer { tables.transform(p.baseAddress!, $0.baseAddress!, inverse: inverse, permuted: true, kernels: kernels) }
                    }
                    out += (r2 + m2).withUnsafeBytes { Array($0) }
                }
                return out
            }
            let portable = run(.portable)
            // Not vacuous: the outputs carry the input.
            #expect(portable.contains { $0 != 0 })
            for kernels in kernelSets {
                for version in FFTSmallStages.Version.allCases {
                    // Process-wide switch: a test running meanwhile may run another (bit-identical) version.
                    FFTSmallStages.version = version
                    let wide = run(kernels)
                    FFTSmallStages.version = .c
                    let first = zip(portable, wide).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    #expect(first == nil, "\(kernels), small stages \(version), n=\(n), tied=\(tied): first differing byte \(first ?? -1) of \(portable.count)")
                }
            }
        }
    }

    /// Runs every entry point on the portable kernels and on `kernels` with the same random input and checks the
    /// outputs bit for bit.
    /// `tied`: inputs made only of 0, −0, ±1 and ±0.5 (where a reordered sum or a 0 − x for −x would show).
    func compare<T: FFTScalar>(_: T.Type, _ kernels: FFTKernels, length n: Int, seed: UInt64, tied: Bool = false) {
        var rng = SeededRandom(seed: seed)  // reproducible inputs
        let ties: [Double] = [0, -0.0, 1, -1, 0.5, -0.5]
        func value(_ amplitude: Double) -> Double {
            tied ? ties[min(Int(rng.nextUnit() * Double(ties.count)), ties.count - 1)] : (rng.nextUnit() * 2 - 1) * amplitude
        }
        let h = n / 2
        let m = n - 3  // zero-padded tail and an odd output count
        let x = (0..<n).map { _ in T(value(3e4)) }
        let y = (0..<n).map { _ in T(value(3e4)) }
        let xd = x.map { Double($0) }
        let gains = (0..<h).map { _ in T(value(1) + 1) }
        let nyquist = T(value(1) + 1), scale = tied ? T([1, -1, 0.5, -0.5][Int(seed % 4)]) : T(value(2))  // a filter scale of ±0 is no filter
        let portable = RealTransform<T>(count: n, kernels: .portable), wide = RealTransform<T>(count: n, kernels: kernels)
        #expect(wide.kernels == kernels)

        func bits<U>(_ v: [U]) -> [UInt8] { v.withUnsafeBytes { Array($0) } }

        func run(_ f: RealTransform<T>) -> Outputs {
            var out = Outputs()
            var zx = [T](repeating: 0, count: n), zy = zx, zd = zx
            x.withUnsafeBufferPointer { p in zx.withUnsafeMutableBufferPointer { f.forwardPacked(p.baseAddress!, count: m, zr: $0.baseAddress!, zi: $0.baseAddress! + h) } }
            y.withUnsafeBufferPointer { p in zy.withUnsafeMutableBufferPointer { f.forwardPacked(p.baseAddress!, count: n, zr: $0.baseAddress!, zi: $0.baseAddress! + h) } }
            xd.withUnsafeBufferPointer { p in zd.withUnsafeMutableBufferPointer { f.forwardPacked(p.baseAddress!, count: m, zr: $0.baseAddress!, zi: $0.baseAddress! + h) } }
            out.packedX = bits(zx)
            out.packedFromDouble = bits(zd)
            var power = [T](repeating: 0, count: h)
            zx.withUnsafeBufferPointer { z in power.withUnsafeMutableBufferPointer { f.powerSpectrum(zr: z.baseAddress!, zi: z.baseAddress! + h, into: $0.baseAddress!) } }
            out.power = bits(power)
            var c = [T](repeating: 0, count: n)
            zx.withUnsafeBufferPointer { a in
                zy.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer {
                        f.inverseCorrelation(xr: a.baseAddress!, xi: a.baseAddress! + h, yr: b.baseAddress!, yi: b.baseAddress! + h, into: $0.baseAddress!)
                    }
                }
            }
            out.correlation = bits(c)
            var filtered = [T](repeating: 0, count: n), filteredDouble = [Double](repeating: 0, count: n)
            zx.withUnsafeBufferPointer { z in
                gains.withUnsafeBufferPointer { g in
                    filtered.withUnsafeMutableBufferPointer {
                        f.inverseFiltered(zr: z.baseAddress!, zi: z.baseAddress! + h, reversedGains: g.baseAddress!, nyquistGain: nyquist,
                                          scale: scale, into: $0.baseAddress!)
                    }
                    filteredDouble.withUnsafeMutableBufferPointer {
                        f.inverseFiltered(zr: z.baseAddress!, zi: z.baseAddress! + h, reversedGains: g.baseAddress!, nyquistGain: nyquist,
                                          scale: scale, count: m, into: $0.baseAddress!)
                    }
                }
            }
            out.filtered = bits(filtered)
            out.filteredDouble = bits(filteredDouble)
            var re = [T](repeating: 0, count: h + 1), im = re, back = [T](repeating: 0, count: n)
            f.forward(x, count: m, re: &re, im: &im)
            f.inverse(re: re, im: im, into: &back)
            out.forward = bits(re) + bits(im)
            out.inverse = bits(back)
            return out
        }
        let a = run(portable), b = run(wide)
        let checks: [(String, [UInt8], [UInt8])] = [
            ("forwardPacked", a.packedX, b.packedX), ("forwardPacked from Double", a.packedFromDouble, b.packedFromDouble),
            ("powerSpectrum", a.power, b.power), ("inverseCorrelation", a.correlation, b.correlation),
            ("inverseFiltered", a.filtered, b.filtered), ("inverseFiltered into Double", a.filteredDouble, b.filteredDouble),
            ("forward", a.forward, b.forward), ("inverse", a.inverse, b.inverse),
        ]
        for (name, p, q) in checks {
            let firstDifference = p == q ? nil : zip(p, q).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(p.count, q.count)
            #expect(p.count == q.count && firstDifference == nil,
                    "\(name), n=\(n): sizes \(p.count)/\(q.count) bytes, first differing byte \(firstDifference ?? -1)")
        }
        // Not vacuous: the outputs carry the input (a transform of noise is not all zeros).
        #expect(a.correlation.contains { $0 != 0 } && a.filtered.contains { $0 != 0 })
    }
}
