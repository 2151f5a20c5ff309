import XCTest

@testable import SignalQuality

/// The fine aligner's sparse histogram, vector smoothing and argmax (`FineAligner.delay`) against the plain
/// definition (P862.md §5.5, §6.4): every bin, the triangular weights computed term by term, a running maximum of
/// smoothed/total. Only the order of independent work differs, so lag and confidence must agree exactly; and the
/// open-addressing pair cache behaves as a dictionary.
final class FineAlignerTests: XCTestCase {
    func signal(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int64(bitPattern: state >> 11) % 20000) / 10
            return Double(Float(2000 * sin(Double(i) * 0.031) * sin(Double(i) * 0.0007) + noise))
        }
    }

    /// The histogram definition, bin by bin.
    func plainDelay(_ aligner: FineAligner, pairs: [(r: Int, d: Int)], na: Int) -> (lag: Int, confidence: Double) {
        var hist = [Double](repeating: 0, count: na)
        for (r, d) in pairs {
            let c = aligner.contribution(r: r, d: d)
            for j in Int(c.offset)..<Int(c.offset + c.count) { hist[Int(aligner.lagStore[j])] += c.weight }
        }
        let total = hist.reduce(0, +)
        guard total > 0 else { return (0, 0) }
        let k = na / 64
        var smooth = [Double](repeating: 0, count: na)
        for m in 0..<na where hist[m] != 0 {
            smooth[m] += hist[m]
            for j in 1..<k {
                let w = hist[m] * (1 - Double(j) / Double(k))
                smooth[(m + j) & (na - 1)] += w
                smooth[(m - j) & (na - 1)] += w
            }
        }
        var best = 0.0, bestLag = 0
        for m in 0..<na where smooth[m] / total > best {
            best = smooth[m] / total
            bestLag = m
        }
        return (bestLag >= na / 2 ? bestLag - na : bestLag, best)
    }

    func testSparseDelayEqualsPlainDefinition() {
        for rate in [8000, 16000] {
            let p = P862Parameters(rate: rate)
            let na = p.alignFFT
            let ref = signal(40 * na, seed: 7)
            // The degraded: the reference delayed by 37 samples, then by 300 after the middle, plus its own noise.
            let noise = signal(40 * na, seed: 9)
            let deg = (0..<(40 * na)).map { i -> Double in
                let shift = i < 20 * na ? 37 : 300
                return i >= shift ? Double(Float(ref[i - shift] + 0.3 * noise[i])) : 0
            }
            let plans = FFTPlans()
            let aligner = FineAligner(ref: ref, deg: deg, degLength: deg.count, p: p, plans: plans)
            var checked = 0
            for estimate in [-400, -37, 0, 37, 150, 300, 1000] {
                for start in stride(from: 0, to: 30 * na, by: 5 * na + 17) {
                    let pairs = aligner.forwardPairs(from: start, estimate: estimate, refEnd: start + 9 * na)
                    guard !pairs.isEmpty else { continue }
                    let sparse = aligner.delay(pairs: pairs)
                    let plain = plainDelay(aligner, pairs: pairs, na: na)
                    XCTAssertEqual(sparse.lag, plain.lag, "rate \(rate), estimate \(estimate), start \(start)")
                    XCTAssertEqual(sparse.confidence, plain.confidence, "rate \(rate), estimate \(estimate), start \(start)")
                    checked += 1
                }
            }
            XCTAssertGreaterThan(checked, 30)
        }
    }

    func testPairCacheActsAsADictionary() {
        var cache = PairCache(capacity: 4)
        var dictionary: [Int: PairCache.Value] = [:]
        var state: UInt64 = 3
        for round in 0..<3 {
            for i in 0..<5000 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let key = Int(state >> 44) << 32 | Int((state >> 20) & 0xFFFFF)
                if dictionary[key] == nil {
                    let value: PairCache.Value = (Int32(i), Int32(round), Double(i) * 0.5)
                    dictionary[key] = value
                    cache.insert(key, value)
                }
                let probe = i % 3 == 0 ? key + 1 : key
                let a = cache[probe], b = dictionary[probe]
                XCTAssertEqual(a == nil, b == nil)
                if let a, let b { XCTAssertTrue(a == b) }
            }
            cache.removeAll()
            dictionary.removeAll()
            XCTAssertNil(cache[0])
        }
    }
}
