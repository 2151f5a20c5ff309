#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A radix-2 FFT in double precision, chosen by measurement over KissFFT/FFTW (see docs/p862.md, "FFT").
///
/// Conventions (P862.md §0): forward `X[k] = Σ x[n]·e^(−j2πkn/N)`, unscaled; inverse scaled by 1/N.
/// `RealFFT` computes a length-N real transform with one complex FFT of length N/2 (the usual
/// even/odd packing), which halves the work of every transform in P.862 (all inputs are real).
struct ComplexFFT {
    let count: Int
    private let log2n: Int
    /// cos/sin of 2πk/N for k < N/2.
    private let cosTable: [Double]
    private let sinTable: [Double]
    private let bitReverse: [Int32]

    init(count: Int) {
        precondition(count >= 1 && count & (count - 1) == 0, "FFT length must be a power of two")
        self.count = count
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        log2n = bits
        let half = max(count / 2, 1)
        var c = [Double](repeating: 1, count: half)
        var s = [Double](repeating: 0, count: half)
        for k in 0..<half {
            let angle = 2 * Double.pi * Double(k) / Double(count)
            c[k] = cos(angle)
            s[k] = sin(angle)
        }
        cosTable = c
        sinTable = s
        var rev = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            var r = 0
            var v = i
            for _ in 0..<bits {
                r = (r << 1) | (v & 1)
                v >>= 1
            }
            rev[i] = Int32(r)
        }
        bitReverse = rev
    }

    /// In-place transform of split real/imaginary arrays; `inverse` uses e^(+j…) and does **not** scale.
    func transform(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, inverse: Bool) {
        let n = count
        if n == 1 { return }
        bitReverse.withUnsafeBufferPointer { rev in
            for i in 0..<n {
                let j = Int(rev[i])
                if j > i {
                    let tr = re[i]; re[i] = re[j]; re[j] = tr
                    let ti = im[i]; im[i] = im[j]; im[j] = ti
                }
            }
        }
        let sign: Double = inverse ? 1 : -1
        // Size-2 butterflies.
        var i = 0
        while i < n {
            let ar = re[i], ai = im[i], br = re[i + 1], bi = im[i + 1]
            re[i] = ar + br; im[i] = ai + bi
            re[i + 1] = ar - br; im[i + 1] = ai - bi
            i += 2
        }
        cosTable.withUnsafeBufferPointer { ct in
            sinTable.withUnsafeBufferPointer { st in
                var half = 2
                while half < n {
                    let size = half * 2
                    let stride = n / size
                    var start = 0
                    while start < n {
                        var k = 0
                        var t = 0
                        while k < half {
                            let wr = ct[t], wi = sign * st[t]
                            let p = start + k, q = p + half
                            let xr = re[q] * wr - im[q] * wi
                            let xi = re[q] * wi + im[q] * wr
                            let ur = re[p], ui = im[p]
                            re[p] = ur + xr; im[p] = ui + xi
                            re[q] = ur - xr; im[q] = ui - xi
                            k += 1
                            t += stride
                        }
                        start += size
                    }
                    half = size
                }
            }
        }
    }
}

/// Real-input FFT of length N (a power of two ≥ 4) through one complex FFT of length N/2.
final class RealFFT {
    let count: Int
    private let inner: ComplexFFT
    private let cosTable: [Double]  // cos(2πk/N), k ≤ N/2
    private let sinTable: [Double]
    private var zr: [Double]
    private var zi: [Double]

    init(count: Int) {
        precondition(count >= 4 && count & (count - 1) == 0, "real FFT length must be a power of two ≥ 4")
        self.count = count
        inner = ComplexFFT(count: count / 2)
        var c = [Double](repeating: 0, count: count / 2 + 1)
        var s = [Double](repeating: 0, count: count / 2 + 1)
        for k in 0...(count / 2) {
            let angle = 2 * Double.pi * Double(k) / Double(count)
            c[k] = cos(angle)
            s[k] = sin(angle)
        }
        cosTable = c
        sinTable = s
        zr = [Double](repeating: 0, count: count / 2)
        zi = [Double](repeating: 0, count: count / 2)
    }

    /// Spectrum bins 0…N/2 of the real sequence `x` (`x.count ≤ N`, zero-padded), into `re`/`im`
    /// (each of length N/2 + 1).
    func forward(_ x: UnsafePointer<Double>, count m: Int, re: UnsafeMutablePointer<Double>, im: UnsafeMutablePointer<Double>) {
        let h = count / 2
        zr.withUnsafeMutableBufferPointer { zrp in
            zi.withUnsafeMutableBufferPointer { zip in
                let zr = zrp.baseAddress!, zi = zip.baseAddress!
                for n in 0..<h {
                    let a = 2 * n, b = a + 1
                    zr[n] = a < m ? x[a] : 0
                    zi[n] = b < m ? x[b] : 0
                }
                inner.transform(zr, zi, inverse: false)
                re[0] = zr[0] + zi[0]; im[0] = 0
                re[h] = zr[0] - zi[0]; im[h] = 0
                cosTable.withUnsafeBufferPointer { ct in
                    sinTable.withUnsafeBufferPointer { st in
                        for k in 1..<h {
                            let ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k]  // conj(Z[h-k])
                            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)  // even part
                            // odd part = (Z[k] − conj(Z[h−k])) / (2j)
                            let dr = ar - br, di = ai - bi
                            let or = 0.5 * di, oi = -0.5 * dr
                            // twiddle e^(−j2πk/N)
                            let wr = ct[k], wi = -st[k]
                            re[k] = er + or * wr - oi * wi
                            im[k] = ei + or * wi + oi * wr
                        }
                    }
                }
            }
        }
    }

    /// Inverse of `forward` (scaled by 1/N): bins 0…N/2 in, N real samples out.
    func inverse(re: UnsafePointer<Double>, im: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>) {
        let h = count / 2
        zr.withUnsafeMutableBufferPointer { zrp in
            zi.withUnsafeMutableBufferPointer { zip in
                let zr = zrp.baseAddress!, zi = zip.baseAddress!
                cosTable.withUnsafeBufferPointer { ct in
                    sinTable.withUnsafeBufferPointer { st in
                        for k in 0..<h {
                            let ar = re[k], ai = im[k], br = re[h - k], bi = -im[h - k]  // conj(X[h−k])
                            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
                            let dr = 0.5 * (ar - br), di = 0.5 * (ai - bi)
                            // odd = d · e^(+j2πk/N)
                            let wr = ct[k], wi = st[k]
                            let or = dr * wr - di * wi, oi = dr * wi + di * wr
                            // Z = even + j·odd
                            zr[k] = er - oi
                            zi[k] = ei + or
                        }
                    }
                }
                inner.transform(zr, zi, inverse: true)
                let scale = 1 / Double(h)
                for n in 0..<h {
                    x[2 * n] = zr[n] * scale
                    x[2 * n + 1] = zi[n] * scale
                }
            }
        }
    }
}

/// FFT plans by length, owned by one scoring call (not shared across threads).
final class FFTPlans {
    private var plans: [Int: RealFFT] = [:]

    func real(_ n: Int) -> RealFFT {
        if let p = plans[n] { return p }
        let p = RealFFT(count: n)
        plans[n] = p
        return p
    }
}

/// Smallest power of two ≥ n (n ≥ 1).
@inline(__always)
func nextPowerOfTwo(_ n: Int) -> Int {
    var m = 1
    while m < n { m <<= 1 }
    return m
}
