/// The first pass of the DIF forward and the last pass of the DIT inverse of the large FFT-domain filters (level
/// alignment, IRS receive: 2¹⁶/2¹⁷ complex points), fused with the real-transform packing around them: the forward's
/// first pass reads its quarters straight from the interleaved real signal x (zr[i] = x[2i], zi[i] = x[2i + 1], zero
/// beyond the signal), and the inverse's last pass writes its outputs scaled and interleaved into the output
/// (x[2n] = re[n]·scale, x[2n + 1] = im[n]·scale). Each saves a pass over the 1–2 MB split arrays (one write and one
/// read of every value), which the transforms no longer hide since their arrays are laid out for the cache
/// (docs/p862.md, "Large transforms: cache sets and alignment").
///
/// Same operations on the same values as `forwardPacked`'s deinterleaving + `forwardBitReversed`, and as
/// `transformPermuted` + `inversePacked`'s interleaving: the values only pass through a small tile on the stack
/// between the (de)interleaving and the butterflies.
extension WideButterflies {
    /// Values per stream in a tile of the fused passes (8 streams × 64 values × 8 bytes: 4 kB).
    static var fusedTilePoints: Int { 64 }

    /// Whether the fused passes apply: count ≥ 2¹², so that every stream of the first/last pass holds whole tiles.
    static func fusable(count: Int) -> Bool { count >= 4096 }

    /// `forwardBitReversed` of the packed real sequence x[0..<m]: zr[i] = T(x[2i]), zi[i] = T(x[2i + 1]), zero where
    /// 2i (2i + 1) ≥ m; the first pass reads x itself.
    func forwardBitReversed<S: BinaryFloatingPoint>(packed x: UnsafePointer<S>, count m: Int, _ re: UnsafeMutablePointer<T>,
                                                    _ im: UnsafeMutablePointer<T>) {
        let n = count
        var stages = 0
        while (1 << stages) < n { stages += 1 }
        var h = n / 2
        if (stages - 2) % 2 == 1 {
            firstPassPacked(x, m, re, im, q: h, radix4: false)
            h /= 2
        } else {
            firstPassPacked(x, m, re, im, q: h / 2, radix4: true)
            h /= 4
        }
        forwardStages(re, im, from: h)
    }

    /// The packed values of positions base..<base + c into `tr`/`ti` (the zero padding and the odd last sample as
    /// `forwardPacked` writes them).
    @inline(__always)
    private func gather<S: BinaryFloatingPoint>(_ x: UnsafePointer<S>, _ m: Int, base: Int, _ tr: UnsafeMutablePointer<T>,
                                                _ ti: UnsafeMutablePointer<T>) {
        let c = Self.fusedTilePoints
        if 2 * (base + c) <= m {
            for j in 0..<c {
                tr[j] = T(x[2 * (base + j)])
                ti[j] = T(x[2 * (base + j) + 1])
            }
        } else {
            for j in 0..<c {
                let a = 2 * (base + j)
                tr[j] = a < m ? T(x[a]) : 0
                ti[j] = a + 1 < m ? T(x[a + 1]) : 0
            }
        }
    }

    /// The first DIF pass (radix-2 of half-size q, or radix-2² of half-size q: stages 2q and q) over the one group
    /// of `count` points, its inputs gathered from x through a tile.
    private func firstPassPacked<S: BinaryFloatingPoint>(_ x: UnsafePointer<S>, _ m: Int, _ re: UnsafeMutablePointer<T>,
                                                         _ im: UnsafeMutablePointer<T>, q: Int, radix4: Bool) {
        let c = Self.fusedTilePoints
        let streams = radix4 ? 4 : 2
        withUnsafeTemporaryAllocation(of: T.self, capacity: 8 * c) { buf in
            let t = buf.baseAddress!
            var k0 = 0
            while k0 < q {
                for s in 0..<streams { gather(x, m, base: s * q + k0, t + 2 * s * c, t + (2 * s + 1) * c) }
                if radix4 {
                    let wc = stageCos + (q - 4) + k0, ws = stageSin + (q - 4) + k0
                    let vc = stageCos + (2 * q - 4) + k0, vs = stageSin + (2 * q - 4) + k0
                    let r0 = re + k0, i0 = im + k0
                    var j = 0
                    while j < c {
                        let a = Quad<W>(load(t + j), load(t + c + j), load(t + 2 * c + j), load(t + 3 * c + j),
                                        load(t + 4 * c + j), load(t + 5 * c + j), load(t + 6 * c + j), load(t + 7 * c + j))
                        let wr: W = load(wc + j), wi: W = -load(ws + j), vr: W = load(vc + j), vi: W = -load(vs + j)
                        let o = Self.difButterfly(a, w: (wr, wi), v: (vr, vi))
                        store(o.r0, r0 + j); store(o.i0, i0 + j)
                        store(o.r1, r0 + q + j); store(o.i1, i0 + q + j)
                        store(o.r2, r0 + 2 * q + j); store(o.i2, i0 + 2 * q + j)
                        store(o.r3, r0 + 3 * q + j); store(o.i3, i0 + 3 * q + j)
                        j += W.scalarCount
                    }
                } else {
                    // `difRadix2Pass`'s butterfly.
                    let wc = stageCos + (q - 4) + k0, ws = stageSin + (q - 4) + k0
                    let pr = re + k0, pi = im + k0, qr = pr + q, qi = pi + q
                    var j = 0
                    while j < c {
                        let wr: W = load(wc + j), wi: W = -load(ws + j)
                        let ar: W = load(t + j), ai: W = load(t + c + j), br: W = load(t + 2 * c + j), bi: W = load(t + 3 * c + j)
                        let dr = ar - br, di = ai - bi
                        store(ar + br, pr + j); store(ai + bi, pi + j)
                        store(dr * wr - di * wi, qr + j); store(dr * wi + di * wr, qi + j)
                        j += W.scalarCount
                    }
                }
                k0 += c
            }
        }
    }

