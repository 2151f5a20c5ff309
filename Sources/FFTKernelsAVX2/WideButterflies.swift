import CFFTStages

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

    /// The DIF stages of half-size 8, 4, 2 and 1. Float on eight or sixteen lanes: in C with intrinsics
    /// (`CFFTStages`: groups of 16 points through the four stages in registers, the same operations; on ymm
    /// registers unless `moslab_fft_stages_mode()` is 2, which takes zmm in the sixteen-lane build, or 0, which
    /// runs the Swift version below: for measuring one against another).
    /// With four lanes in one pass over groups of 16 points (`difRadix4Pass` with h = 4 on four registers, then
    /// `difSmall` on each); with eight, the h = 4 pass on four lanes and then `difSmall` eight lanes at a time
    /// (fusing them on eight lanes needed half swaps that LLVM turned into scalar code, measured slower).
    private func lastDIFStages(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>) {
        let n = count
        if let (mode, r, i, c, s) = cStages(re, im) {
            if W.scalarCount == 16 && mode == 2 {
                moslab_fft_last_dif_avx512(r, i, n, c, s)
            } else {
                moslab_fft_last_dif_avx2(r, i, n, c, s)
            }
            return
        }
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
            let a = Quad<V>(load(r0), load(i0), load(r0 + 4), load(i0 + 4), load(r0 + 8), load(i0 + 8), load(r0 + 12), load(i0 + 12))
            let q = Self.difButterfly(a, w: (wr, wi), v: (vr, vi))
            let o0 = difSmall(q.r0, q.i0), o1 = difSmall(q.r1, q.i1), o2 = difSmall(q.r2, q.i2), o3 = difSmall(q.r3, q.i3)
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

    /// The C stages' mode (`moslab_fft_stages_mode()`: 1 ymm, 2 zmm) and the arrays and twiddles seen as Float, when
    /// they run here (Float on eight or sixteen lanes, mode not 0); nil when the Swift stages do.
    @inline(__always)
    private func cStages(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>)
        -> (Int32, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>)? {
        guard T.self == Float.self && W.scalarCount >= 8 else { return nil }
        let mode = moslab_fft_stages_mode()
        guard mode != 0 else { return nil }
        return (mode, UnsafeMutableRawPointer(re).assumingMemoryBound(to: Float.self),
                UnsafeMutableRawPointer(im).assumingMemoryBound(to: Float.self),
                UnsafeRawPointer(stageCos).assumingMemoryBound(to: Float.self),
                UnsafeRawPointer(stageSin).assumingMemoryBound(to: Float.self))
    }

    /// The DIT stages of half-size 1, 2, 4 and 8. Float on eight or sixteen lanes: in C (see `lastDIFStages`).
    /// With four lanes in one pass over groups of 16 points (`ditSmall` on four registers, then `radix4Pass` with
    /// h = 4 on them); with eight, `ditSmall` eight lanes at a time and then the h = 4 pass on four lanes.
    private func firstDITStages(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, inverse: Bool) {
        let n = count
        if let (mode, r, i, c, s) = cStages(re, im) {
            if W.scalarCount == 16 && mode == 2 {
                moslab_fft_first_dit_avx512(r, i, n, c, s, inverse ? 1 : 0)
            } else {
                moslab_fft_first_dit_avx2(r, i, n, c, s, inverse ? 1 : 0)
            }
            return
        }
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
            let a0 = ditSmall(load(r0, V.self), load(i0, V.self), inverse: inverse)
            let a1 = ditSmall(load(r0 + 4, V.self), load(i0 + 4, V.self), inverse: inverse)
            let a2 = ditSmall(load(r0 + 8, V.self), load(i0 + 8, V.self), inverse: inverse)
            let a3 = ditSmall(load(r0 + 12, V.self), load(i0 + 12, V.self), inverse: inverse)
            let o = Self.ditButterfly(Quad(a0.0, a0.1, a1.0, a1.1, a2.0, a2.1, a3.0, a3.1), w: (wr, wi), v: (vr, vi),
                                      inverse: inverse)
            store(o.r0, r0); store(o.i0, i0)
            store(o.r1, r0 + 4); store(o.i1, i0 + 4)
            store(o.r2, r0 + 8); store(o.i2, i0 + 8)
            store(o.r3, r0 + 12); store(o.i3, i0 + 12)
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
        if Self.tiled(h: h, re, im) {
            tiledPass(V.self, re, im, h: h) { a, k in
                let wr: V = load(wc + k), wi: V = -load(ws + k), vr: V = load(vc + k), vi: V = -load(vs + k)
                return Self.difButterfly(a, w: (wr, wi), v: (vr, vi))
            }
            return
        }
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let r1 = r0 + h, i1 = i0 + h, r2 = r0 + 2 * h, i2 = i0 + 2 * h, r3 = r0 + 3 * h, i3 = i0 + 3 * h
            var k = 0
            while k < h {
                let a = Quad<V>(load(r0 + k), load(i0 + k), load(r1 + k), load(i1 + k),
                                load(r2 + k), load(i2 + k), load(r3 + k), load(i3 + k))
                let wr: V = load(wc + k), wi: V = -load(ws + k), vr: V = load(vc + k), vi: V = -load(vs + k)
                let o = Self.difButterfly(a, w: (wr, wi), v: (vr, vi))
                store(o.r0, r0 + k); store(o.i0, i0 + k)
                store(o.r1, r1 + k); store(o.i1, i1 + k)
                store(o.r2, r2 + k); store(o.i2, i2 + k)
                store(o.r3, r3 + k); store(o.i3, i3 + k)
                k += V.scalarCount
            }
            start += 4 * h
        }
    }

    /// Values per quarter in a tile of `tiledPass` (64: 8 streams × 64 values of 8 bytes, a 4 kB tile).
    static var tilePoints: Int { 64 }

    /// Whether a radix-2² pass of half-size h runs tiled: when its quarters are 4 kB or more apart **and** `im`
    /// lies within four cache sets of `re` (a multiple of 4 kB after it, as when the halves of one buffer hold
    /// M/2 values each). The eight streams r0…r3, i0…i3 then fall in the same L1 set with the twiddles and thrash
    /// it: measured on the 2¹⁷-point Double transform, such a pass took 2.2–3.2 ns per point against 0.4–0.6 for
    /// h ≤ 256, and 1.2–1.4 tiled (docs/p862.md, "FFT choice"). With `im` half a way off (`SplitStorage`, the
    /// transforms' own buffers) the pass streams without the tile's two copies, faster still ("Large
    /// transforms: cache sets and alignment").
    @inline(__always)
    static func tiled(h: Int, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>) -> Bool {
        guard h * MemoryLayout<T>.stride >= 4096 && h >= tilePoints else { return false }
        let d = (Int(bitPattern: im) &- Int(bitPattern: re)) & 4095
        return d < 256 || d > 4096 - 256
    }

    /// One radix-2² pass of half-size h (groups of 4h points) through a contiguous tile: for each run of
    /// `tilePoints` offsets k of each group, the eight streams are copied into the tile, `butterfly(a, k)` replaces
    /// each set of lanes there (the same operations on the same values as the untiled pass: only where the
    /// values wait between load and store changes), and the tile is copied back.
    @inline(__always)
    private func tiledPass<V: Lanes>(_: V.Type, _ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, h: Int,
                                     _ butterfly: (Quad<V>, Int) -> Quad<V>) where V.Scalar == T {
        let n = count, c = Self.tilePoints, lanes = V.scalarCount
        withUnsafeTemporaryAllocation(of: T.self, capacity: 8 * c) { buf in
            let t = buf.baseAddress!
            var start = 0
            while start < n {
                // Stream s: quarter s / 2, real part for even s, imaginary for odd.
                let streams = (re + start, im + start, re + start + h, im + start + h,
                               re + start + 2 * h, im + start + 2 * h, re + start + 3 * h, im + start + 3 * h)
                var k = 0
                while k < h {
                    Self.copyTile(V.self, streams, offset: k, tile: t, toTile: true)
                    var j = 0
                    while j < c {
                        let a = Quad<V>(load(t + j), load(t + c + j), load(t + 2 * c + j), load(t + 3 * c + j),
                                        load(t + 4 * c + j), load(t + 5 * c + j), load(t + 6 * c + j), load(t + 7 * c + j))
                        let o = butterfly(a, k + j)
                        store(o.r0, t + j); store(o.i0, t + c + j)
                        store(o.r1, t + 2 * c + j); store(o.i1, t + 3 * c + j)
                        store(o.r2, t + 4 * c + j); store(o.i2, t + 5 * c + j)
                        store(o.r3, t + 6 * c + j); store(o.i3, t + 7 * c + j)
                        j += lanes
                    }
                    Self.copyTile(V.self, streams, offset: k, tile: t, toTile: false)
                    k += c
                }
                start += 4 * h
            }
        }
    }

    /// Copies `tilePoints` values at `offset` of each of the eight streams into the tile (stream q at q·tilePoints),
    /// or back from it: the two halves of `tiledPass`'s detour.
    @inline(__always)
    private static func copyTile<V: Lanes>(_: V.Type, _ streams: (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>,
                                                                 UnsafeMutablePointer<T>, UnsafeMutablePointer<T>,
                                                                 UnsafeMutablePointer<T>, UnsafeMutablePointer<T>,
                                                                 UnsafeMutablePointer<T>, UnsafeMutablePointer<T>),
                                           offset k: Int, tile t: UnsafeMutablePointer<T>, toTile: Bool)
    where V.Scalar == T {
        let c = tilePoints, lanes = V.scalarCount
        withUnsafePointer(to: streams) {
            $0.withMemoryRebound(to: UnsafeMutablePointer<T>.self, capacity: 8) { s in
                for q in 0..<8 {
                    let (src, dst) = toTile ? (s[q] + k, t + q * c) : (t + q * c, s[q] + k)
                    var j = 0
                    while j < c {
                        store(load(src + j, V.self), dst + j)
                        j += lanes
                    }
                }
            }
        }
    }

    /// The four complex inputs or outputs of a radix-2² butterfly (quarters 0…3 of a group), lane by lane.
    struct Quad<V: Lanes> {
        var r0, i0, r1, i1, r2, i2, r3, i3: V
        @inline(__always)
        init(_ r0: V, _ i0: V, _ r1: V, _ i1: V, _ r2: V, _ i2: V, _ r3: V, _ i3: V) {
            (self.r0, self.i0, self.r1, self.i1, self.r2, self.i2, self.r3, self.i3) = (r0, i0, r1, i1, r2, i2, r3, i3)
        }
    }

    /// The DIF butterfly of `difRadix4Pass` (stages 2h then h) on one set of lanes; w = e^(−jπk/h) and
    /// v = e^(−jπk/(2h)) as (re, im).
    @inline(__always)
    static func difButterfly<V: Lanes>(_ a: Quad<V>, w: (V, V), v: (V, V)) -> Quad<V> {
        let (wr, wi) = w, (vr, vi) = v
        let b0r = a.r0 + a.r2, b0i = a.i0 + a.i2
        let c2r = a.r0 - a.r2, c2i = a.i0 - a.i2
        let b2r = c2r * vr - c2i * vi, b2i = c2r * vi + c2i * vr
        let b1r = a.r1 + a.r3, b1i = a.i1 + a.i3
        let c3r = a.r1 - a.r3, c3i = a.i1 - a.i3
        let e3r = c3r * vr - c3i * vi, e3i = c3r * vi + c3i * vr
        let b3r = e3i, b3i = -e3r  // ·(−j)
        let d1r = b0r - b1r, d1i = b0i - b1i
        let d3r = b2r - b3r, d3i = b2i - b3i
        return Quad(b0r + b1r, b0i + b1i, d1r * wr - d1i * wi, d1r * wi + d1i * wr,
                    b2r + b3r, b2i + b3i, d3r * wr - d3i * wi, d3r * wi + d3i * wr)
    }

    /// The DIT butterfly of `radix4Pass` (stages h then 2h) on one set of lanes; w = e^(∓jπk/h),
    /// v = e^(∓jπk/(2h)) as (re, im).
    @inline(__always)
    static func ditButterfly<V: Lanes>(_ a: Quad<V>, w: (V, V), v: (V, V), inverse: Bool) -> Quad<V> {
        let (wr, wi) = w, (vr, vi) = v
        let t1r = a.r1 * wr - a.i1 * wi, t1i = a.r1 * wi + a.i1 * wr
        let t3r = a.r3 * wr - a.i3 * wi, t3i = a.r3 * wi + a.i3 * wr
        let b0r = a.r0 + t1r, b0i = a.i0 + t1i, b1r = a.r0 - t1r, b1i = a.i0 - t1i
        let b2r = a.r2 + t3r, b2i = a.i2 + t3i, b3r = a.r2 - t3r, b3i = a.i2 - t3i
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
        return Quad(b0r + u2r, b0i + u2i, b1r + u3r, b1i + u3i, b0r - u2r, b0i - u2i, b1r - u3r, b1i - u3i)
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
        if Self.tiled(h: h, re, im) {
            tiledPass(V.self, re, im, h: h) { a, k in
                let wr: V = load(wc + k), wi: V = sign * load(ws + k, V.self)
                let vr: V = load(vc + k), vi: V = sign * load(vs + k, V.self)
                return Self.ditButterfly(a, w: (wr, wi), v: (vr, vi), inverse: inverse)
            }
            return
        }
        var start = 0
        while start < n {
            let r0 = re + start, i0 = im + start
            let r1 = r0 + h, i1 = i0 + h, r2 = r0 + 2 * h, i2 = i0 + 2 * h, r3 = r0 + 3 * h, i3 = i0 + 3 * h
            var k = 0
            while k < h {
                let a = Quad<V>(load(r0 + k), load(i0 + k), load(r1 + k), load(i1 + k),
                                load(r2 + k), load(i2 + k), load(r3 + k), load(i3 + k))
                let wr: V = load(wc + k), wi: V = sign * load(ws + k, V.self)
                let vr: V = load(vc + k), vi: V = sign * load(vs + k, V.self)
                let o = Self.ditButterfly(a, w: (wr, wi), v: (vr, vi), inverse: inverse)
                store(o.r0, r0 + k); store(o.i0, i0 + k)
                store(o.r1, r1 + k); store(o.i1, i1 + k)
                store(o.r2, r2 + k); store(o.i2, i2 + k)
                store(o.r3, r3 + k); store(o.i3, i3 + k)
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
