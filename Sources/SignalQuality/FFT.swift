import FFTKernelsAVX2
import FFTKernelsAVX512
import Foundation

/// Radix-2² FFTs in float and double precision, chosen by measurement (docs/p862.md, "FFT choice": against FFTW
/// 3.3.10 and the first version of this file).
///
/// The kernels below are the portable ones (SIMD4: SSE on the baseline x86-64). Where CPUID reports AVX2 (and
/// AVX-512F), `RealTransform` hands the same passes to `FFTKernelsAVX2` (and `FFTKernelsAVX512`), which do the same
/// operations in the same order on wider vectors: same bits, chosen once per process (`FFTKernels`).
///
/// Conventions (P862.md §0): forward `X[k] = Σ x[n]·e^(−j2πkn/N)`, unscaled; inverse scaled by 1/N.
/// All P.862 transforms are of real signals, so `RealFFT` computes a length-N real transform with one complex FFT
/// of length N/2 (the even/odd packing). Tables are immutable and shared between threads (`FFTTables.shared`);
/// scratch memory belongs to one `RealFFT`, which belongs to one scoring call.
/// The sample type of a transform: `Double`, or `Float` where the reference itself transforms in float (P862.md §9
/// item 6) and half the memory traffic is worth it. One implementation, specialised for both.
protocol FFTScalar: BinaryFloatingPoint, SIMDScalar, Codable {}
extension Double: FFTScalar {}
extension Float: FFTScalar {}

/// Double-precision instances under their historical names.
typealias FFTTables = TransformTables<Double>
typealias RealFFT = RealTransform<Double>

private struct FFTTablesKey: Hashable {
    var scalar: ObjectIdentifier
    var count: Int
}
private let fftTablesLock = NSLock()
nonisolated(unsafe) private var fftTablesCache: [FFTTablesKey: AnyObject] = [:]

final class TransformTables<T: FFTScalar>: @unchecked Sendable {
    /// Complex length (N/2 of the real length).
    let count: Int
    let bitReverse: UnsafeMutablePointer<Int32>
    /// Per-stage twiddles, stage after stage: for butterfly half-size h = 4, 8, …, count/2 the h values
    /// e^(−j2πk/(2h)), k < h, at offset h − 4 (stages h = 1 and h = 2 need none).
    let stageCos: UnsafeMutablePointer<T>
    let stageSin: UnsafeMutablePointer<T>
    /// Real-FFT post-processing twiddles at bit-reversed positions: entry p holds cos/sin(2π·rev(p)/(2·count)),
    /// p < count (the natural-order table is not kept: the packed paths need only this one, and the big FFT-domain
    /// filters would pay 2 MB more for it).
    let reversedCos: UnsafeMutablePointer<T>
    let reversedSin: UnsafeMutablePointer<T>

    private init(count n: Int) {
        count = n
        bitReverse = .allocate(capacity: n)
        var bits = 0
        while (1 << bits) < n { bits += 1 }
        for i in 0..<n {
            var r = 0, v = i
            for _ in 0..<bits {
                r = (r << 1) | (v & 1)
                v >>= 1
            }
            bitReverse[i] = Int32(r)
        }
        // One 64-byte aligned block: the cosines from element 4 on, so that stage h ≥ 8 (float: 16) starts on a
        // line, the sines 1 kB (mod 4 kB) after them in the cache's set index (`SplitLayout`).
        let stageCount = max(n - 4, 1), size = MemoryLayout<T>.stride
        let sinOffset = SplitLayout.offset(after: 4 + stageCount, stride: size, setOffset: 1024)
        let stageBlock = UnsafeMutableRawPointer.allocate(byteCount: (sinOffset + stageCount) * size, alignment: 64)
            .bindMemory(to: T.self, capacity: sinOffset + stageCount)
        stageCos = stageBlock + 4
        stageSin = stageBlock + sinOffset
        var h = 4
        while h < n {
            for k in 0..<h {
                let angle = Double.pi * Double(k) / Double(h)
                stageCos[h - 4 + k] = T(cos(angle))
                stageSin[h - 4 + k] = T(sin(angle))
            }
            h *= 2
        }
        let reversedSinOffset = SplitLayout.offset(after: n, stride: size, setOffset: 1024)
        let reversedBlock = UnsafeMutableRawPointer.allocate(byteCount: (reversedSinOffset + n) * size, alignment: 64)
            .bindMemory(to: T.self, capacity: reversedSinOffset + n)
        reversedCos = reversedBlock
        reversedSin = reversedBlock + reversedSinOffset
        for p in 0..<n {
            let angle = Double.pi * Double(bitReverse[p]) / Double(n)
            reversedCos[p] = T(cos(angle))
            reversedSin[p] = T(sin(angle))
        }
    }

    
    /// Tables for complex length `n`, built once per process.
    static func shared(_ n: Int) -> TransformTables<T> {
        fftTablesLock.lock()
        defer { fftTablesLock.unlock() }
        let key = FFTTablesKey(scalar: ObjectIdentifier(T.self), count: n)
        if let t = fftTablesCache[key] as? TransformTables<T> { return t }
        let t = TransformTables<T>(count: n)
        fftTablesCache[key] = t
        return t
    }