    /// `transformPermuted` (inverse or not) whose last pass writes x[2n] = O(re[n]·scale) and
    /// x[2n + 1] = O(im[n]·scale) for n < pairs, and x[2·pairs] = O(re[pairs]·scale) if `tail`, instead of storing
    /// re/im (their contents are undefined afterwards).
    func transformPermuted<O: BinaryFloatingPoint>(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>, inverse: Bool,
                                                   scale: T, pairs: Int, tail: Bool, into x: UnsafeMutablePointer<O>) {
        let n = count
        firstDITStages(re, im, inverse: inverse)
        var h = 16
        while 4 * h < n {
            radix4Pass(W.self, re, im, h: h, inverse: inverse)
            h *= 4
        }
        // h = n/4: the last pass is radix-2²; h = n/2: radix-2.
        lastPassInterleaved(re, im, h: h, radix4: 2 * h < n, inverse: inverse, scale: scale, pairs: pairs, tail: tail, x)
    }

    private func lastPassInterleaved<O: BinaryFloatingPoint>(_ re: UnsafeMutablePointer<T>, _ im: UnsafeMutablePointer<T>,
                                                             h: Int, radix4: Bool, inverse: Bool, scale: T, pairs: Int,
                                                             tail: Bool, _ x: UnsafeMutablePointer<O>) {
        let c = Self.fusedTilePoints
        let sign: T = inverse ? 1 : -1
        let streams = radix4 ? 4 : 2
        let limit = tail ? pairs + 1 : pairs
        withUnsafeTemporaryAllocation(of: T.self, capacity: 8 * c) { buf in
            let t = buf.baseAddress!
            var k0 = 0
            while k0 < h {
                // Nothing of this run is kept: skip it.
                if k0 >= limit { break }
                if radix4 {
                    let wc = stageCos + (h - 4) + k0, ws = stageSin + (h - 4) + k0
                    let vc = stageCos + (2 * h - 4) + k0, vs = stageSin + (2 * h - 4) + k0
                    let r0 = re + k0, i0 = im + k0
                    var j = 0
                    while j < c {
                        let a = Quad<W>(load(r0 + j), load(i0 + j), load(r0 + h + j), load(i0 + h + j),
                                        load(r0 + 2 * h + j), load(i0 + 2 * h + j), load(r0 + 3 * h + j), load(i0 + 3 * h + j))
                        let wr: W = load(wc + j), wi: W = sign * load(ws + j, W.self)
                        let vr: W = load(vc + j), vi: W = sign * load(vs + j, W.self)
                        let o = Self.ditButterfly(a, w: (wr, wi), v: (vr, vi), inverse: inverse)
                        store(o.r0, t + j); store(o.i0, t + c + j)
                        store(o.r1, t + 2 * c + j); store(o.i1, t + 3 * c + j)
                        store(o.r2, t + 4 * c + j); store(o.i2, t + 5 * c + j)
                        store(o.r3, t + 6 * c + j); store(o.i3, t + 7 * c + j)
                        j += W.scalarCount
                    }
                } else {
                    // `radix2Pass`'s butterfly.
                    let wc = stageCos + (h - 4) + k0, ws = stageSin + (h - 4) + k0
                    let pr = re + k0, pi = im + k0, qr = pr + h, qi = pi + h
                    var j = 0
                    while j < c {
                        let wr: W = load(wc + j), wi: W = sign * load(ws + j, W.self)
                        let xr0: W = load(qr + j), xi0: W = load(qi + j)
                        let xr = xr0 * wr - xi0 * wi
                        let xi = xr0 * wi + xi0 * wr
                        let ur: W = load(pr + j), ui: W = load(pi + j)
                        store(ur + xr, t + j); store(ui + xi, t + c + j)
                        store(ur - xr, t + 2 * c + j); store(ui - xi, t + 3 * c + j)
                        j += W.scalarCount
                    }
                }
                for s in 0..<streams {
                    let base = s * h + k0
                    let tr = t + 2 * s * c, ti = t + (2 * s + 1) * c
                    let end = min(c, pairs - base)
                    if end > 0 {
                        for j in 0..<end {
                            x[2 * (base + j)] = O(tr[j] * scale)
                            x[2 * (base + j) + 1] = O(ti[j] * scale)
                        }
                    }
                    if tail && pairs >= base && pairs < base + c { x[2 * pairs] = O(tr[pairs - base] * scale) }
                }
                k0 += c
            }
        }
    }
}
