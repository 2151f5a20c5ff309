import CCPUFeatures
import CFFTStages
import FFTKernelsAVX2
import FFTKernelsAVX512
import Foundation

/// Which implementation of the FFT kernels a `RealTransform` runs: the portable one in `FFT.swift` (SIMD4, which
/// Swift compiles to SSE on the baseline x86-64 target), the AVX2 one in the `FFTKernelsAVX2` module (8 float or
/// 4 double lanes per instruction), or that one with the Float butterflies on 16 lanes (`FFTKernelsAVX512`). All
/// give the same bits (docs/p862.md, "FFT choice"); only the speed differs.
enum FFTKernels: Sendable, Comparable {
    case portable
    case avx2
    case avx512

    /// Whether this processor and its OS support AVX2 (CPUID and XCR0, checked in C by `moslab_cpu_has_avx2`,
    /// which is compiled for the baseline and so safe to run anywhere). Nothing of `FFTKernelsAVX2` runs unless
    /// this is true.
    static let avx2Available: Bool = moslab_cpu_has_avx2() != 0

    /// Whether the processor and OS also support AVX-512F (`moslab_cpu_has_avx512f`).
    static let avx512Available: Bool = avx2Available && moslab_cpu_has_avx512f() != 0

    /// The best kernels this processor runs.
    static let best: FFTKernels = avx512Available ? .avx512 : avx2Available ? .avx2 : .portable

    /// The kernels chosen once per process: the best available, unless the environment variable
    /// `MOSLAB_FFT_KERNELS` (`portable`, `avx2`) asks for less (to compare speeds on one machine).
    /// `MOSLAB_FFT_SMALL_STAGES` (`swift`, `zmm`) picks another version of the Float wide kernels' four smallest
    /// stages (`FFTSmallStages`), to compare them.
    static let processDefault: FFTKernels = {
        switch ProcessInfo.processInfo.environment["MOSLAB_FFT_SMALL_STAGES"] {
        case "swift": FFTSmallStages.version = .swift
        case "zmm": FFTSmallStages.version = .cZMM
        default: break
        }
        switch ProcessInfo.processInfo.environment["MOSLAB_FFT_KERNELS"] {
        case "portable": return .portable
        case "avx2": return min(.avx2, best)
        default: return best
        }
    }()

    /// `self`, or the best available below it: a request never runs code the processor does not have.
    var usable: FFTKernels { min(self, Self.best) }
}

/// Which version of the four smallest FFT stages (half-size 8, 4, 2, 1) the Float AVX2/AVX-512 kernels run: in C
/// with intrinsics (`Sources/CFFTStages`) on ymm registers (the default, in both sets), the same C on zmm registers
/// in the AVX-512 set, or their Swift versions (`FFTKernelsAVX2/WideButterflies.swift`). All give the same bits
/// (docs/p862.md, "FFT choice"); the switch is process-wide and exists to measure one against another
/// (moslab-bench `fft`, `MOSLAB_FFT_SMALL_STAGES=swift|zmm`, FFTDispatchTests).
public enum FFTSmallStages {
    public enum Version: Int32, Sendable, CaseIterable {
        case swift = 0, c = 1, cZMM = 2
    }

    public static var version: Version {
        get { Version(rawValue: moslab_fft_stages_mode()) ?? .c }
        set { moslab_fft_stages_set_mode(newValue.rawValue) }
    }
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