    /// In-place complex FFT of split arrays of length `count`; `inverse` uses e^(+j…) and does not scale.
    /// `permuted`: the input is already stored in bit-reversed order (callers that fill the arrays anyway scatter
    /// into `bitReverse` positions, which saves the swap pass). `kernels` other than `.portable` (already lowered
    /// to what the processor has, `FFTKernels.usable`) run the same passes in `FFTKernelsAVX2` (Float with
    /// `.avx512`: `FFTKernelsAVX512`); only the bit-reversed input path has wide kernels.
    func transform(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, inverse: Bool,
                   permuted: Bool = false, kernels: FFTKernels = .portable) {
        let n = count
        if n == 1 { return }
        if permuted && kernels >= .avx2 && n >= 16 {
            if T.self == Float.self && kernels == .avx512 {
                AVX512FFT.transformPermuted(rebound(re, Float.self), rebound(im, Float.self), count: n,
                                            stageCos: rebound(stageCos, Float.self), stageSin: rebound(stageSin, Float.self),
                                            inverse: inverse)
                return
            }
            if T.self == Float.self {
                AVX2FFT.transformPermuted(rebound(re, Float.self), rebound(im, Float.self), count: n,
                                          stageCos: rebound(stageCos, Float.self), stageSin: rebound(stageSin, Float.self),
                                          inverse: inverse)
                return
            }
            if T.self == Double.self && kernels == .avx512 {
                AVX512FFT.transformPermuted(rebound(re, Double.self), rebound(im, Double.self), count: n,
                                            stageCos: rebound(stageCos, Double.self), stageSin: rebound(stageSin, Double.self),
                                            inverse: inverse)
                return
            }
            if T.self == Double.self {
                AVX2FFT.transformPermuted(rebound(re, Double.self), rebound(im, Double.self), count: n,
                                          stageCos: rebound(stageCos, Double.self), stageSin: rebound(stageSin, Double.self),
                                          inverse: inverse)
                return
            }
        }
        for i in 0..<n where !permuted {
            let j = Int(bitReverse[i])
            if j > i {
                let tr = re[i]; re[i] = re[j]; re[j] = tr
                let ti = im[i]; im[i] = im[j]; im[j] = ti
            }
        }
        if n == 2 {
            let ar = re[0], ai = im[0], br = re[1], bi = im[1]
            re[0] = ar + br; im[0] = ai + bi
            re[1] = ar - br; im[1] = ai - bi
            return
        }
        // Stages h = 1 and h = 2 together: radix-4 butterflies with twiddles 1 and ∓j.
        var i = 0
        while i < n {
            let a0r = re[i] + re[i + 1], a0i = im[i] + im[i + 1]
            let a1r = re[i] - re[i + 1], a1i = im[i] - im[i + 1]
            let a2r = re[i + 2] + re[i + 3], a2i = im[i + 2] + im[i + 3]
            let a3r = re[i + 2] - re[i + 3], a3i = im[i + 2] - im[i + 3]
            // t = a3·(∓j): forward −j·(x + jy) = y − jx; inverse +j·(x + jy) = −y + jx.
            let tr = inverse ? -a3i : a3i
            let ti = inverse ? a3r : -a3r
            re[i] = a0r + a2r; im[i] = a0i + a2i
            re[i + 2] = a0r - a2r; im[i + 2] = a0i - a2i
            re[i + 1] = a1r + tr; im[i + 1] = a1i + ti
            re[i + 3] = a1r - tr; im[i + 3] = a1i - ti
            i += 4
        }
        // Remaining stages two at a time (radix-2², SIMD over four butterflies), then a last radix-2 stage if
        // their number is odd.
        var h = 4
        while 2 * h < n {
            radix4Pass(re, im, h: h, inverse: inverse)
            h *= 4
        }
        if h < n { radix2Pass(re, im, h: h, inverse: inverse) }
    }

