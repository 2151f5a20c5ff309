import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

private let hannLock = NSLock()
nonisolated(unsafe) private var hannCache: [Int: [Double]] = [:]

/// One utterance of the reference and its delay (P.862 §10.1.3–10.1.4; P862.md §5.4–§6).
/// Frame indices are 4 ms envelope frames of the padded reference; delays are samples (degraded = reference + delay).
struct Utterance {
    var searchStart: Int
    var searchEnd: Int
    var start: Int
    var end: Int
    /// Crude per-utterance estimate De_u (a multiple of DS).
    var delayEstimate: Int
    /// Fine delay Dl_u.
    var delay: Int
    /// Confidence of the fine delay, in [0, 1].
    var confidence: Double
}

/// Waveform cross-correlation histograms, the fine delay of P.862 §10.1.3 (P862.md §5.5 "Fine", §6.4–6.5).
///
/// The same window pairs recur for many breakpoints of the split search, so each pair's contribution (by
/// position pair) is cached until the window changes (on the fixtures about 10 000 pair look-ups need 800
/// correlations). Window positions themselves almost never recur with another partner (the utterance search and
/// the split search step from different origins), so spectra are not cached. Spectra stay in the packed,
/// bit-reversed layout of `RealFFT.forwardPacked` and the correlation is inverted from there
/// (`RealFFT.inverseCorrelation`): no transform pays a permutation pass, and all scratch is allocated once.
final class FineAligner {
    let ref: [Double]
    let deg: [Double]
    let degLength: Int
    let na: Int
    /// Single precision, as the reference transforms these windows (P862.md §9 item 6): half the butterfly work.
    private let fft: RealTransform<Float>
    private(set) var window: [Double]
    /// Contribution of one (reference, degraded) window pair: the lags within 1 % of the peak (a range of
    /// `lagStore`) and v^0.125.
    private var cache = PairCache()
    private(set) var lagStore: [Int32] = []
    /// Scratch: windowed frame, the two packed spectra, the correlation.
    private let buf: UnsafeMutablePointer<Float>
    private let xSpectrum: UnsafeMutablePointer<Float>
    private let ySpectrum: UnsafeMutablePointer<Float>
    private let lags: UnsafeMutablePointer<Int32>
    private let hist: UnsafeMutablePointer<Double>
    private let smooth: UnsafeMutablePointer<Double>
    /// Weights of the histogram's triangular smoothing, 1 − |j|/k for j = −(k − 1) … k − 1 (k = Na/64), then one
    /// 0 so that the count is even (`delay` adds two at a time; the 0 lands in a bin inside the array and adds
    /// +0 to a sum ≥ 0, which leaves it unchanged).
    private let triangle: [Double]
    /// One bit per bin of `hist` / `smooth` that holds a value (Na/64 words).
    private let histBits: UnsafeMutablePointer<UInt64>
    private let smoothBits: UnsafeMutablePointer<UInt64>

    /// An analysed reference's stored window spectra (`ReferenceSpectra`; used while the window is the Hann window).
    private let referenceSpectra: ReferenceSpectra?
    private var hannWindow = true

    init(ref: [Double], deg: [Double], degLength: Int, p: P862Parameters, plans: FFTPlans,
         referenceSpectra: ReferenceSpectra? = nil) {
        self.referenceSpectra = referenceSpectra
        self.ref = ref
        self.deg = deg
        self.degLength = degLength
        na = p.alignFFT
        fft = plans.realFloat(na)
        window = FineAligner.hann(na)
        buf = .allocate(capacity: na)
        xSpectrum = .allocate(capacity: na)
        ySpectrum = .allocate(capacity: na)
        lags = .allocate(capacity: na)
        hist = .allocate(capacity: na)
        smooth = .allocate(capacity: na)
        hist.initialize(repeating: 0, count: na)
        smooth.initialize(repeating: 0, count: na)
        let k = na / 64
        triangle = (-(k - 1)...(k - 1)).map { 1 - Double(abs($0)) / Double(k) } + [0]
        histBits = .allocate(capacity: na / 64)
        smoothBits = .allocate(capacity: na / 64)
        histBits.initialize(repeating: 0, count: na / 64)
        smoothBits.initialize(repeating: 0, count: na / 64)
    }

