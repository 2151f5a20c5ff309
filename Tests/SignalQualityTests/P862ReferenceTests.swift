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
