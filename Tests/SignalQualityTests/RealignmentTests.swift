import XCTest

@testable import SignalQuality

/// The bad-interval re-alignment forms the re-timed degraded (P862.md §7.12 step 1) per interval, at clamped
/// indices (`PerceptualModel.retimed`), instead of one Lmax + DP array. Checked against that array built by the
/// definition, tw[j] = deg[min(max(j + delay(j), SBS), total − SBS − 1)] on [SBS, total − SBS) and 0 elsewhere,
/// with delay(j) from `delay(at:)`: every value must be the same double, for windows inside, across and beyond
/// the clamping bounds and the utterance starts, at both rates.
final class RealignmentTests: XCTestCase {
    func testRetimedEqualsTheWholeArray() {
        for rate in [8000, 16000] {
            let p = P862Parameters(rate: rate)
            let n = 3 * rate
            let lMax = n + 2 * p.sbs
            let total = lMax + p.dataPadding
            var state: UInt64 = 862
            let deg = (0..<total).map { _ -> Float in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Float(Int64(bitPattern: state >> 11) % 65536) / 7 - 4681
            }
            // Three utterances (envelope frames) with delays of both signs, the middle one starting first.
            func utterance(_ start: Int, _ delay: Int) -> Utterance {
                Utterance(searchStart: start, searchEnd: start + 100, start: start, end: start + 100, delayEstimate: delay,
                          delay: delay, confidence: 1)
            }
            let utterances = [utterance(p.searchFrames + 40, 37), utterance(p.searchFrames + 10, -211),
                              utterance(p.searchFrames + 400, 5 * p.hop)]
            let plans = FFTPlans()
            let model = PerceptualModel(p: p, ref: deg, deg: deg, lMax: lMax, utterances: utterances,
                                        transform: AuditoryTransform(p: p, plans: plans),
                                        disturbance: DisturbanceModel(bands: p.bands), plans: plans)
            let hi = total - p.sbs - 1
            let tw = (0..<total).map { j in
                j >= p.sbs && j < total - p.sbs ? Double(deg[min(max(j + model.delay(at: j), p.sbs), hi)]) : 0
            }
            let range = 4 * p.frame
            let cases: [(j0: Int, count: Int, lo: Int, up: Int)] = [
                (p.sbs - range, 2 * range + 3000, p.sbs, hi),           // across the lower clamp
                (hi - 1000, 2 * range, p.sbs, hi),                      // across the upper clamp
                (-500, 400, p.sbs, hi),                                 // entirely below
                (total + 10, 300, p.sbs, hi),                           // entirely above
                (p.sbs + 1234, 5000, 0, lMax - 1),                      // inside, through utterance starts
                (-300, 2 * p.sbs + 600, 0, lMax - 1),                   // across 0 and the undefined head
                (lMax - 2000, 4000, 0, lMax - 1),                       // across Lmax − 1 and the undefined tail
            ]
            for c in cases {
                var out = [Double](repeating: .nan, count: c.count)
                out.withUnsafeMutableBufferPointer {
                    model.retimed(from: c.j0, count: c.count, clampedTo: c.lo, c.up, into: $0.baseAddress!)
                }
                let expected = (0..<c.count).map { tw[min(max(c.j0 + $0, c.lo), c.up)] }
                XCTAssertEqual(out, expected, "rate \(rate), window from \(c.j0), \(c.count) values")
                // The float form (the doubly re-timed signal the frames are recomputed from) holds the same values.
                var outFloat = [Float](repeating: .nan, count: c.count)
                outFloat.withUnsafeMutableBufferPointer {
                    model.retimed(from: c.j0, count: c.count, clampedTo: c.lo, c.up, into: $0.baseAddress!)
                }
                XCTAssertEqual(outFloat.map(Double.init), expected, "rate \(rate), window from \(c.j0), in float")
            }
        }
    }
}
