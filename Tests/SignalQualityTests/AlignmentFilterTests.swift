import XCTest

@testable import SignalQuality

/// The alignment filter's vectorised cascades (P862.md §5.1) against the plain definition: the biquads in float,
/// direct form II, one section after the other over the whole buffer. The vector versions only reorder
/// independent work, so they must agree exactly.
final class AlignmentFilterTests: XCTestCase {
    /// Section after section, sample by sample, in float with float coefficients.
    func reference(_ x: [Double], sections: [[Double]]) -> [Double] {
        var y = x.map { Float($0) }
        for s in sections {
            let b0 = Float(s[0]), b1 = Float(s[1]), b2 = Float(s[2]), a1 = Float(s[3]), a2 = Float(s[4])
            var w1: Float = 0, w2: Float = 0
            for i in 0..<y.count {
                let w0 = y[i] - a1 * w1 - a2 * w2
                y[i] = b0 * w0 + b1 * w1 + b2 * w2
                w2 = w1
                w1 = w0
            }
        }
        return y.map { Double($0) }
    }

    func signal(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int64(bitPattern: state >> 11) % 20000) / 10
            return 3000 * sin(Double(i) * 0.05) + noise
        }
    }

    func testCascadesEqualSectionAfterSection() {
        let x = signal(5000, seed: 1)
        var a = x
        AlignmentFilter.cascade(&a, sections: AlignmentFilter.sections8k, as: SIMD8<Float>.self)
        XCTAssertEqual(a, reference(x, sections: AlignmentFilter.sections8k))
        var b = x
        AlignmentFilter.cascade12(&b, sections: AlignmentFilter.sections16k)
        XCTAssertEqual(b, reference(x, sections: AlignmentFilter.sections16k))
    }

    /// Two signals of different lengths in one vector give what each gives alone.
    func testPairedCascadeEqualsSingle() {
        let x = signal(4000, seed: 2), y = signal(4700, seed: 3)
        var px = x, py = y
        AlignmentFilter.cascadePair(&px, &py, sections: AlignmentFilter.sections8k)
        XCTAssertEqual(px, reference(x, sections: AlignmentFilter.sections8k))
        XCTAssertEqual(py, reference(y, sections: AlignmentFilter.sections8k))
        var qx = y, qy = x  // the longer one first
        AlignmentFilter.cascadePair(&qx, &qy, sections: AlignmentFilter.sections8k)
        XCTAssertEqual(qx, reference(y, sections: AlignmentFilter.sections8k))
        XCTAssertEqual(qy, reference(x, sections: AlignmentFilter.sections8k))
    }
    /// The 12-section cascade of two signals in one loop gives what each gives alone, with every kernel build
    /// (portable, AVX2, AVX-512; each lowered to what the processor has).
    func testPairedCascade12EqualsSingle() {
        let x = signal(4000, seed: 4), y = signal(4700, seed: 5)
        let rx = reference(x, sections: AlignmentFilter.sections16k), ry = reference(y, sections: AlignmentFilter.sections16k)
        for kernels in [FFTKernels.portable, .avx2, .avx512] {
            var px = x, py = y
            AlignmentFilter.cascadePair12(&px, &py, sections: AlignmentFilter.sections16k, kernels: kernels)
            XCTAssertEqual(px, rx, "\(kernels)")
            XCTAssertEqual(py, ry, "\(kernels)")
            var qx = y, qy = x  // the longer one first
            AlignmentFilter.cascadePair12(&qx, &qy, sections: AlignmentFilter.sections16k, kernels: kernels)
            XCTAssertEqual(qx, ry, "\(kernels)")
            XCTAssertEqual(qy, rx, "\(kernels)")
        }
    }

    /// The 8-section pair with every kernel build (AVX-512 processors run the AVX2 build).
    func testPairedCascade8EveryKernelBuild() {
        let x = signal(3000, seed: 6), y = signal(2500, seed: 7)
        let rx = reference(x, sections: AlignmentFilter.sections8k), ry = reference(y, sections: AlignmentFilter.sections8k)
        for kernels in [FFTKernels.portable, .avx2, .avx512] {
            var px = x, py = y
            AlignmentFilter.cascadePair(&px, &py, sections: AlignmentFilter.sections8k, kernels: kernels)
            XCTAssertEqual(px, rx, "\(kernels)")
            XCTAssertEqual(py, ry, "\(kernels)")
        }
    }
}
