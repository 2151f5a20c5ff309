import LabCore
import Testing

@testable import SignalQuality

/// The large FFT-domain filters' fused passes (`Sources/FFTKernelsAVX2/WideFilterPasses.swift`): `forwardPacked`
/// into split storage whose halves lie in different cache sets (the level and IRS filters' `SplitStorage`) runs
/// the deinterleaving inside the first DIF pass, and `inverseFiltered` the interleaving inside the last DIT pass.
/// Both must give the portable kernels' bits, for every output count (odd counts, counts that end inside a tile,
/// zero padding beyond half the transform), at lengths whose last pass is radix-2² (8192, 131072 real points) and
/// radix-2 (16384; the 2¹⁸-point wideband filter is the same code at 2¹⁷ complex points). `FFTDispatchTests` covers the unfused paths (its halves are adjacent).
@Suite struct FusedFilterPassTests {
    @Test(.enabled(if: FFTKernels.avx2Available, "this processor has no AVX2: only the portable kernels run"),
          arguments: [8192, 16384, 131_072])
    func fusedPassesEqualPortableBitForBit(length n: Int) {
        for kernels in [FFTKernels.avx2, .avx512] where kernels.usable == kernels {
            compare(Float.self, kernels, length: n)
            compare(Double.self, kernels, length: n)
        }
    }

    func compare<T: FFTScalar>(_: T.Type, _ kernels: FFTKernels, length n: Int) {
        var rng = SeededRandom(seed: UInt64(n) &* 977 &+ (T.self == Float.self ? 1 : 2))
        func value(_ amplitude: Double) -> Double { (rng.nextUnit() * 2 - 1) * amplitude }
        let h = n / 2
        let x = (0..<n).map { _ in value(3e4) }
        let gains = (0..<h).map { _ in T(value(1) + 1) }
        let nyquist = T(value(1) + 1), scale = T(value(2))
        let portable = RealTransform<T>(count: n, kernels: .portable), wide = RealTransform<T>(count: n, kernels: kernels)
        #expect(h >= RealTransform<T>.fusedPassLength)
        func bits<U>(_ p: UnsafeMutablePointer<U>, _ count: Int) -> [UInt8] {
            Array(UnsafeRawBufferPointer(start: p, count: count * MemoryLayout<U>.stride))
        }
        // Input lengths: odd with a short zero tail, a third (most of the first pass's partners zero), tiny.
        for m in [n - 3, n / 3 + 1, 100] {
            let za = SplitStorage<T>(count: h), zb = SplitStorage<T>(count: h)
            #expect(SplitLayout.separated(zb.re, zb.im))
            x.withUnsafeBufferPointer {
                portable.forwardPacked($0.baseAddress!, count: m, zr: za.re, zi: za.im)
                wide.forwardPacked($0.baseAddress!, count: m, zr: zb.re, zi: zb.im)
            }
            #expect(bits(za.re, h) == bits(zb.re, h) && bits(za.im, h) == bits(zb.im, h), "forwardPacked \(T.self) n=\(n) m=\(m)")
            // Output counts: full, odd (the tail sample), a third, fewer than one tile.
            for count in m == n - 3 ? [n, n - 3, n / 3 + 1, 5] : [n - 3] {
                func filtered<O: BinaryFloatingPoint>(_ f: RealTransform<T>, _: O.Type) -> [UInt8] {
                    var out = [O](repeating: 0, count: count)
                    gains.withUnsafeBufferPointer { g in
                        out.withUnsafeMutableBufferPointer {
                            f.inverseFiltered(zr: za.re, zi: za.im, reversedGains: g.baseAddress!, nyquistGain: nyquist,
                                              scale: scale, count: count, into: $0.baseAddress!)
                        }
                    }
                    return out.withUnsafeBytes { Array($0) }
                }
                let a = filtered(portable, Double.self), b = filtered(wide, Double.self)
                #expect(a == b && a.contains { $0 != 0 }, "inverseFiltered into Double \(T.self) n=\(n) m=\(m) count=\(count)")
                #expect(filtered(portable, T.self) == filtered(wide, T.self), "inverseFiltered into \(T.self) n=\(n) m=\(m) count=\(count)")
            }
        }
    }
}
