/// The complex FFT passes of `SignalQuality/FFT.swift` (`TransformTables.transform` on bit-reversed input and
/// `forwardBitReversed`) on wide vectors `W`, with the narrow type `N` (four lanes) for the stages whose butterfly
/// runs are four values long. Same operations, same order, lane by lane as the portable code (see `Lanes`).
///
/// Tables as in `TransformTables`: for butterfly half-size h = 4, 8, …, the h twiddles e^(−j2πk/(2h)) at offset
/// h − 4 of `stageCos`/`stageSin`.
struct WideButterflies<W: Lanes, N: Lanes> where W.Scalar == N.Scalar {
    typealias T = W.Scalar
    let count: Int
    let stageCos: UnsafePointer<T>
    let stageSin: UnsafePointer<T>

    /// Decimation-in-frequency forward FFT, natural-order input, bit-reversed output (count ≥ 16).
    func forwardBitReversed(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>) {
        let n = count
        var stages = 0
        while (1 << stages) < n { stages += 1 }
        var h = n / 2
        if (stages - 2) % 2 == 1 {
            if h >= W.scalarCount { difRadix2Pass(W.self, re, im, h: h) } else { difRadix2Pass(N.self, re, im, h: h) }
            h /= 2
        }
        // Down to the stages of half-size 8 and 4, which `lastDIFStages` fuses with the last two.
        while h >= 32 {
            if h / 2 >= W.scalarCount {
                difRadix4Pass(W.self, re, im, h: h / 2)
            } else {
                difRadix4Pass(N.self, re, im, h: h / 2)
            }
            h /= 4
        }
        lastDIFStages(re, im)
    }

    /// Stages h = 2 and h = 1 inside each group of four lanes (the portable code's scalar loop):
    /// b = (x0 + x2, x1 + x3, x0 − x2, x1 − x3), then (b0 + b1, b0 − b1, b2 + b3, b2 − b3) with b3 = (x1 − x3)·(−j).
    @inline(__always)
    private func difSmall<V: Lanes>(_ r: V, _ m: V) -> (V, V) where V.Scalar == T {
        let sumDiff = signs(1, 1, -1, -1, V.self)
        let br = pick(r, r, 0, 1, 0, 1) + pick(r, r, 2, 3, 2, 3) * sumDiff  // b0r b1r b2r dr
        let bi = pick(m, m, 0, 1, 0, 1) + pick(m, m, 2, 3, 2, 3) * sumDiff  // b0i b1i b2i di
        // b3r = di, b3i = −dr.
        return (pick(br, br, 0, 0, 2, 2) + pick(br, bi, 1, 1, 7, 7) * signs(1, -1, 1, -1, V.self),
                pick(bi, bi, 0, 0, 2, 2) + pick(bi, br, 1, 1, 7, 7) * signs(1, -1, -1, 1, V.self))
    }

    /// The DIF stages of half-size 8, 4, 2 and 1. With four lanes in one pass over groups of 16 points
    /// (`difRadix4Pass` with h = 4 on four registers, then `difSmall` on each); with eight, the h = 4 pass on four
    /// lanes and then `difSmall` eight lanes at a time (fusing them on eight lanes needed half swaps that LLVM
    /// turned into scalar code, measured slower).
    private func lastDIFStages(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>) {
        let n = count
        if W.scalarCount == 4 {
            fusedLastDIF(W.self, re, im)
            return
        }
        difRadix4Pass(N.self, re, im, h: 4)
        var i = 0
        while i < n {
            let o = difSmall(load(re + i, W.self), load(im + i, W.self))
            store(o.0, re + i); store(o.1, im + i)
            i += W.scalarCount
        }
    }