    deinit {
        buf.deallocate()
        xSpectrum.deallocate()
        ySpectrum.deallocate()
        lags.deallocate()
        hist.deallocate()
        smooth.deallocate()
        histBits.deallocate()
        smoothBits.deallocate()
    }

    /// Periodic Hann window (P862.md §0), computed once per length and process (a few per pair were asked for:
    /// about 1 % of the wideband profile went to `cos`). Equal copies share storage, so `setWindow`'s comparison
    /// with an unchanged window is immediate.
    static func hann(_ n: Int) -> [Double] {
        hannLock.lock()
        defer { hannLock.unlock() }
        if let w = hannCache[n] { return w }
        let w = (0..<n).map { 0.5 * (1 - cos(2 * Double.pi * Double($0) / Double(n))) }
        hannCache[n] = w
        return w
    }

    /// Replaces the window (and forgets cached contributions if it differs).
    func setWindow(_ w: [Double]) {
        guard w != window else { return }
        window = w
        hannWindow = w == FineAligner.hann(na)
        cache.removeAll()
        lagStore.removeAll(keepingCapacity: true)
    }

    /// The packed spectrum of the windowed frame of `x` at `position`, into `out` (Na values).
    private func spectrum(_ x: [Double], at position: Int, into out: UnsafeMutablePointer<Float>) {
        x.withUnsafeBufferPointer { xp in
            window.withUnsafeBufferPointer { w in
                let src = xp.baseAddress! + position, win = w.baseAddress!
                for i in 0..<na { buf[i] = Float(src[i] * win[i]) }
            }
        }
        fft.forwardPacked(UnsafePointer(buf), count: na, zr: out, zi: out + na / 2)
    }

    func contribution(r: Int, d: Int) -> (offset: Int32, count: Int32, weight: Double) {
        let key = r << 32 | d
        if let c = cache[key] { return c }
        if let referenceSpectra, hannWindow {
            referenceSpectra.spectrum(at: r, into: xSpectrum) { spectrum(ref, at: r, into: $0) }
        } else {
            spectrum(ref, at: r, into: xSpectrum)
        }
        spectrum(deg, at: d, into: ySpectrum)
        // c[m] = Σ x[n]·y[(n + m) mod Na], the inverse of conj(X)·Y.
        let h = na / 2
        fft.inverseCorrelation(xr: xSpectrum, xi: xSpectrum + h, yr: ySpectrum, yi: ySpectrum + h, into: buf)
        // |c| and its maximum are exact in float, whatever the order of the comparisons: four lanes in four
        // independent accumulators (a single running maximum was bound by the latency of its compare chain).
        var m0 = SIMD4<Float>(repeating: 0), m1 = m0, m2 = m0, m3 = m0
        let raw = UnsafeRawPointer(buf)
        for i in stride(from: 0, to: na, by: 16) {
            let a = magnitude(raw, 4 * i), b = magnitude(raw, 4 * i + 16)
            let c = magnitude(raw, 4 * i + 32), d = magnitude(raw, 4 * i + 48)
            m0.replace(with: a, where: a .> m0)
            m1.replace(with: b, where: b .> m1)
            m2.replace(with: c, where: c .> m2)
            m3.replace(with: d, where: d .> m3)
        }
        m0.replace(with: m1, where: m1 .> m0)
        m2.replace(with: m3, where: m3 .> m2)
        m0.replace(with: m2, where: m2 .> m0)
        let peak = abs(max(max(m0[0], m0[1]), max(m0[2], m0[3])))  // abs: a −0 lane gives +0 as before
        let v = 0.99 * Double(peak)
        // The lags within 1 % of the peak: |c| > v in double is |c| > t in float for t the largest float ≤ v, so
        // sixteen lanes are tested at once and only a block with a hit is looked at lane by lane (in ascending
        // order). They are gathered in local scratch (`lags`) and appended to `lagStore` once.
        var t = Float(v)
        if Double(t) > v { t = t.nextDown }
        let threshold = SIMD4<Float>(repeating: t)
        var found = 0
        for i in stride(from: 0, to: na, by: 16) {
            let hit = (magnitude(raw, 4 * i) .> threshold) .| (magnitude(raw, 4 * i + 16) .> threshold)
                .| (magnitude(raw, 4 * i + 32) .> threshold) .| (magnitude(raw, 4 * i + 48) .> threshold)
            guard any(hit) else { continue }
            for l in 0..<16 where abs(Double(buf[i + l])) > v {
                lags[found] = Int32(i + l)
                found += 1
            }
        }
        let offset = Int32(lagStore.count)
        lagStore.append(contentsOf: UnsafeBufferPointer(start: lags, count: found))
        let result = (offset, Int32(found), pow(v, 0.125))
        cache.insert(key, result)
        return result
    }

