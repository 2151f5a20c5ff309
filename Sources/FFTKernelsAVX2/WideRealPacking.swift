/// The real-transform packing and unpacking of `SignalQuality/FFT.swift` (`RealTransform.unpack4`,
/// `inversePacked`'s `packed4`, `powerSpectrum`) on wide vectors, for the octave blocks [b, 2b) of the bit-reversed
/// layout with b ≥ 8: blocks of 8 go four lanes at a time (type `N`), longer ones `W.scalarCount` lanes at a time.
/// Lane i of a step covers position p + i and its partner q0 − i, as in the portable code, with the same operations
/// in the same order.
struct WidePacking<W: Lanes, N: Lanes> where W.Scalar == N.Scalar {
    typealias T = W.Scalar
    /// Complex length N/2.
    let half: Int
    /// cos/sin(2π·rev(p)/N) at position p.
    let tc: UnsafePointer<T>
    let ts: UnsafePointer<T>

    /// Calls `body(V, p, q0)` for every step of the blocks ≥ 8.
    @inline(__always)
    func forEachStep(_ body4: (Int, Int) -> Void, _ bodyW: (Int, Int) -> Void) {
        var block = 8
        while block < half {
            var p = block
            if block / 2 >= W.scalarCount {
                while p < block + block / 2 {
                    bodyW(p, 3 * block - 1 - p)
                    p += W.scalarCount
                }
            } else {
                while p < block + block / 2 {
                    body4(p, 3 * block - 1 - p)
                    p += N.scalarCount
                }
            }
            block *= 2
        }
    }

    /// X at the p-lanes and at the q-lanes from the packed transform Z (`RealTransform.unpack4`).
    @inline(__always)
    func unpack<V: Lanes>(_: V.Type, _ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ p: Int, _ q0: Int)
        -> ((V, V), (V, V)) where V.Scalar == T {
        let pr: V = load(zr + p), pi: V = load(zi + p), qr: V = loadReversed(zr, q0), qi: V = loadReversed(zi, q0)
        @inline(__always)
        func one(_ ar: V, _ ai: V, _ br: V, _ biPos: V, _ wr: V, _ ws: V) -> (V, V) {
            let bi = -biPos
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = ar - br, di = ai - bi
            let or = 0.5 * di, oi = -0.5 * dr
            let wi = -ws
            return (er + or * wr - oi * wi, ei + or * wi + oi * wr)
        }
        return (one(pr, pi, qr, qi, load(tc + p), load(ts + p)), one(qr, qi, pr, pi, loadReversed(tc, q0), loadReversed(ts, q0)))
    }

    /// Packs the real spectrum (X at p-lanes, at q-lanes) into the half-length transform's input at p and q0
    /// (`inversePacked`'s `packed4`).
    @inline(__always)
    func pack<V: Lanes>(_ xp: (V, V), _ xq: (V, V), _ p: Int, _ q0: Int, _ outR: UnsafeMutablePointer<T>,
                        _ outI: UnsafeMutablePointer<T>) where V.Scalar == T {
        @inline(__always)
        func packed(_ xk: (V, V), _ xq: (V, V), _ wr: V, _ wi: V) -> (V, V) {
            let ar = xk.0, ai = xk.1, br = xq.0, bi = -xq.1
            let er = 0.5 * (ar + br), ei = 0.5 * (ai + bi)
            let dr = 0.5 * (ar - br), di = 0.5 * (ai - bi)
            let or = dr * wr - di * wi, oi = dr * wi + di * wr
            return (er - oi, ei + or)
        }
        let op = packed(xp, xq, load(tc + p), load(ts + p))
        let oq = packed(xq, xp, loadReversed(tc, q0), loadReversed(ts, q0))
        store(op.0, outR + p); store(op.1, outI + p)
        storeReversed(oq.0, outR, q0); storeReversed(oq.1, outI, q0)
    }

