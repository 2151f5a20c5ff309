import AudioIO
import LabCore
import XCTest

@testable import SignalQuality

/// Oracle test: every fixture pair against the `pesq` package's score.
///
/// Fixtures and scores.csv are built by `python3 scripts/pesq/make_fixtures.py` (the oracle is `pesq` 0.0.4 from
/// PyPI, the ITU-T P.862 Annex A reference code). Run with
/// `swift test -c release -Xswiftc -enable-testing --filter SignalQualityTests`.
final class OracleAgreementTests: XCTestCase {
    struct Fixture {
        var id: String
        var band: P862Band
        var reference: String
        var degraded: String
        var expected: Double
    }

    static let fixtureDirectory: String = {
        var path = #filePath
        while let last = path.last, last != "/" { path.removeLast() }
        return path + "Fixtures/"
    }()

    /// The repository root (references of the low-rate set are corpus clips, named from there).
    static let repositoryRoot: String = {
        var path = fixtureDirectory
        for _ in 0..<3 {
            path.removeLast()
            while let last = path.last, last != "/" { path.removeLast() }
        }
        return path
    }()

    /// `Fixtures/scores.csv` (file names relative to Fixtures/), or with `lowRate` `Fixtures/lowrate/scores.csv`,
    /// whose rows are returned with full paths (its references are corpus clips).
    static func loadFixtures(lowRate: Bool = false) throws -> [Fixture] {
        let file = lowRate ? fixtureDirectory + "lowrate/scores.csv" : fixtureDirectory + "scores.csv"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var rows: [Fixture] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let c = line.split(separator: ",").map(String.init)
            guard c.count >= 7, let band = P862Band(rawValue: c[1]), let mos = Double(c[6]) else { continue }
            if lowRate {
                rows.append(Fixture(id: c[0], band: band, reference: repositoryRoot + c[3],
                                    degraded: fixtureDirectory + "lowrate/" + c[4], expected: mos))
            } else {
                rows.append(Fixture(id: c[0], band: band, reference: c[3], degraded: c[4], expected: mos))
            }
        }
        return rows
    }

    /// The one main-set pair beyond 1e-4 (+1.18e-4; G.711 with loss and 120 ms delay). Its utterances and delays
    /// match the reference's; the reference program itself gives this pair's score exactly when only its FFT is
    /// made double precision (docs/p862.md, "Low-rate codecs"), so the difference is its float FFT rounding.
    static let mainExceptionID = "nb080_codec_loss_delay"

    func testAgreementWithReference() throws {
        let fixtures = try Self.loadFixtures()
        XCTAssertGreaterThanOrEqual(fixtures.filter { $0.band == .narrowband }.count, 60)
        XCTAssertGreaterThanOrEqual(fixtures.filter { $0.band == .wideband }.count, 20)
        var cache: [String: AudioBuffer] = [:]
        func load(_ name: String) throws -> AudioBuffer {
            if let b = cache[name] { return b }
            let b = try AudioFile.read(path: Self.fixtureDirectory + name)
            cache[name] = b
            return b
        }
        var results: [(Fixture, Double)] = []
        for f in fixtures {
            let ours = try P862.score(reference: load(f.reference), degraded: load(f.degraded), band: f.band).mosLQO
            results.append((f, ours))
            let delta = ours - f.expected
            if abs(delta) > 0.01 {
                print(String(format: "  %-32@ ref %.4f ours %.4f  Δ %+.4f", f.id, f.expected, ours, delta))
            }
            XCTAssertLessThanOrEqual(abs(delta), f.id == Self.mainExceptionID ? 2e-4 : 1e-4,
                                     "\(f.id): ours \(ours), reference \(f.expected)")
        }
        for (name, subset) in [("nb", results.filter { $0.0.band == .narrowband }),
                               ("wb", results.filter { $0.0.band == .wideband }), ("all", results)] {
            let s = Statistics(subset.map { ($0.0.expected, $0.1) })
            print(String(format: "P.862 agreement %@: n=%d RMSE %.6f Pearson r %.7f max|Δ| %.6f", name,
                         subset.count, s.rmse, s.pearson, s.maxAbs))
        }
        let all = Statistics(results.map { ($0.0.expected, $0.1) })
        XCTAssertLessThanOrEqual(all.rmse, 0.03)
        XCTAssertGreaterThanOrEqual(all.pearson, 0.998)
    }
}