    /// |x| of the four floats at byte offset `offset` of `raw`, by clearing the sign bits (one AND: the select of
    /// −x where x < 0 took three operations without SSE4.1). It differs from the select only for −0 (+0 here) and
    /// for NaN's sign: −0 and +0 compare alike, NaN compares false either way, and the peak takes `abs` at the end,
    /// so maximum and threshold tests give the same results.
    @inline(__always)
    private func magnitude(_ raw: UnsafeRawPointer, _ offset: Int) -> SIMD4<Float> {
        let bits = raw.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self) & 0x7FFF_FFFF
        return unsafeBitCast(bits, to: SIMD4<Float>.self)
    }

    /// Histogram over window pairs, triangular smoothing of half-width Na/64, normalised by the unsmoothed
    /// sum; returns the lag (wrapped to ±Na/2) and the peak value as confidence.
    ///
    /// Only the bins that receive a value are visited (the histogram has a few dozen of Na): bitmaps mark them and
    /// are walked in ascending bin order, so every sum adds the same non-zero terms in the same order as a walk over
    /// all bins (adding 0 leaves a sum unchanged, and a bin left at 0 can never beat the running best of 0 or more):
    /// the result is bit for bit that of the full walk.
    func delay(pairs: [(r: Int, d: Int)]) -> (lag: Int, confidence: Double) {
        // `hist`, `smooth` and their bitmaps are raw scratch, all zero between calls.
        let hist = self.hist, smooth = self.smooth, histBits = self.histBits, smoothBits = self.smoothBits
        let words = na / 64, mask = na - 1
        defer {
            for w in 0..<words {
                forEachBit(histBits[w], word: w) { hist[$0] = 0 }
                forEachBit(smoothBits[w], word: w) { smooth[$0] = 0 }
                histBits[w] = 0
                smoothBits[w] = 0
            }
        }
        for (r, d) in pairs {
            let c = contribution(r: r, d: d)
            lagStore.withUnsafeBufferPointer { lags in
                for j in Int(c.offset)..<Int(c.offset + c.count) {
                    let bin = Int(lags[j])
                    hist[bin] += c.weight
                    histBits[bin >> 6] |= 1 << UInt64(bin & 63)
                }
            }
        }
        var total = 0.0
        for w in 0..<words { forEachBit(histBits[w], word: w) { total += hist[$0] } }
        guard total > 0 else { return (0, 0) }
        // Triangular smoothing of half-width k, done sparsely: each bin m spreads h·(1 − |j|/k), |j| < k, over
        // m − k + 1 … m + k − 1 (the weights precomputed in `triangle`, the same doubles). Every smoothed bin still
        // receives its terms in ascending m, so the sums are those of the bin-by-bin loop; away from the ends the
        // 2k − 1 additions are one vector loop.
        let k = na / 64
        triangle.withUnsafeBufferPointer { tri in
            for w in 0..<words {
                forEachBit(histBits[w], word: w) { m in
                    let h = hist[m]
                    guard h != 0 else { return }
                    let base = m - (k - 1)
                    if base >= 0 && base + tri.count <= na {
                        let hv = SIMD2<Double>(repeating: h)
                        var j = 0
                        while j < tri.count {
                            let t = UnsafeRawPointer(tri.baseAddress! + j).loadUnaligned(as: SIMD2<Double>.self)
                            let sp = UnsafeMutableRawPointer(smooth + base + j)
                            sp.storeBytes(of: sp.loadUnaligned(as: SIMD2<Double>.self) + hv * t, as: SIMD2<Double>.self)
                            j += 2
                        }
                        setBits(smoothBits, from: base, through: base + 2 * k - 2)
                    } else {
                        for j in 0..<(2 * k - 1) {
                            let bin = (base + j) & mask
                            smooth[bin] += h * tri[j]
                            smoothBits[bin >> 6] |= 1 << UInt64(bin & 63)
                        }
                    }
                }
            }
        }
        // The largest smooth[m]/total, first in ascending m (as a running maximum from 0 would find it). Division
        // by total > 0 is monotone, so the largest quotient is that of the largest sum; the first bin reaching it is
        // looked for among the bins whose sum is within a factor (1 − 2⁻⁴⁰) of the largest (a smaller sum divides
        // to a smaller quotient).
        var top = 0.0
        for w in 0..<words { forEachBit(smoothBits[w], word: w) { m in top = max(top, smooth[m]) } }
        let best = top / total
        let floor = top * (1 - 0x1p-40)
        var bestLag = 0
        if best > 0 {
            search: for w in 0..<words {
                var b = smoothBits[w]
                while b != 0 {
                    let m = w << 6 | b.trailingZeroBitCount
                    if smooth[m] >= floor && smooth[m] / total == best {
                        bestLag = m
                        break search
                    }
                    b &= b - 1
                }
            }
        }
        if bestLag >= na / 2 { bestLag -= na }
        return (bestLag, best)
    }

    /// Sets the bits first…last (first ≥ 0, last < Na) of a bitmap.
    @inline(__always)
    private func setBits(_ bits: UnsafeMutablePointer<UInt64>, from first: Int, through last: Int) {
        var i = first
        while i <= last {
            let w = i >> 6, lo = i & 63, hi = min(63, lo + (last - i))
            let ones: UInt64 = hi - lo == 63 ? ~0 : ((1 << UInt64(hi - lo + 1)) - 1) << UInt64(lo)
            bits[w] |= ones
            i += hi - lo + 1
        }
    }

    /// Calls `body` with the index of every set bit of `bits` (bitmap word number `word`), in ascending order.
    @inline(__always)
    private func forEachBit(_ bits: UInt64, word: Int, _ body: (Int) -> Void) {
        var b = bits
        while b != 0 {
            body(word << 6 | b.trailingZeroBitCount)
            b &= b - 1
        }
    }

    /// Window pairs running forward from reference sample `r` with degraded offset `estimate`, while the
    /// reference window ends before `refEnd` (P862.md §5.5 step 2, §6.4).
    func forwardPairs(from r0: Int, estimate: Int, refEnd: Int) -> [(r: Int, d: Int)] {
        var r = r0
        var d = r + estimate
        if d < 0 {
            r = -estimate
            d = 0
        }
        var pairs: [(r: Int, d: Int)] = []
        while d + na <= degLength && r + na <= refEnd {
            pairs.append((r, d))
            r += na / 4
            d += na / 4
        }
        return pairs
    }

    /// Window pairs running backwards from reference end `refEnd` down to `refStart` (P862.md §6.5).
    func backwardPairs(refEnd: Int, estimate: Int, refStart: Int) -> [(r: Int, d: Int)] {
        var r = refEnd - na
        var d = r + estimate
        if d + na > degLength {
            d = degLength - na
            r = d - estimate
        }
        var pairs: [(r: Int, d: Int)] = []
        while d >= 0 && r >= refStart {
            pairs.append((r, d))
            r -= na / 4
            d -= na / 4
        }
        return pairs
    }
}