    @inline(__always)
    func correlationStep<V: Lanes>(_: V.Type, _ xr: UnsafePointer<T>, _ xi: UnsafePointer<T>, _ yr: UnsafePointer<T>,
                                   _ yi: UnsafePointer<T>, _ outR: UnsafeMutablePointer<T>, _ outI: UnsafeMutablePointer<T>,
                                   _ p: Int, _ q0: Int) where V.Scalar == T {
        let (ap, aq) = unpack(V.self, xr, xi, p, q0), (bp, bq) = unpack(V.self, yr, yi, p, q0)
        pack((ap.0 * bp.0 + ap.1 * bp.1, ap.0 * bp.1 - ap.1 * bp.0),
             (aq.0 * bq.0 + aq.1 * bq.1, aq.0 * bq.1 - aq.1 * bq.0), p, q0, outR, outI)
    }

    /// conj(X)·Y for the blocks ≥ 8, packed (`RealTransform.inverseCorrelation`).
    func correlation(_ xr: UnsafePointer<T>, _ xi: UnsafePointer<T>, _ yr: UnsafePointer<T>, _ yi: UnsafePointer<T>,
                     _ outR: UnsafeMutablePointer<T>, _ outI: UnsafeMutablePointer<T>) {
        forEachStep({ p, q0 in correlationStep(N.self, xr, xi, yr, yi, outR, outI, p, q0) },
                    { p, q0 in correlationStep(W.self, xr, xi, yr, yi, outR, outI, p, q0) })
    }

    @inline(__always)
    func filteredStep<V: Lanes>(_: V.Type, _ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ g: UnsafePointer<T>,
                                _ scale: T, _ outR: UnsafeMutablePointer<T>, _ outI: UnsafeMutablePointer<T>,
                                _ p: Int, _ q0: Int) where V.Scalar == T {
        let sv = V(repeating: scale)
        let (xp, xq) = unpack(V.self, zr, zi, p, q0)
        let gp = load(g + p, V.self) * sv, gq = loadReversed(g, q0, V.self) * sv
        pack((xp.0 * gp, xp.1 * gp), (xq.0 * gq, xq.1 * gq), p, q0, outR, outI)
    }

    /// X·G·scale for the blocks ≥ 8, packed (`RealTransform.inverseFiltered`).
    func filtered(_ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ g: UnsafePointer<T>, _ scale: T,
                  _ outR: UnsafeMutablePointer<T>, _ outI: UnsafeMutablePointer<T>) {
        forEachStep({ p, q0 in filteredStep(N.self, zr, zi, g, scale, outR, outI, p, q0) },
                    { p, q0 in filteredStep(W.self, zr, zi, g, scale, outR, outI, p, q0) })
    }

    @inline(__always)
    func powerStep<V: Lanes>(_: V.Type, _ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ rev: UnsafePointer<Int32>,
                             _ power: UnsafeMutablePointer<T>, _ p: Int, _ q0: Int) where V.Scalar == T {
        let (xp, xq) = unpack(V.self, zr, zi, p, q0)
        let pp = xp.0 * xp.0 + xp.1 * xp.1, pq = xq.0 * xq.0 + xq.1 * xq.1
        for i in 0..<V.scalarCount {
            power[Int(rev[p + i])] = pp[i]
            power[Int(rev[q0 - i])] = pq[i]
        }
    }

    /// |X[k]|² for the blocks ≥ 8, stored at natural positions rev(p) (`RealTransform.powerSpectrum`).
    func power(_ zr: UnsafePointer<T>, _ zi: UnsafePointer<T>, _ rev: UnsafePointer<Int32>, _ power: UnsafeMutablePointer<T>) {
        forEachStep({ p, q0 in powerStep(N.self, zr, zi, rev, power, p, q0) },
                    { p, q0 in powerStep(W.self, zr, zi, rev, power, p, q0) })
    }
}

// The interleaving of `inversePacked` and the deinterleaving of `forwardPacked` are in C
// (Sources/CFFTStages/fft_packing.c), as are the Float `power`/`correlation` and the Double `filtered` packings;
// `WidePacking` still serves the others (Double power and correlation, Float filtered).
