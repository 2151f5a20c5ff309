import AudioIO
import LabCore
import XCTest

@testable import SignalQuality

/// The reference side analysed once (`P862.reference`) scores exactly like the one-shot `P862.score`, also when the
/// degraded signal is longer than the reference (then the reference is analysed again for that pair's Lmax).
final class P862ReferenceTests: XCTestCase {
    func testAnalysedReferenceGivesIdenticalResults() throws {
        let fixtures = try OracleAgreementTests.loadFixtures()
        var longer = 0, compared = 0
        var prepared: [String: P862Reference] = [:]
        for f in fixtures {
            let ref = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.reference)
            let deg = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.degraded)
            let key = f.reference + f.band.rawValue
            if prepared[key] == nil { prepared[key] = try P862.reference(ref, band: f.band) }
            if deg.samples.count > ref.samples.count { longer += 1 }
            let once = try P862.score(reference: ref, degraded: deg, band: f.band)
            let reused = try P862.score(reference: prepared[key]!, degraded: deg)
            XCTAssertEqual(once, reused, "\(f.id)")
            compared += 1
        }
        XCTAssertEqual(compared, fixtures.count)
        XCTAssertGreaterThan(longer, 0, "no fixture exercises a degraded longer than the reference")
    }

    /// The perceptual model's reference frames kept by an analysed reference (`ReferenceFrames`) are the frames a
    /// fresh analysis of the pair computes, for every fixture where they are used; where they are not (a degraded
    /// longer than the reference, or at wideband one whose peak exceeds the reference's) the score is still the
    /// one-shot score. A wideband degraded made louder than the reference covers the second case for certain.
    func testCachedReferenceFramesAreTheFreshOnes() throws {
        let fixtures = try OracleAgreementTests.loadFixtures()
        var prepared: [String: P862Reference] = [:]
        var reused = 0, longer = 0, louder = 0
        func check(_ ref: AudioBuffer, _ deg: AudioBuffer, _ analysed: P862Reference, _ id: String) throws {
            let pipeline = Pipeline(rate: ref.sampleRate, band: analysed.band, options: analysed.options)
            let cached = try XCTUnwrap(analysed.side.frames, id)
            XCTAssertEqual(try P862.score(reference: analysed, degraded: deg),
                           try P862.score(reference: ref, degraded: deg, band: analysed.band), id)
            guard pipeline.reuses(analysed.side, reference: ref.samples, degraded: deg.samples) else {
                if deg.samples.count > ref.samples.count { longer += 1 } else { louder += 1 }
                return
            }
            reused += 1
            let lMax = max(ref.samples.count, deg.samples.count) + 2 * pipeline.p.sbs
            let fresh = try XCTUnwrap(pipeline.analysePair(ref.samples, deg.samples, lMax: lMax,
                                                           peak: pipeline.inputPeak(ref.samples, deg.samples)).ref, id)
            XCTAssertEqual(cached, pipeline.referenceFrames(fresh), id)
            XCTAssertEqual(cached.lMax, lMax, id)
        }
        var louderWideband: (AudioBuffer, AudioBuffer, P862Reference)?
        for f in fixtures {
            let ref = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.reference)
            let deg = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.degraded)
            let key = f.reference + f.band.rawValue
            if prepared[key] == nil { prepared[key] = try P862.reference(ref, band: f.band) }
            try check(ref, deg, prepared[key]!, f.id)
            if f.band == .wideband && deg.samples.count <= ref.samples.count && louderWideband == nil {
                var loud = deg
                let refPeak = ref.samples.map(abs).max()!, degPeak = deg.samples.map(abs).max()!
                let gain = 1.25 * refPeak / degPeak
                for i in loud.samples.indices { loud.samples[i] *= gain }
                louderWideband = (ref, loud, prepared[key]!)
            }
        }
        let (ref, loud, analysed) = try XCTUnwrap(louderWideband, "no wideband fixture to make louder")
        let before = louder
        try check(ref, loud, analysed, "louder wideband")
        XCTAssertEqual(louder, before + 1, "a louder wideband degraded must not use the cached frames")
        XCTAssertGreaterThan(reused, fixtures.count / 2, "the cached frames are rarely used")
        XCTAssertGreaterThan(longer, 0, "no fixture exercises a degraded longer than the reference")
    }

    func testLengthLimits() {
        let long = AudioBuffer(samples: [Float](repeating: 0.1, count: 8000 * P862.maximumSeconds + 1), sampleRate: 8000)
        let short = AudioBuffer(samples: [Float](repeating: 0.1, count: 8000), sampleRate: 8000)
        XCTAssertThrowsError(try P862.score(reference: long, degraded: short, band: .narrowband)) { error in
            XCTAssertEqual((error as? P862Error)?.kind, .tooLong)
            XCTAssertTrue("\(error)".contains("longer than the \(P862.maximumSeconds) s"), "\(error)")
        }
        XCTAssertThrowsError(try P862.reference(long, band: .narrowband)) { error in
            XCTAssertEqual((error as? P862Error)?.kind, .tooLong)
        }
    }
}
