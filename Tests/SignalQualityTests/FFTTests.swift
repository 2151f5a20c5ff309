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
}
