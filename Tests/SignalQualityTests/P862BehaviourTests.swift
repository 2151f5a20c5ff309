import AudioIO
import Foundation
import LabCore
import XCTest

@testable import SignalQuality

/// Invariances and failure modes of P.862 (P862.md §2, §8, §11) on the committed fixture speech.
final class P862BehaviourTests: XCTestCase {
    static let nbRef = try! AudioFile.read(path: OracleAgreementTests.fixtureDirectory + "nb_ref0.flac")
    static let wbRef = try! AudioFile.read(path: OracleAgreementTests.fixtureDirectory + "wb_ref0.flac")

    func buffer(_ samples: [Float], _ rate: Int) -> AudioBuffer { AudioBuffer(samples: samples, sampleRate: rate) }

    func testIdentityGivesTheMappedMaximum() throws {
        let nb = try P862.score(reference: Self.nbRef, degraded: Self.nbRef, band: .narrowband)
        XCTAssertEqual(nb.raw, 4.5, accuracy: 1e-6)
        XCTAssertEqual(nb.mosLQO, 4.5486, accuracy: 5e-5)
        XCTAssertEqual(nb.delayMs, 0)
        let nb16 = try P862.score(reference: Self.wbRef, degraded: Self.wbRef, band: .narrowband)
        XCTAssertEqual(nb16.mosLQO, 4.5486, accuracy: 5e-5)
        let wb = try P862.score(reference: Self.wbRef, degraded: Self.wbRef, band: .wideband)
        XCTAssertEqual(wb.mosLQO, 4.6439, accuracy: 5e-5)
    }

    func testDelayPolarityAndGainDoNotChangeTheScore() throws {
        let x = Self.nbRef.samples
        let cases: [(String, [Float])] = [
            ("delay 800 samples", [Float](repeating: 0, count: 800) + x),
            ("delay 37 samples", [Float](repeating: 0, count: 37) + x),
            ("polarity", x.map { -$0 }),
            ("gain 0.01", x.map { $0 * 0.01 }),
            ("200 ms appended", x + [Float](repeating: 0, count: 1600)),
        ]
        for (name, y) in cases {
            let r = try P862.score(reference: Self.nbRef, degraded: buffer(y, 8000), band: .narrowband)
            XCTAssertEqual(r.mosLQO, 4.5486, accuracy: 5e-5, name)
        }
        let delayed = try P862.score(reference: Self.nbRef, degraded: buffer([Float](repeating: 0, count: 800) + x, 8000),
                                     band: .narrowband)
        XCTAssertEqual(delayed.delayMs, 100, accuracy: 1e-9)
        XCTAssertTrue(delayed.utterances.allSatisfy { $0.delayMs == 100 })
    }

    func testMappingsMatchTheRecommendationsTable() {
        // P862.md §8 table (P.862.1 and P.862.2 evaluated in float).
        let raw = [4.5, 4.0, 3.0, 2.0, 1.0, -0.5]
        let nb = [4.5486, 4.1539, 2.8223, 1.6318, 1.1608, 1.0168]
        let wb = [4.6439, 4.3520, 3.2755, 2.0065, 1.3151, 1.0427]
        for (i, x) in raw.enumerated() {
            XCTAssertEqual(P862Mapping.narrowband(x), nb[i], accuracy: 5e-5)
            XCTAssertEqual(P862Mapping.wideband(x), wb[i], accuracy: 5e-5)
        }
    }

    func expectError(_ kind: P862Error.Kind, _ reference: AudioBuffer, _ degraded: AudioBuffer, _ band: P862Band = .narrowband,
                     file: StaticString = #filePath, line: UInt = #line) {
        do {
            let r = try P862.score(reference: reference, degraded: degraded, band: band)
            XCTFail("expected \(kind), got \(r.mosLQO)", file: file, line: line)
        } catch let error as P862Error {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), file: file, line: line)
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
        }
    }

    func testErrorsAreTypedAndOneLine() {
        let ref = Self.nbRef
        expectError(.rateMismatch, ref, Self.wbRef)
        expectError(.unsupportedRate, buffer(ref.samples, 11025), buffer(ref.samples, 11025))
        expectError(.unsupportedRate, ref, ref, .wideband)
        expectError(.tooShort, buffer(Array(ref.samples[0..<1999]), 8000), ref)
        expectError(.tooShort, ref, buffer(Array(ref.samples[0..<1999]), 8000))
        expectError(.silentReference, buffer([Float](repeating: 0, count: 80000), 8000), ref)
        expectError(.silentDegraded, ref, buffer([Float](repeating: 0, count: 80000), 8000))
        // 2000 samples pass the length check; a quarter second of speech is still too little.
        expectError(.tooLittleSpeech, buffer(Array(ref.samples[4000..<6000]), 8000), ref)
        // 60 separate bursts: more than the 50 utterances P.862 can hold.
        var bursts: [Float] = []
        let word = Array(ref.samples[4000..<6400]).map { $0 == 0 ? 0.01 : $0 }
        for _ in 0..<60 { bursts += [Float](repeating: 0, count: 2800) + word }
        let many = buffer(bursts, 8000)
        expectError(.tooManyUtterances, many, many)
    }

    /// Odd but legal inputs give a finite score or a typed error, never a crash.
    func testOddInputsNeverCrash() {
        let x = Self.nbRef.samples
        var noise = SeededRandom(seed: 862)
        let cases: [(String, [Float])] = [
            ("first second only", Array(x[0..<8000])),
            ("shifted by 3 s", [Float](repeating: 0, count: 24000) + x),
            ("advanced by 2 s", Array(x[16000...])),
            ("noise only", (0..<x.count).map { _ in Float(noise.nextUnit() - 0.5) * 0.1 }),
            ("5 s of silence appended", x + [Float](repeating: 0, count: 40000)),
            ("reversed", x.reversed()),
            ("one click", (0..<x.count).map { $0 == 5000 ? 0.5 : 0 }),
        ]
        for (name, y) in cases {
            do {
                let r = try P862.score(reference: Self.nbRef, degraded: buffer(y, 8000), band: .narrowband)
                XCTAssertTrue(r.mosLQO.isFinite && r.mosLQO >= 0.999 && r.mosLQO <= 4.999, "\(name): \(r.mosLQO)")
            } catch is P862Error {
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
    }

    func testConcurrentScoringIsDeterministic() throws {
        let x = Self.nbRef.samples
        let inputs: [AudioBuffer] = (0..<4).map { k in buffer(x.map { $0 + Float(k) * 0.001 * sin($0 * 50) }, 8000) }
        let serial = try inputs.map { try P862.score(reference: Self.nbRef, degraded: $0, band: .narrowband) }
        let box = ResultBox(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
            box.set(i, try? P862.score(reference: Self.nbRef, degraded: inputs[i], band: .narrowband))
        }
        XCTAssertEqual(box.values.map { $0?.mosLQO }, serial.map { $0.mosLQO })
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [P862Result?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: P862Result?) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }
}