    @inline(__always)
    private func fusedLastDIF<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>) where V.Scalar == T {
        let n = count
        // difRadix4Pass(h: 4): w at offset h − 4 = 0, v at 2h − 4 = 4.
        let wr: V = load(stageCos), wi: V = -load(stageSin, V.self)
        let vr: V = load(stageCos + 4), vi: V = -load(stageSin + 4, V.self)
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let a0r: V = load(r0), a0i: V = load(i0)
            let a1r: V = load(r0 + 4), a1i: V = load(i0 + 4)
            let a2r: V = load(r0 + 8), a2i: V = load(i0 + 8)
            let a3r: V = load(r0 + 12), a3i: V = load(i0 + 12)
            let b0r = a0r + a2r, b0i = a0i + a2i
            let c2r = a0r - a2r, c2i = a0i - a2i
            let b2r = c2r * vr - c2i * vi, b2i = c2r * vi + c2i * vr
            let b1r = a1r + a3r, b1i = a1i + a3i
            let c3r = a1r - a3r, c3i = a1i - a3i
            let e3r = c3r * vr - c3i * vi, e3i = c3r * vi + c3i * vr
            let b3r = e3i, b3i = -e3r  // ·(−j)
            let d1r = b0r - b1r, d1i = b0i - b1i
            let d3r = b2r - b3r, d3i = b2i - b3i
            let o0 = difSmall(b0r + b1r, b0i + b1i)
            let o1 = difSmall(d1r * wr - d1i * wi, d1r * wi + d1i * wr)
            let o2 = difSmall(b2r + b3r, b2i + b3i)
            let o3 = difSmall(d3r * wr - d3i * wi, d3r * wi + d3i * wr)
            store(o0.0, r0); store(o0.1, i0)
            store(o1.0, r0 + 4); store(o1.1, i0 + 4)
            store(o2.0, r0 + 8); store(o2.1, i0 + 8)
            store(o3.0, r0 + 12); store(o3.1, i0 + 12)
            start += 16
        }
    }

    /// Complex FFT of bit-reversed input into natural order; `inverse` uses e^(+j…) and does not scale
    /// (count ≥ 16).
    func transformPermuted(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, inverse: Bool) {
        let n = count
        firstDITStages(re, im, inverse: inverse)
        var h = 16
        while 2 * h < n {
            if h >= W.scalarCount {
                radix4Pass(W.self, re, im, h: h, inverse: inverse)
            } else {
                radix4Pass(N.self, re, im, h: h, inverse: inverse)
            }
            h *= 4
        }
        if h < n {
            if h >= W.scalarCount {
                radix2Pass(W.self, re, im, h: h, inverse: inverse)
            } else {
                radix2Pass(N.self, re, im, h: h, inverse: inverse)
            }
        }
    }

    /// Stages h = 1 and h = 2 inside each group of four lanes (the portable code's scalar loop):
    /// a = (x0 + x1, x0 − x1, x2 + x3, x2 − x3), then (a0 + a2, a1 + t, a0 − a2, a1 − t) with t = a3·(∓j).
    @inline(__always)
    private func ditSmall<V: Lanes>(_ r: V, _ m: V, inverse: Bool) -> (V, V) where V.Scalar == T {
        let alt = signs(1, -1, 1, -1, V.self)
        let ar = pick(r, r, 0, 0, 2, 2) + pick(r, r, 1, 1, 3, 3) * alt  // a0r a1r a2r a3r
        let ai = pick(m, m, 0, 0, 2, 2) + pick(m, m, 1, 1, 3, 3) * alt
        // forward t = (a3i, −a3r), inverse t = (−a3i, a3r).
        let reSigns = inverse ? signs(1, -1, -1, 1, V.self) : signs(1, 1, -1, -1, V.self)
        let imSigns = inverse ? signs(1, 1, -1, -1, V.self) : signs(1, -1, -1, 1, V.self)
        return (pick(ar, ar, 0, 1, 0, 1) + pick(ar, ai, 2, 7, 2, 7) * reSigns,
                pick(ai, ai, 0, 1, 0, 1) + pick(ai, ar, 2, 7, 2, 7) * imSigns)
    }

    /// The DIT stages of half-size 1, 2, 4 and 8. With four lanes in one pass over groups of 16 points (`ditSmall`
    /// on four registers, then `radix4Pass` with h = 4 on them); with eight, `ditSmall` eight lanes at a time and
    /// then the h = 4 pass on four lanes (see `lastDIFStages`).
    private func firstDITStages(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, inverse: Bool) {
        let n = count
        if W.scalarCount == 4 {
            fusedFirstDIT(W.self, re, im, inverse: inverse)
            return
        }
        var i = 0
        while i < n {
            let o = ditSmall(load(re + i, W.self), load(im + i, W.self), inverse: inverse)
            store(o.0, re + i); store(o.1, im + i)
            i += W.scalarCount
        }
        radix4Pass(N.self, re, im, h: 4, inverse: inverse)
    }

    @inline(__always)
    private func fusedFirstDIT<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>,
                                         inverse: Bool) where V.Scalar == T {
        let n = count
        let sign: T = inverse ? 1 : -1
        // radix4Pass(h: 4): w at offset h − 4 = 0, v at 2h − 4 = 4.
        let wr: V = load(stageCos), wi: V = sign * load(stageSin, V.self)
        let vr: V = load(stageCos + 4), vi: V = sign * load(stageSin + 4, V.self)
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let (a0r, a0i) = ditSmall(load(r0, V.self), load(i0, V.self), inverse: inverse)
            let (a1r, a1i) = ditSmall(load(r0 + 4, V.self), load(i0 + 4, V.self), inverse: inverse)
            let (a2r, a2i) = ditSmall(load(r0 + 8, V.self), load(i0 + 8, V.self), inverse: inverse)
            let (a3r, a3i) = ditSmall(load(r0 + 12, V.self), load(i0 + 12, V.self), inverse: inverse)
            let t1r = a1r * wr - a1i * wi, t1i = a1r * wi + a1i * wr
            let t3r = a3r * wr - a3i * wi, t3i = a3r * wi + a3i * wr
            let b0r = a0r + t1r, b0i = a0i + t1i, b1r = a0r - t1r, b1i = a0i - t1i
            let b2r = a2r + t3r, b2i = a2i + t3i, b3r = a2r - t3r, b3i = a2i - t3i
            let u2r = b2r * vr - b2i * vi, u2i = b2r * vi + b2i * vr
            var u3r = b3r * vr - b3i * vi, u3i = b3r * vi + b3i * vr
            if inverse {
                let t = u3r
                u3r = -u3i
                u3i = t
            } else {
                let t = u3r
                u3r = u3i
                u3i = -t
            }
            store(b0r + u2r, r0); store(b0i + u2i, i0)
            store(b0r - u2r, r0 + 8); store(b0i - u2i, i0 + 8)
            store(b1r + u3r, r0 + 4); store(b1i + u3i, i0 + 4)
            store(b1r - u3r, r0 + 12); store(b1i - u3i, i0 + 12)
            start += 16
        }
    }

    /// DIF stages of half-size 2h then h in one pass over groups of 4h points.
    @inline(__always)
    private func difRadix4Pass<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int)
    where V.Scalar == T {
        let n = count
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        let vc = stageCos + (2 * h - 4), vs = stageSin + (2 * h - 4)
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let r1 = r0 + h, i1 = i0 + h, r2 = r0 + 2 * h, i2 = i0 + 2 * h, r3 = r0 + 3 * h, i3 = i0 + 3 * h
            var k = 0
            while k < h {
                let wr: V = load(wc + k), wi: V = -load(ws + k)
                let vr: V = load(vc + k), vi: V = -load(vs + k)
                let a0r: V = load(r0 + k), a0i: V = load(i0 + k)
                let a1r: V = load(r1 + k), a1i: V = load(i1 + k)
                let a2r: V = load(r2 + k), a2i: V = load(i2 + k)
                let a3r: V = load(r3 + k), a3i: V = load(i3 + k)
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
                k += V.scalarCount
            }
            start += 4 * h
        }
    }

    /// One DIF radix-2 stage of half-size h.
    @inline(__always)
    private func difRadix2Pass<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int)
    where V.Scalar == T {
        let n = count
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        var start = 0
        while start < n {
            let pr = re + start, pi = im + start
            let qr = pr + h, qi = pi + h
            var k = 0
            while k < h {
                let wr: V = load(wc + k), wi: V = -load(ws + k)
                let ar: V = load(pr + k), ai: V = load(pi + k), br: V = load(qr + k), bi: V = load(qi + k)
                let dr = ar - br, di = ai - bi
                store(ar + br, pr + k); store(ai + bi, pi + k)
                store(dr * wr - di * wi, qr + k); store(dr * wi + di * wr, qi + k)
                k += V.scalarCount
            }
            start += 2 * h
        }
    }

    /// DIT stages of half-size h and 2h in one pass over groups of 4h points.
    @inline(__always)
    private func radix4Pass<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int,
                                      inverse: Bool) where V.Scalar == T {
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
                let wr: V = load(wc + k), wi: V = sign * load(ws + k, V.self)
                let vr: V = load(vc + k), vi: V = sign * load(vs + k, V.self)
                let a0r: V = load(r0 + k), a0i: V = load(i0 + k)
                let a1r: V = load(r1 + k), a1i: V = load(i1 + k)
                let a2r: V = load(r2 + k), a2i: V = load(i2 + k)
                let a3r: V = load(r3 + k), a3i: V = load(i3 + k)
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
                k += V.scalarCount
            }
            start += 4 * h
        }
    }

    /// One DIT radix-2 stage of half-size h.
    @inline(__always)
    private func radix2Pass<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int,
                                      inverse: Bool) where V.Scalar == T {
        let n = count
        let sign: T = inverse ? 1 : -1
        let wc = stageCos + (h - 4), ws = stageSin + (h - 4)
        var start = 0
        while start < n {
            let pr = re + start, pi = im + start
            let qr = pr + h, qi = pi + h
            var k = 0
            while k < h {
                let wr: V = load(wc + k), wi: V = sign * load(ws + k, V.self)
                let xr0: V = load(qr + k), xi0: V = load(qi + k)
                let xr = xr0 * wr - xi0 * wi
                let xi = xr0 * wi + xi0 * wr
                let ur: V = load(pr + k), ui: V = load(pi + k)
                store(ur + xr, pr + k); store(ui + xi, pi + k)
                store(ur - xr, qr + k); store(ui - xi, qi + k)
                k += V.scalarCount
            }
            start += 2 * h
        }
    }
}