    /// Decimation-in-frequency forward FFT: natural-order input, **bit-reversed** output (no permutation pass;
    /// the bit-reversal swaps cost three times the butterflies at 64 Ki points, where the arrays leave L2).
    /// Pair with `transform(_:_:inverse: true, permuted: true)`, which takes bit-reversed input.
    func forwardBitReversed(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, kernels: FFTKernels = .portable) {
        let n = count
        precondition(n >= 16)
        if kernels >= .avx2 {
            if T.self == Float.self && kernels == .avx512 {
                AVX512FFT.forwardBitReversed(rebound(re, Float.self), rebound(im, Float.self), count: n,
                                             stageCos: rebound(stageCos, Float.self), stageSin: rebound(stageSin, Float.self))
                return
            }
            if T.self == Float.self {
                AVX2FFT.forwardBitReversed(rebound(re, Float.self), rebound(im, Float.self), count: n,
                                           stageCos: rebound(stageCos, Float.self), stageSin: rebound(stageSin, Float.self))
                return
            }
            if T.self == Double.self && kernels == .avx512 {
                AVX512FFT.forwardBitReversed(rebound(re, Double.self), rebound(im, Double.self), count: n,
                                             stageCos: rebound(stageCos, Double.self), stageSin: rebound(stageSin, Double.self))
                return
            }
            if T.self == Double.self {
                AVX2FFT.forwardBitReversed(rebound(re, Double.self), rebound(im, Double.self), count: n,
                                           stageCos: rebound(stageCos, Double.self), stageSin: rebound(stageSin, Double.self))
                return
            }
        }
        var stages = 0
        while (1 << stages) < n { stages += 1 }
        // Stages of half-size h = n/2 … 4, two at a time from the top (one radix-2 first if their number is odd).
        var h = n / 2
        if (stages - 2) % 2 == 1 {
            difRadix2Pass(re, im, h: h)
            h /= 2
        }
        while h >= 8 {
            difRadix4Pass(re, im, h: h / 2)
            h /= 4
        }
        // Stages h = 2 and h = 1: radix-4 butterflies with twiddles 1 and −j.
        var i = 0
        while i < n {
            let b0r = re[i] + re[i + 2], b0i = im[i] + im[i + 2]
            let b2r = re[i] - re[i + 2], b2i = im[i] - im[i + 2]
            let b1r = re[i + 1] + re[i + 3], b1i = im[i + 1] + im[i + 3]
            let dr = re[i + 1] - re[i + 3], di = im[i + 1] - im[i + 3]
            let b3r = di, b3i = -dr  // ·(−j)
            re[i] = b0r + b1r; im[i] = b0i + b1i
            re[i + 1] = b0r - b1r; im[i + 1] = b0i - b1i
            re[i + 2] = b2r + b3r; im[i + 2] = b2i + b3i
            re[i + 3] = b2r - b3r; im[i + 3] = b2i - b3i
            i += 4
        }
    }

    /// DIF stages of half-size 2h then h in one pass over groups of 4h points (h ≥ 4).
    private func difRadix4Pass(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int) {
        let n = count
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        let vc = stageCos + (2 * h - 4), vs = stageSin + (2 * h - 4)
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let r1 = r0 + h, i1 = i0 + h, r2 = r0 + 2 * h, i2 = i0 + 2 * h, r3 = r0 + 3 * h, i3 = i0 + 3 * h
            var k = 0
            while k < h {
                let wr = load(wc + k), wi = -load(ws + k)
                let vr = load(vc + k), vi = -load(vs + k)
                let a0r = load(r0 + k), a0i = load(i0 + k)
                let a1r = load(r1 + k), a1i = load(i1 + k)
                let a2r = load(r2 + k), a2i = load(i2 + k)
                let a3r = load(r3 + k), a3i = load(i3 + k)
                let b0r = a0r + a2r, b0i = a0i + a2i
                let c2r = a0r - a2r, c2i = a0i - a2i
                let b2r = c2r * vr - c2i * vi, b2i = c2r * vi + c2i * vr
                let b1r = a1r + a3r, b1i = a1i + a3i
                let c3r = a1r - a3r, c3i = a1i - a3i
                let e3r = c3r * vr - c3i * vi, e3i = c3r * vi + c3i * vr
                let b3r = e3i, b3i = -e3r  // ·(−j)
                let d1r = b0r - b1r, d1i = b0i - b1i
                let d3r = b2r - b3r, d3i = b2i - b3i
                store(b0r + b1r, r0 + k); store(b0i + b1i, i0 + k)
                store(d1r * wr - d1i * wi, r1 + k); store(d1r * wi + d1i * wr, i1 + k)
                store(b2r + b3r, r2 + k); store(b2i + b3i, i2 + k)
                store(d3r * wr - d3i * wi, r3 + k); store(d3r * wi + d3i * wr, i3 + k)
                k += 4
            }
            start += 4 * h
        }
    }

    /// One DIF radix-2 stage of half-size h ≥ 4.
    private func difRadix2Pass(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int) {
        let n = count
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        var start = 0
        while start < n {
            let pr = re + start, pi = im + start
            let qr = pr + h, qi = pi + h
            var k = 0
            while k < h {
                let wr = load(wc + k), wi = -load(ws + k)
                let ar = load(pr + k), ai = load(pi + k), br = load(qr + k), bi = load(qi + k)
                let dr = ar - br, di = ai - bi
                store(ar + br, pr + k); store(ai + bi, pi + k)
                store(dr * wr - di * wi, qr + k); store(dr * wi + di * wr, qi + k)
                k += 4
            }
            start += 2 * h
        }
    }

    @inline(__always)
    private func load(_ p: UnsafeMutablePointer<T>) -> SIMD4<T> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<T>.self)
    }

    @inline(__always)
    private func store(_ v: SIMD4<T>, _ p: UnsafeMutablePointer<T>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<T>.self)
    }

    /// Stages of butterfly half-size h and 2h in one pass over groups of 4h points (h ≥ 4, a multiple of 4):
    /// b = (a0 ± w·a1, a2 ± w·a3) with w = e^(∓jπk/h), then out = (b0 ± v·b2, b1 ± (∓j)·v·b3), v = e^(∓jπk/(2h)).
    private func radix4Pass(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int, inverse: Bool) {
        let n = count
        let sign: T = inverse ? 1 : -1
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        let vc = stageCos + (2 * h - 4), vs = stageSin + (2 * h - 4)
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let r1 = r0 + h, i1 = i0 + h, r2 = r0 + 2 * h, i2 = i0 + 2 * h, r3 = r0 + 3 * h, i3 = i0 + 3 * h
            var k = 0
            while k < h {
                let wr = load(wc + k), wi = sign * load(ws + k)
                let vr = load(vc + k), vi = sign * load(vs + k)
                let a0r = load(r0 + k), a0i = load(i0 + k)
                let a1r = load(r1 + k), a1i = load(i1 + k)
                let a2r = load(r2 + k), a2i = load(i2 + k)
                let a3r = load(r3 + k), a3i = load(i3 + k)
                let t1r = a1r * wr - a1i * wi, t1i = a1r * wi + a1i * wr
                let t3r = a3r * wr - a3i * wi, t3i = a3r * wi + a3i * wr
                let b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i
                let b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i
                let u2r = b2r * vr - b2i * vi, u2i = b2r * vi + b2i * vr
                var u3r = b3r * vr - b3i * vi, u3i = b3r * vi + b3i * vr
                // multiply by ∓j: forward −j·(x + jy) = y − jx; inverse +j·(x + jy) = −y + jx.
                if inverse {
                    let t = u3r
                    u3r = -u3i
                    u3i = t
                } else {
                    let t = u3r
                    u3r = u3i
                    u3i = -t
                }
                store(b0r + u2r, r0 + k); store(b0i + u2i, i0 + k)
                store(b0r - u2r, r2 + k); store(b0i - u2i, i2 + k)
                store(b1r + u3r, r1 + k); store(b1i + u3i, i1 + k)
                store(b1r - u3r, r3 + k); store(b1i - u3i, i3 + k)
                k += 4
            }
            start += 4 * h
        }
    }

    /// One radix-2 stage of butterfly half-size h ≥ 4.
    private func radix2Pass(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int, inverse: Bool) {
        let n = count
        let sign: T = inverse ? 1 : -1
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        var start = 0
        while start < n {
            let pr = re + start, pi = im + start
            let qr = pr + h, qi = pi + h
            var k = 0
            while k < h {
                let wr = load(wc + k), wi = sign * load(ws + k)
                let xr0 = load(qr + k), xi0 = load(qi + k)
                let xr = xr0 * wr - xi0 * wi
                let xi = xr0 * wi + xi0 * wr
                let ur = load(pr + k), ui = load(pi + k)
                store(ur + xr, pr + k); store(ui + xi, pi + k)
                store(ur - xr, qr + k); store(ui - xi, qi + k)
                k += 4
            }
            start += 2 * h
        }
    }
}

