import CCPUFeatures
import FFTKernelsAVX2
import Foundation

/// Which implementation of the FFT kernels a `RealTransform` runs: the portable one in `FFT.swift` (SIMD4, which
/// Swift compiles to SSE on the baseline x86-64 target) or the AVX2 one in the `FFTKernelsAVX2` module (8 float or
/// 4 double lanes per instruction). Both give the same bits (docs/p862.md, "FFT choice"); only the speed differs.
enum FFTKernels: Sendable {
    case portable
    case avx2

    /// Whether this processor and its OS support AVX2 (CPUID and XCR0, checked in C by `moslab_cpu_has_avx2`,
    /// which is compiled for the baseline and so safe to run anywhere). Nothing of `FFTKernelsAVX2` runs unless
    /// this is true.
    static let avx2Available: Bool = moslab_cpu_has_avx2() != 0

    /// The kernels chosen once per process: AVX2 where available, unless the environment variable
    /// `MOSLAB_FFT_KERNELS=portable` asks for the portable ones (to compare speeds on one machine).
    static let processDefault: FFTKernels = {
        if ProcessInfo.processInfo.environment["MOSLAB_FFT_KERNELS"] == "portable" { return .portable }
        return avx2Available ? .avx2 : .portable
    }()

    /// `self`, or `.portable` where AVX2 is not available (a request for AVX2 never runs AVX2 code on a processor
    /// without it).
    var usable: FFTKernels { self == .avx2 && Self.avx2Available ? .avx2 : .portable }
}

/// The same memory seen as Float or Double, for handing a generic `T` buffer to the concrete AVX2 entry points
/// after a `T.self == Float.self` (or Double) check.
@inline(__always)
func rebound<T, U>(_ p: UnsafeMutablePointer<T>, _: U.Type) -> UnsafeMutablePointer<U> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: U.self)
}

@inline(__always) @_disfavoredOverload
func rebound<T, U>(_ p: UnsafePointer<T>, _: U.Type) -> UnsafePointer<U> {
    UnsafeRawPointer(p).assumingMemoryBound(to: U.self)
}