/// Utterance search and per-utterance delays (P862.md §5.4–5.6).
enum UtteranceSearch {
    /// Speech runs of the reference VAD that qualify as utterances (§5.4): (k_s, k_e) in frames.
    static func runs(vad: [Double], degLength: Int, crudeDelay dc: Int, p: P862Parameters) -> [(Int, Int)] {
        let w = vad.count
        var result: [(Int, Int)] = []
        var k = 0
        while k < w {
            guard vad[k] > 0 else {
                k += 1
                continue
            }
            let ks = k
            var ke = k + 1
            while ke < w - 1 && vad[ke] > 0 { ke += 1 }
            if ke >= w { ke = w - 1 }
            if ke - ks >= P862Limits.minUtteranceLength && ks < (degLength - dc) / p.ds - P862Limits.minUtteranceLength
                && ke > P862Limits.minUtteranceLength - dc / p.ds {
                result.append((ks, ke))
            }
            k = ke + 1
        }
        return result
    }

    /// Finds the utterances, their crude and fine delays, and their tiled boundaries (§5.4–5.6).
    static func find(refVAD: [Double], refEnvelope: [Double], degEnvelope: [Double], refLength: Int,
                     degLength: Int, crudeDelay dc: Int, aligner: FineAligner, p: P862Parameters,
                     plans: FFTPlans) -> [Utterance] {
        let w = refLength / p.ds
        let found = runs(vad: refVAD, degLength: degLength, crudeDelay: dc, p: p)
        var utterances: [Utterance] = []
        aligner.setWindow(FineAligner.hann(p.alignFFT))
        for (ks, ke) in found {
            let s = max(ks - p.searchFrames, 0)
            let e = min(ke + p.searchFrames, w - 1)
            let crude = CrudeDelay.estimate(reference: refEnvelope, degraded: degEnvelope, start: s, end: e,
                                            estimate: dc, p: p, plans: plans)
            let pairs = aligner.forwardPairs(from: s * p.ds, estimate: crude, refEnd: e * p.ds)
            let fine = aligner.delay(pairs: pairs)
            utterances.append(Utterance(searchStart: s, searchEnd: e, start: ks, end: ke, delayEstimate: crude,
                                        delay: crude + fine.lag, confidence: fine.confidence))
        }
        guard !utterances.isEmpty else { return [] }
        // §5.6 boundaries.
        let ds = p.ds, sb = p.searchFrames
        let count = utterances.count
        utterances[0].start = sb
        utterances[count - 1].end = w - sb
        for u in 1..<count {
            let mid = (utterances[u].start + utterances[u - 1].end) / 2
            utterances[u].start = mid
            utterances[u - 1].end = mid
        }
        if utterances[0].start * ds + utterances[0].delay < p.sbs {
            utterances[0].start = sb + (ds - 1 - utterances[0].delay) / ds
        }
        let last = count - 1
        if utterances[last].end * ds + utterances[last].delay > degLength - p.sbs {
            utterances[last].end = (degLength - utterances[last].delay) / ds - sb
        }
        for u in 1..<count {
            let s = utterances[u].start * ds + utterances[u].delay
            let e = utterances[u - 1].end * ds + utterances[u - 1].delay
            if s < e {
                let c = (s + e) / 2
                utterances[u].start = (ds - 1 + c - utterances[u].delay) / ds
                utterances[u - 1].end = (c - utterances[u - 1].delay) / ds
            }
        }
        return utterances
    }
}