/// Real-input FFT of length N (a power of two ≥ 4) through one complex FFT of length N/2.
final class RealTransform<T: FFTScalar> {
    let count: Int
    /// The kernels this instance runs (`FFTKernels.processDefault` unless asked otherwise; lowered to what the
    /// processor has). Every choice gives the same bits.
    let kernels: FFTKernels
    private let tables: TransformTables<T>
    /// The half-length complex scratch (`SplitStorage`: aligned, the halves in different cache sets).
    private let scratch: SplitStorage<T>
    private var zr: UnsafeMutablePointer<T> { scratch.re }
    private var zi: UnsafeMutablePointer<T> { scratch.im }

    init(count: Int, kernels: FFTKernels = .processDefault) {
        precondition(count >= 4 && count & (count - 1) == 0, "real FFT length must be a power of two ≥ 4")
        self.count = count
        self.kernels = kernels.usable
        tables = TransformTables<T>.shared(count / 2)
        scratch = SplitStorage<T>(count: count / 2)
    }

    /// Spectrum bins 0…N/2 of the real sequence `x[0..<m]` (m ≤ N, zero-padded) into `re`/`im`
    /// (each of length N/2 + 1).
    func forward(_ x: UnsafePointer<T>, count m: Int, re: UnsafeMutablePointer<T>, im: UnsafeMutablePointer<T>) {
        let h = count / 2
        let rev = tables.bitReverse
        let full = min(m, count) / 2
        for n in 0..<full {
            let j = Int(rev[n])
            zr[j] = x[2 * n]
            zi[j] = x[2 * n + 1]
        }
        for n in full..<h {
            let a = 2 * n, b = a + 1, j = Int(rev[n])
            zr[j] = a < m ? x[a] : 0
            zi[j] = b < m ? x[b] : 0
        }
        tables.transform(zr, zi, inverse: false, permuted: true, kernels: kernels)
        re[0] = zr[0] + zi[0]; im[0] = 0
        re[h] = zr[0] - zi[0]; im[h] = 0
        let ct = tables.reversedCos, st = tables.reversedSin
        for k in 1..<h {
            let t = Int(rev[k])
            let ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k]  // conj(Z[h−k])
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)  // even part
            let dr = ar - br, di = ai - bi  // odd part = (Z[k] − conj(Z[h−k])) / (2j)
            let or = 0.5 * di, oi = -0.5 * dr
            let wr = ct[t], wi = -st[t]  // e^(−j2πk/N) (rev is an involution)
            re[k] = er + or * wr - oi * wi
            im[k] = ei + or * wi + oi * wr
        }
    }

    /// Inverse of `forward` (scaled by 1/N): bins 0…N/2 in, N real samples out.
    func inverse(re: UnsafePointer<T>, im: UnsafePointer<T>, into x: UnsafeMutablePointer<T>) {
        let h = count / 2
        let ct = tables.reversedCos, st = tables.reversedSin
        for k in 0..<h {
            let ar = re[k], ai = im[k], br = re[h - k], bi = -im[h - k]  // conj(X[h−k])
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = 0.5 * (ar - br), di = 0.5 * (ai - bi)
            let j = Int(tables.bitReverse[k])
            let wr = ct[j], wi = st[j]  // odd = d·e^(+j2πk/N)
            let or = dr * wr - di * wi, oi = dr * wi + di * wr
            zr[j] = er - oi  // Z = even + j·odd
            zi[j] = ei + or
        }
        tables.transform(zr, zi, inverse: true, permuted: true, kernels: kernels)
        let scale = 1 / T(h)
        for n in 0..<h {
            x[2 * n] = zr[n] * scale
            x[2 * n + 1] = zi[n] * scale
        }
    }

    /// Zero-phase filtering support: the packed transform of `x[0..<m]` (zero-padded to N) in bit-reversed
    /// order, into `zr`/`zi` (N/2 values each). Feed it to `inverseFiltered`.
    func forwardPacked<S: BinaryFloatingPoint>(_ x: UnsafePointer<S>, count m: Int, zr: UnsafeMutablePointer<T>,
                                               zi: UnsafeMutablePointer<T>) {
        let h = count / 2
        let full = min(m, count) / 2
        if !(kernels >= .avx2 && Self.deinterleaveAVX2(x, full, zr, zi)) {
            for n in 0..<full {
                zr[n] = T(x[2 * n])
                zi[n] = T(x[2 * n + 1])
            }
        }
        // The zero padding: an odd last sample pairs with a zero, every later pair is zero.
        var n = full
        if n < h && 2 * n < m {
            zr[n] = T(x[2 * n])
            zi[n] = 0
            n += 1
        }
        if n < h {
            (zr + n).update(repeating: 0, count: h - n)
            (zi + n).update(repeating: 0, count: h - n)
        }
        tables.forwardBitReversed(zr, zi, kernels: kernels)
    }

    /// `forwardPacked`'s packing in `FFTKernelsAVX2`, for the type pairs it has (false: not done).
    @inline(__always)
    private static func deinterleaveAVX2<S>(_ x: UnsafePointer<S>, _ pairs: Int, _ zr: UnsafeMutablePointer<T>,
                                           _ zi: UnsafeMutablePointer<T>) -> Bool {
        if T.self == Float.self, S.self == Float.self {
            AVX2FFT.deinterleave(rebound(x, Float.self), pairs: pairs, zr: rebound(zr, Float.self), zi: rebound(zi, Float.self))
        } else if T.self == Float.self, S.self == Double.self {
            AVX2FFT.deinterleave(rebound(x, Double.self), pairs: pairs, zr: rebound(zr, Float.self), zi: rebound(zi, Float.self))
        } else if T.self == Double.self, S.self == Double.self {
            AVX2FFT.deinterleave(rebound(x, Double.self), pairs: pairs, zr: rebound(zr, Double.self), zi: rebound(zi, Double.self))
        } else {
            return false
        }
        return true
    }

    /// Multiplies the real spectrum X[k] (k = 0…N/2) of a `forwardPacked` transform by `scale`·G[k] and returns
    /// the first `count` (≤ N) filtered samples in `x`. `reversedGains[p]` holds G[rev(p)] for p < N/2,
    /// `nyquistGain` is G[N/2].
    func inverseFiltered<O: BinaryFloatingPoint>(zr: UnsafePointer<T>, zi: UnsafePointer<T>, reversedGains g: UnsafePointer<T>,
                                                 nyquistGain: T, scale: T, count: Int? = nil, into x: UnsafeMutablePointer<O>) {
        let tc = tables.reversedCos, ts = tables.reversedSin
        let x0 = (zr[0] + zi[0]) * g[0] * scale, xh = (zr[0] - zi[0]) * nyquistGain * scale
        let sv = SIMD4<T>(repeating: scale)
        let h = self.count / 2, outR = self.zr, outI = self.zi
        inversePacked(dc: x0, nyquist: xh, count: count ?? self.count, into: x, wide: {
            if T.self == Float.self {
                AVX2FFT.packFiltered(zr: rebound(zr, Float.self), zi: rebound(zi, Float.self), gains: rebound(g, Float.self),
                                     scale: scale as! Float, half: h, cos: rebound(tc, Float.self), sin: rebound(ts, Float.self),
                                     outR: rebound(outR, Float.self), outI: rebound(outI, Float.self))
            } else {
                AVX2FFT.packFiltered(zr: rebound(zr, Double.self), zi: rebound(zi, Double.self), gains: rebound(g, Double.self),
                                     scale: scale as! Double, half: h, cos: rebound(tc, Double.self), sin: rebound(ts, Double.self),
                                     outR: rebound(outR, Double.self), outI: rebound(outI, Double.self))
            }
        }, { p, q in
            let s = Self.unpack(zr, zi, p, q, tc, ts)
            let gs = g[p] * scale
            return (s.0 * gs, s.1 * gs)
        }, { p, q0 in
            let (xp, xq) = Self.unpack4(zr, zi, p, q0, tc, ts)
            let gp = load4(g + p) * sv, gq = load4r(g, q0) * sv
            return ((xp.0 * gp, xp.1 * gp), (xq.0 * gq, xq.1 * gq))
        })
    }

    /// Circular cross-correlation c[m] = Σ x[n]·y[(n + m) mod N] of two real sequences from their `forwardPacked`
    /// transforms (X in `xr`/`xi`, Y in `yr`/`yi`): the inverse of conj(X)·Y, N samples into `c`, with no
    /// permutation pass on either side.
    func inverseCorrelation(xr: UnsafePointer<T>, xi: UnsafePointer<T>, yr: UnsafePointer<T>,
                            yi: UnsafePointer<T>, into c: UnsafeMutablePointer<T>) {
        let tc = tables.reversedCos, ts = tables.reversedSin
        let x0 = xr[0] + xi[0], xh = xr[0] - xi[0], y0 = yr[0] + yi[0], yh = yr[0] - yi[0]
        let h = count / 2, outR = self.zr, outI = self.zi
        inversePacked(dc: x0 * y0, nyquist: xh * yh, count: count, into: c, wide: {
            if T.self == Float.self {
                AVX2FFT.packCorrelation(xr: rebound(xr, Float.self), xi: rebound(xi, Float.self), yr: rebound(yr, Float.self),
                                        yi: rebound(yi, Float.self), half: h, cos: rebound(tc, Float.self),
                                        sin: rebound(ts, Float.self), outR: rebound(outR, Float.self),
                                        outI: rebound(outI, Float.self))
            } else {
                AVX2FFT.packCorrelation(xr: rebound(xr, Double.self), xi: rebound(xi, Double.self), yr: rebound(yr, Double.self),
                                        yi: rebound(yi, Double.self), half: h, cos: rebound(tc, Double.self),
                                        sin: rebound(ts, Double.self), outR: rebound(outR, Double.self),
                                        outI: rebound(outI, Double.self))
            }
        }, { p, q in
            let a = Self.unpack(xr, xi, p, q, tc, ts), b = Self.unpack(yr, yi, p, q, tc, ts)
            return (a.0 * b.0 + a.1 * b.1, a.0 * b.1 - a.1 * b.0)
        }, { p, q0 in
            let (ap, aq) = Self.unpack4(xr, xi, p, q0, tc, ts), (bp, bq) = Self.unpack4(yr, yi, p, q0, tc, ts)
            return ((ap.0 * bp.0 + ap.1 * bp.1, ap.0 * bp.1 - ap.1 * bp.0),
                    (aq.0 * bq.0 + aq.1 * bq.1, aq.0 * bq.1 - aq.1 * bq.0))
        })
    }

    /// |X[k]|², k = 0…N/2 − 1, in natural order, from a `forwardPacked` transform.
    func powerSpectrum(zr: UnsafePointer<T>, zi: UnsafePointer<T>, into power: UnsafeMutablePointer<T>) {
        let h = count / 2
        let tc = tables.reversedCos, ts = tables.reversedSin, rev = tables.bitReverse
        let x0 = zr[0] + zi[0]
        power[0] = x0 * x0
        let wide = kernels >= .avx2 && h >= 16
        var block = 1
        while block < h {
            if wide && block >= 8 {
                if T.self == Float.self {
                    AVX2FFT.powerSpectrum(zr: rebound(zr, Float.self), zi: rebound(zi, Float.self), half: h,
                                          cos: rebound(tc, Float.self), sin: rebound(ts, Float.self), bitReverse: rev,
                                          into: rebound(power, Float.self))
                } else {
                    AVX2FFT.powerSpectrum(zr: rebound(zr, Double.self), zi: rebound(zi, Double.self), half: h,
                                          cos: rebound(tc, Double.self), sin: rebound(ts, Double.self), bitReverse: rev,
                                          into: rebound(power, Double.self))
                }
                break
            }
            if block >= 8 {
                var p = block
                while p < block + block / 2 {
                    let q0 = 3 * block - 1 - p
                    let (xp, xq) = Self.unpack4(zr, zi, p, q0, tc, ts)
                    let pp = xp.0 * xp.0 + xp.1 * xp.1, pq = xq.0 * xq.0 + xq.1 * xq.1
                    for i in 0..<4 {
                        power[Int(rev[p + i])] = pp[i]
                        power[Int(rev[q0 - i])] = pq[i]
                    }
                    p += 4
                }
            } else {
                for p in block..<(2 * block) {
                    let s = Self.unpack(zr, zi, p, 3 * block - 1 - p, tc, ts)
                    power[Int(rev[p])] = s.0 * s.0 + s.1 * s.1
                }
            }
            block *= 2
        }
    }

    /// X[k] of the real sequence from the packed transform Z (Z[k] at position p, Z[N/2 − k] at position q).
    @inline(__always)
    static func unpack(_ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ p: Int, _ q: Int,
                       _ tc: UnsafePointer<T>, _ ts: UnsafePointer<T>) -> (T, T) {
        let ar = zr[p], ai = zi[p], br = zr[q], bi = -zi[q]
        let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
        let dr = ar - br, di = ai - bi
        let or = 0.5 * di, oi = -0.5 * dr
        let wr = tc[p], wi = -ts[p]
        return (er + or * wr - oi * wi, ei + or * wi + oi * wr)
    }

    typealias Vector = SIMD4<T>

    /// `unpack` for four positions p…p+3 and their partners q0…q0−3 at once (lane i: p + i and q0 − i), with the
    /// same operations lane by lane: returns (X at p-lanes, X at q-lanes).
    @inline(__always)
    static func unpack4(_ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ p: Int, _ q0: Int,
                        _ tc: UnsafePointer<T>, _ ts: UnsafePointer<T>) -> ((Vector, Vector), (Vector, Vector)) {
        let pr = load4(zr + p), pi = load4(zi + p), qr = load4r(zr, q0), qi = load4r(zi, q0)
        @inline(__always)
        func one(_ ar: Vector, _ ai: Vector, _ br: Vector, _ biPos: Vector, _ wr: Vector, _ ws: Vector) -> (Vector, Vector) {
            let bi = -biPos
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = ar - br, di = ai - bi
            let or = 0.5 * di, oi = -0.5 * dr
            let wi = -ws
            return (er + or * wr - oi * wi, ei + or * wi + oi * wr)
        }
        return (one(pr, pi, qr, qi, load4(tc + p), load4(ts + p)), one(qr, qi, pr, pi, load4r(tc, q0), load4r(ts, q0)))
    }

    /// Inverse real FFT from a real spectrum given bin by bin in bit-reversed storage: `spectrum(p, q)` returns X[k]
    /// for the bin at position p (its partner N/2 − k at q), `spectrum4(p, q0)` the same for lanes p + i and
    /// q0 − i; `dc`, `nyquist` are X[0] and X[N/2]. Writes the first `count` output samples.
    ///
    /// Works on bit-reversed storage throughout: the partner bin N/2 − k of bin k sits at the mirror position
    /// inside the same octave block [2^j, 2^(j+1)), so every access is sequential (blocks of 8 or more go four
    /// lanes at a time, the partner lanes loaded and stored in reverse). With AVX2 kernels, `wide` does the blocks
    /// of 8 or more instead (same operations).
    @inline(__always)
    private func inversePacked<O: BinaryFloatingPoint>(dc x0: T, nyquist xh: T, count outCount: Int, into x: UnsafeMutablePointer<O>,
                               wide: () -> Void,
                               _ spectrum: (Int, Int) -> (T, T),
                               _ spectrum4: (Int, Int) -> ((Vector, Vector), (Vector, Vector))) {
        let h = count / 2
        let tc = tables.reversedCos, ts = tables.reversedSin
        let outR = self.zr, outI = self.zi
        outR[0] = 0.5 * (x0 + xh)
        outI[0] = 0.5 * (x0 - xh)
        @inline(__always)
        func packed(_ p: Int, _ xk: (T, T), _ xq: (T, T)) {
            let ar = xk.0, ai = xk.1, br = xq.0, bi = -xq.1
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = 0.5 * (ar - br), di = 0.5 * (ai - bi)
            let wr = tc[p], wi = ts[p]
            let or = dr * wr - di * wi, oi = dr * wi + di * wr
            outR[p] = er - oi
            outI[p] = ei + or
        }
        @inline(__always)
        func packed4(_ xk: (Vector, Vector), _ xq: (Vector, Vector), _ wr: Vector, _ wi: Vector) -> (Vector, Vector) {
            let ar = xk.0, ai = xk.1, br = xq.0, bi = -xq.1
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = 0.5 * (ar - br), di = 0.5 * (ai - bi)
            let or = dr * wr - di * wi, oi = dr * wi + di * wr
            return (er - oi, ei + or)
        }
        let useWide = kernels >= .avx2 && h >= 16
        var block = 1
        while block < h {
            if useWide && block >= 8 {
                wide()
                break
            }
            if block >= 8 {
                var p = block
                while p < block + block / 2 {
                    let q0 = 3 * block - 1 - p
                    let (xp, xq) = spectrum4(p, q0)
                    let op = packed4(xp, xq, load4(tc + p), load4(ts + p))
                    let oq = packed4(xq, xp, load4r(tc, q0), load4r(ts, q0))
                    store4(op.0, outR + p); store4(op.1, outI + p)
                    store4r(oq.0, outR, q0); store4r(oq.1, outI, q0)
                    p += 4
                }
            } else {
                var p = block
                var q = 2 * block - 1
                while p <= q {
                    let xp = spectrum(p, q)
                    if p == q {
                        packed(p, xp, xp)
                    } else {
                        let xq = spectrum(q, p)
                        packed(p, xp, xq)
                        packed(q, xq, xp)
                    }
                    p += 1
                    q -= 1
                }
            }
            block *= 2
        }
        tables.transform(outR, outI, inverse: true, permuted: true, kernels: kernels)
        let inv = 1 / T(h)
        let pairs = min(outCount, count) / 2
        if !(kernels >= .avx2 && Self.interleaveAVX2(outR, outI, inv, pairs, x)) {
            for n in 0..<pairs {
                x[2 * n] = O(outR[n] * inv)
                x[2 * n + 1] = O(outI[n] * inv)
            }
        }
        if outCount & 1 == 1 && outCount < count { x[outCount - 1] = O(outR[outCount / 2] * inv) }
    }

    /// `inversePacked`'s interleaving in `FFTKernelsAVX2`, for the type pairs it has (false: not done).
    @inline(__always)
    private static func interleaveAVX2<O>(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, _ scale: T, _ pairs: Int,
                                          _ x: UnsafeMutablePointer<O>) -> Bool {
        if T.self == Float.self, O.self == Float.self {
            AVX2FFT.interleave(re: rebound(re, Float.self), im: rebound(im, Float.self), scale: scale as! Float, pairs: pairs,
                               into: rebound(x, Float.self))
        } else if T.self == Float.self, O.self == Double.self {
            AVX2FFT.interleave(re: rebound(re, Float.self), im: rebound(im, Float.self), scale: scale as! Float, pairs: pairs,
                               into: rebound(x, Double.self))
        } else if T.self == Double.self, O.self == Double.self {
            AVX2FFT.interleave(re: rebound(re, Double.self), im: rebound(im, Double.self), scale: scale as! Double, pairs: pairs,
                               into: rebound(x, Double.self))
        } else {
            return false
        }
        return true
    }

    // Array conveniences (the arrays must have the sizes documented above).
    func forward(_ x: [T], count m: Int, re: inout [T], im: inout [T]) {
        x.withUnsafeBufferPointer { xp in
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in forward(xp.baseAddress!, count: m, re: r.baseAddress!, im: i.baseAddress!) }
            }
        }
    }

    func inverse(re: [T], im: [T], into x: inout [T]) {
        re.withUnsafeBufferPointer { r in
            im.withUnsafeBufferPointer { i in
                x.withUnsafeMutableBufferPointer { inverse(re: r.baseAddress!, im: i.baseAddress!, into: $0.baseAddress!) }
            }
        }
    }
}

