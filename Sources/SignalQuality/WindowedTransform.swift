/// The packed forward transform of a windowed frame (`RealTransform.forwardPacked`'s output, bit for bit) with the
/// windowing fused into the packing: the fine aligner (P862.md §5.5) and the auditory transform (§7.3) window every
/// frame into a float buffer that `forwardPacked` then reads again to split it into even and odd samples. Here the
/// windowed samples go straight to the even (`zr`) and odd (`zi`) halves, and the same complex transform
/// (`TransformTables.forwardBitReversed`, with the plan's kernels) runs on them: one pass over the frame less.
///
/// Each value is `Float(x[i]·w[i])` with the product in double, as before; the conversion rounds to nearest
/// lane by lane, as the scalar conversion does.
final class WindowedTransform {
    let count: Int
    private let tables: TransformTables<Float>
    private let kernels: FFTKernels
    /// The window, in double.
    private let window: UnsafeMutablePointer<Double>

    /// A transform of length `plan.count` (a multiple of 8) with the window `window` (as many values).
    init(plan: RealTransform<Float>, window w: [Double]) {
        count = plan.count
        precondition(count % 8 == 0 && w.count == count)
        tables = TransformTables<Float>.shared(count / 2)
        kernels = plan.kernels
        window = .allocate(capacity: count)
        window.initialize(from: w, count: count)
    }

    deinit { window.deallocate() }

    /// The packed spectrum of x[0..<count]·w into `zr`/`zi` (count/2 values each), double samples.
    func forward(_ x: UnsafePointer<Double>, zr: UnsafeMutablePointer<Float>, zi: UnsafeMutablePointer<Float>) {
        let raw = UnsafeRawPointer(x), w = UnsafeRawPointer(window)
        var n = 0
        while n < count {
            let v = raw.loadUnaligned(fromByteOffset: 8 * n, as: SIMD8<Double>.self)
                * w.loadUnaligned(fromByteOffset: 8 * n, as: SIMD8<Double>.self)
            store(v, zr: zr, zi: zi, at: n / 2)
            n += 8
        }
        tables.forwardBitReversed(zr, zi, kernels: kernels)
    }

    /// The same for float samples (each widened to double before the product, as `Double(x)·w`).
    func forward(_ x: UnsafePointer<Float>, zr: UnsafeMutablePointer<Float>, zi: UnsafeMutablePointer<Float>) {
        let raw = UnsafeRawPointer(x), w = UnsafeRawPointer(window)
        var n = 0
        while n < count {
            let v = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: 4 * n, as: SIMD8<Float>.self))
                * w.loadUnaligned(fromByteOffset: 8 * n, as: SIMD8<Double>.self)
            store(v, zr: zr, zi: zi, at: n / 2)
            n += 8
        }
        tables.forwardBitReversed(zr, zi, kernels: kernels)
    }

    /// Rounds eight products to float and stores the even ones at zr[k…k+3], the odd ones at zi[k…k+3].
    @inline(__always)
    private func store(_ v: SIMD8<Double>, zr: UnsafeMutablePointer<Float>, zi: UnsafeMutablePointer<Float>, at k: Int) {
        let f = SIMD8<Float>(v)
        UnsafeMutableRawPointer(zr + k).storeBytes(of: f.evenHalf, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(zi + k).storeBytes(of: f.oddHalf, as: SIMD4<Float>.self)
    }
}
