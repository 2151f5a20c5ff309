import XCTest

@testable import SignalQuality

/// The FFTs against a direct DFT (P862.md §0 conventions: forward unscaled, inverse 1/N).
final class FFTTests: XCTestCase {
    func dft(_ x: [Double]) -> (re: [Double], im: [Double]) {
        let n = x.count
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re
        for k in 0...(n / 2) {
            for (t, v) in x.enumerated() {
                let angle = -2 * Double.pi * Double(k * t % n) / Double(n)
                re[k] += v * cos(angle)
                im[k] += v * sin(angle)
            }
        }
        return (re, im)
    }

    func testRealForwardMatchesDFTAndInverseRoundTrips() {
        var rng = SystemRandomNumberGenerator()
        for n in [4, 8, 16, 32, 64, 256, 1024] {
            let x = (0..<n).map { _ in Double.random(in: -1...1, using: &rng) }
            let fft = RealFFT(count: n)
            var re = [Double](repeating: 0, count: n / 2 + 1), im = re
            fft.forward(x, count: n, re: &re, im: &im)
            let expected = dft(x)
            for k in 0...(n / 2) {
                XCTAssertEqual(re[k], expected.re[k], accuracy: 1e-9 * Double(n), "n=\(n) k=\(k) re")
                XCTAssertEqual(im[k], expected.im[k], accuracy: 1e-9 * Double(n), "n=\(n) k=\(k) im")
            }
            var back = [Double](repeating: 0, count: n)
            fft.inverse(re: re, im: im, into: &back)
            for i in 0..<n { XCTAssertEqual(back[i], x[i], accuracy: 1e-12, "n=\(n) i=\(i)") }
        }
    }

    func testZeroPaddedForward() {
        let n = 64
        let x = (0..<40).map { sin(Double($0) * 0.3) }
        let fft = RealFFT(count: n)
        var re = [Double](repeating: 0, count: n / 2 + 1), im = re
        fft.forward(x, count: 40, re: &re, im: &im)
        let expected = dft(x + [Double](repeating: 0, count: n - 40))
        for k in 0...(n / 2) { XCTAssertEqual(re[k], expected.re[k], accuracy: 1e-9) }
    }

    /// The bit-reversed filtering path (DIF forward, gains at bit-reversed positions, DIT inverse) equals
    /// forward → multiply bins 0…N/2 → inverse in natural order.
    func testBitReversedFilteringMatchesNaturalOrder() {
        for n in [32, 64, 128, 4096, 8192] {
            let m = n - 7
            let x = (0..<m).map { Double(($0 * 7919) % 101) - 50 }
            let gains = (0...(n / 2)).map { 1 / (1 + Double($0) * 0.01) }
            let fft = RealFFT(count: n)
            var re = [Double](repeating: 0, count: n / 2 + 1), im = re
            fft.forward(x, count: m, re: &re, im: &im)
            for k in 0...(n / 2) {
                re[k] *= gains[k] * 0.5
                im[k] *= gains[k] * 0.5
            }
            var expected = [Double](repeating: 0, count: n)
            fft.inverse(re: re, im: im, into: &expected)

            let tables = FFTTables.shared(n / 2)
            let reversed = (0..<(n / 2)).map { gains[Int(tables.bitReverse[$0])] }
            var zr = [Double](repeating: 0, count: n / 2), zi = zr
            var out = [Double](repeating: 0, count: n)
            x.withUnsafeBufferPointer { xp in
                fft.forwardPacked(xp.baseAddress!, count: m, zr: &zr, zi: &zi)
            }
            fft.inverseFiltered(zr: zr, zi: zi, reversedGains: reversed, nyquistGain: gains[n / 2], scale: 0.5, into: &out)
            for i in 0..<n { XCTAssertEqual(out[i], expected[i], accuracy: 1e-9, "n=\(n) i=\(i)") }
        }
    }

    /// The single-precision instance of the same FFT (used by P.862 where the reference transforms in float):
    /// forward against a direct DFT in double, the packed correlation path against the double one.
    func testSinglePrecisionTransformMatchesDFT() {
        for n in [32, 256, 512, 1024] {
            let x = (0..<n).map { i in sin(Double(i) * 0.37) + 0.25 * cos(Double(i * i % 97)) }
            let fft = RealTransform<Float>(count: n)
            let xf = x.map { Float($0) }
            var re = [Float](repeating: 0, count: n / 2 + 1), im = re
            xf.withUnsafeBufferPointer { xp in
                re.withUnsafeMutableBufferPointer { r in
                    im.withUnsafeMutableBufferPointer { i in
                        fft.forward(xp.baseAddress!, count: n, re: r.baseAddress!, im: i.baseAddress!)
                    }
                }
            }
            let expected = dft(xf.map { Double($0) })
            for k in 0...(n / 2) {
                XCTAssertEqual(Double(re[k]), expected.re[k], accuracy: 1e-5 * Double(n), "n=\(n) k=\(k) re")
                XCTAssertEqual(Double(im[k]), expected.im[k], accuracy: 1e-5 * Double(n), "n=\(n) k=\(k) im")
            }
            // Circular cross-correlation through the packed layout, float against double.
            let y = (0..<n).map { i in x[(i + 5) % n] * 0.5 }
            func correlation<T: FFTScalar>(_ t: T.Type) -> [Double] {
                let f = RealTransform<T>(count: n)
                let a = UnsafeMutablePointer<T>.allocate(capacity: n), b = UnsafeMutablePointer<T>.allocate(capacity: n)
                let c = UnsafeMutablePointer<T>.allocate(capacity: n)
                defer { a.deallocate(); b.deallocate(); c.deallocate() }
                x.withUnsafeBufferPointer { f.forwardPacked($0.baseAddress!, count: n, zr: a, zi: a + n / 2) }
                y.withUnsafeBufferPointer { f.forwardPacked($0.baseAddress!, count: n, zr: b, zi: b + n / 2) }
                f.inverseCorrelation(xr: a, xi: a + n / 2, yr: b, yi: b + n / 2, into: c)
                return (0..<n).map { Double(c[$0]) }
            }
            let cd = correlation(Double.self), cf = correlation(Float.self)
            let scale = cd.map { abs($0) }.max()!
            for m in 0..<n { XCTAssertEqual(cf[m], cd[m], accuracy: 1e-5 * scale, "n=\(n) m=\(m)") }
            // The peak is at lag −5 (y[i] = x[i + 5]/2, so c[m] = Σ x[n]·y[n + m] peaks at m = n − 5).
            XCTAssertEqual(cf.indices.max { cf[$0] < cf[$1] }, n - 5)
        }
    }
}