/// FFT instances (with their scratch) by length, and reusable scratch buffers, owned by one scoring call.
final class FFTPlans {
    private var plans: [Int: RealFFT] = [:]
    private var floatPlans: [Int: RealTransform<Float>] = [:]
    private let buffers = ScratchSlots<Double>()
    private let floatBuffers = ScratchSlots<Float>()

    /// Forgets the transform of length `n` and its scratch (the big FFT-domain filter runs once per signal).
    func release(_ n: Int) {
        plans[n] = nil
        floatPlans[n] = nil
    }

    /// The transform of length `n` in `T`.
    func real<T: FFTScalar>(_ n: Int, _: T.Type) -> RealTransform<T> {
        T.self == Float.self ? realFloat(n) as! RealTransform<T> : real(n) as! RealTransform<T>
    }

    func realFloat(_ n: Int) -> RealTransform<Float> {
        if let p = floatPlans[n] { return p }
        let p = RealTransform<Float>(count: n)
        floatPlans[n] = p
        return p
    }

    /// Float scratch buffer number `slot` (as `scratch`).
    func floatScratch(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float> { floatBuffers.slot(slot, count: count) }

    func real(_ n: Int) -> RealFFT {
        if let p = plans[n] { return p }
        let p = RealFFT(count: n)
        plans[n] = p
        return p
    }

    /// Scratch buffer number `slot` with room for at least `count` doubles (contents undefined; reused by the next
    /// caller of the same slot).
    func scratch(_ slot: Int, count: Int) -> UnsafeMutablePointer<Double> { buffers.slot(slot, count: count) }
}

@inline(__always)
private func load4<T: FFTScalar>(_ p: UnsafePointer<T>) -> SIMD4<T> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<T>.self)
}

/// The four values at q0 − 3 … q0, lane i holding index q0 − i.
@inline(__always)
private func load4r<T: FFTScalar>(_ base: UnsafePointer<T>, _ q0: Int) -> SIMD4<T> {
    let v = load4(base + (q0 - 3))
    return SIMD4(v[3], v[2], v[1], v[0])
}

@inline(__always)
private func store4<T: FFTScalar>(_ v: SIMD4<T>, _ p: UnsafeMutablePointer<T>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<T>.self)
}

/// Stores lane i at index q0 − i.
@inline(__always)
private func store4r<T: FFTScalar>(_ v: SIMD4<T>, _ base: UnsafeMutablePointer<T>, _ q0: Int) {
    store4(SIMD4(v[3], v[2], v[1], v[0]), base + (q0 - 3))
}

/// Smallest power of two ≥ n (n ≥ 1).
@inline(__always)
func nextPowerOfTwo(_ n: Int) -> Int {
    var m = 1
    while m < n { m <<= 1 }
    return m
}
