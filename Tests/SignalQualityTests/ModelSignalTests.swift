import AudioIO
import XCTest

@testable import SignalQuality

/// The model signals are held in float (`SignalAnalysis.model`) because their values are float-exact: the
/// narrowband IRS filter's output comes from a float transform, the wideband one from the float high-pass. Checked on
/// every fixture pair as the pipeline builds them (in double, before the conversion): each value is a float.
final class ModelSignalTests: XCTestCase {
    func testModelSignalsAreFloatExact() throws {
        let fixtures = try OracleAgreementTests.loadFixtures()
        var checked = 0
        for f in fixtures {
            let (_, _, models) = try Self.modelSignals(of: f)
            for model in models.compactMap({ $0 }) {
                let inexact = model.firstIndex { Double(Float($0)) != $0 }
                XCTAssertNil(inexact, "\(f.id): model value \(inexact.map { model[$0] } ?? 0) is not a float")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 2 * fixtures.count)
    }

    /// A fixture pair's two model signals as `P862.score` builds them (level alignment and receive filter, in
    /// double), with the pipeline and the padded length they were made for; shared with `LoudnessPowerTests`.
    static func modelSignals(of f: OracleAgreementTests.Fixture) throws -> (Pipeline, Int, [[Double]?]) {
        let ref = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.reference)
        let deg = try AudioFile.read(path: OracleAgreementTests.fixtureDirectory + f.degraded)
        let pipeline = Pipeline(rate: ref.sampleRate, band: f.band, options: P862Options())
        let lMax = max(ref.samples.count, deg.samples.count) + 2 * pipeline.p.sbs
        let models = pipeline.modelSignals([ref.samples, deg.samples], lMax: lMax,
                                           peak: pipeline.inputPeak(ref.samples, deg.samples))
        return (pipeline, lMax, models)
    }
}
