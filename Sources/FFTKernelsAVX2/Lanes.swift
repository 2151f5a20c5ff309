/// The vector types the wide kernels run on: `SIMD8<Float>` and `SIMD4<Double>` fill one 256-bit AVX register,
/// `SIMD16<Float>` one 512-bit AVX-512 register (this file is also compiled into `FFTKernelsAVX512`, through a
/// symbolic link), `SIMD4<Float>` takes the stages whose runs are only four values long.
///
/// Every kernel of this module applies, lane by lane, exactly the operations of the portable kernels in
/// `SignalQuality/FFT.swift` in the same order, so results are bit for bit the same; only the number of lanes per
/// instruction differs. (This module is compiled with `-mavx2` and without FMA, so LLVM has no fused
/// multiply-add to contract into: docs/p862.md, "FFT choice".)
protocol Lanes: SIMD where Scalar: BinaryFloatingPoint {}
extension SIMD4: Lanes where Scalar: BinaryFloatingPoint {}
extension SIMD8: Lanes where Scalar: BinaryFloatingPoint {}
extension SIMD16: Lanes where Scalar: BinaryFloatingPoint {}

@inline(__always)
func load<V: Lanes>(_ p: UnsafePointer<V.Scalar>, _: V.Type = V.self) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inline(__always)
func load<V: Lanes>(_ p: UnsafeMutablePointer<V.Scalar>, _: V.Type = V.self) -> V {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inline(__always)
func store<V: Lanes>(_ v: V, _ p: UnsafeMutablePointer<V.Scalar>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

/// The lanes in reverse order.
@inline(__always)
func reversed<V: Lanes>(_ v: V) -> V {
    var r = V()
    for i in 0..<V.scalarCount { r[i] = v[V.scalarCount - 1 - i] }
    return r
}

/// The values at q0 − (W − 1) … q0, lane i holding index q0 − i.
@inline(__always)
func loadReversed<V: Lanes>(_ base: UnsafePointer<V.Scalar>, _ q0: Int, _: V.Type = V.self) -> V {
    reversed(load(base + (q0 - (V.scalarCount - 1)), V.self))
}

/// Stores lane i at index q0 − i.
@inline(__always)
func storeReversed<V: Lanes>(_ v: V, _ base: UnsafeMutablePointer<V.Scalar>, _ q0: Int) {
    store(reversed(v), base + (q0 - (V.scalarCount - 1)))
}

/// In every group of four lanes 4g…4g+3: lane 4g + j takes lane 4g + i_j of `a` (i_j < 4) or lane 4g + i_j − 4
/// of `b` (i_j ≥ 4). Used by the first and last FFT stages, whose butterflies live inside such groups.
@inline(__always)
func pick<V: Lanes>(_ a: V, _ b: V, _ i0: Int, _ i1: Int, _ i2: Int, _ i3: Int) -> V {
    var r = V()
    var g = 0
    while g < V.scalarCount {
        r[g] = i0 < 4 ? a[g + i0] : b[g + i0 - 4]
        r[g + 1] = i1 < 4 ? a[g + i1] : b[g + i1 - 4]
        r[g + 2] = i2 < 4 ? a[g + i2] : b[g + i2 - 4]
        r[g + 3] = i3 < 4 ? a[g + i3] : b[g + i3 - 4]
        g += 4
    }
    return r
}

/// The four signs (each ±1) repeated in every group of four lanes. Multiplying by −1 is an exact negation, and
/// x + (−y) is x − y bit for bit (IEEE 754 defines subtraction so), which lets one vector addition do a group's
/// sums and differences at once.
@inline(__always)
func signs<V: Lanes>(_ s0: V.Scalar, _ s1: V.Scalar, _ s2: V.Scalar, _ s3: V.Scalar, _: V.Type = V.self) -> V {
    var r = V()
    var g = 0
    while g < V.scalarCount {
        r[g] = s0
        r[g + 1] = s1
        r[g + 2] = s2
        r[g + 3] = s3
        g += 4
    }
    return r
}