extension OracleAgreementTests {
    /// Very-low-rate codecs (Codec 2 700C/1200, AMR-NB 4.75, Opus 6 kbit/s) on the corpus clips, built by
    /// `python3 scripts/pesq/make_lowrate_fixtures.py` with the same oracle; every pair must agree to 1e-4 except
    /// those in `knownDivergent` (0.005). Those three are decided by the reference's own rounding noise: the corpus
    /// clips pause in digital silence, where the reference's float FFT filters (level alignment, IRS) leave
    /// leakage of about 1e-6 of full scale plus float rounding noise of 1–4 % of it; fine-alignment windows there
    /// still vote in the delay histogram (weight v^0.125, P862.md §5.5), and with a vocoder's flat histogram those
    /// votes pick the arg-max. Fed the reference program's own alignment signals, this implementation matches it on
    /// all four (then) to 1e-6; with only its FFT made double, the reference itself moves by up to 0.023 on this set
    /// (docs/p862.md, "Low-rate codecs").
    /// (nb_nb03-busy_codec2_700c left this list when the level and IRS filters went to single precision like the
    /// reference's: 0.0022 → 1e-6.)
    static let knownDivergent: Set<String> = [
        "nb_nb08-conference-pin_codec2_700c", "nb_nb09-mute_codec2_700c", "nb_nb10-save-message_codec2_700c",
    ]

    func testAgreementOnLowRateCodecs() throws {
        let fixtures = try Self.loadFixtures(lowRate: true)
        XCTAssertGreaterThanOrEqual(fixtures.filter { $0.band == .narrowband }.count, 40)
        XCTAssertGreaterThanOrEqual(fixtures.filter { $0.band == .wideband }.count, 15)
        var cache: [String: AudioBuffer] = [:]
        func load(_ path: String) throws -> AudioBuffer {
            if let b = cache[path] { return b }
            let b = try AudioFile.read(path: path)
            cache[path] = b
            return b
        }
        var results: [(Fixture, Double)] = []
        for f in fixtures {
            let ours = try P862.score(reference: load(f.reference), degraded: load(f.degraded), band: f.band).mosLQO
            results.append((f, ours))
            let delta = abs(ours - f.expected)
            if delta > 1e-4 { print(String(format: "  %-40@ ref %.6f ours %.6f  Δ %+.6f", f.id, f.expected, ours, ours - f.expected)) }
            XCTAssertLessThanOrEqual(delta, Self.knownDivergent.contains(f.id) ? 0.005 : 1e-4, "\(f.id)")
        }
        let s = Statistics(results.map { ($0.0.expected, $0.1) })
        let within = results.filter { abs($0.1 - $0.0.expected) <= 1e-4 }.count
        print(String(format: "P.862 agreement low-rate codecs: n=%d RMSE %.6f max|Δ| %.6f, %d within 1e-4", results.count,
                     s.rmse, s.maxAbs, within))
    }
}

struct Statistics {
    var rmse: Double
    var pearson: Double
    var maxAbs: Double

    init(_ pairs: [(Double, Double)]) {
        let n = Double(pairs.count)
        var se = 0.0, mx = 0.0, sx = 0.0, sy = 0.0
        for (x, y) in pairs {
            se += (x - y) * (x - y)
            mx = max(mx, abs(x - y))
            sx += x
            sy += y
        }
        let ax = sx / n, ay = sy / n
        var cxy = 0.0, cxx = 0.0, cyy = 0.0
        for (x, y) in pairs {
            cxy += (x - ax) * (y - ay)
            cxx += (x - ax) * (x - ax)
            cyy += (y - ay) * (y - ay)
        }
        rmse = (se / n).squareRoot()
        pearson = cxy / (cxx * cyy).squareRoot()
        maxAbs = mx
    }
}
