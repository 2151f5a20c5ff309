import AudioIO
import Foundation
import LabCore
import Reporting
import ScenarioSpecs
import SpeechCodecs
import Testing
@testable import LabPipeline

@Suite struct ExperimentTests {
    /// Issue 2: with no impairment the degraded audio is sample-identical to a plain G.711 round trip of the
    /// level-normalised reference.
    @Test(arguments: [("g711u", 10.0), ("g711u", 20.0), ("g711a", 30.0), ("g711a", 60.0)])
    func noImpairmentIsAPlainG711RoundTrip(codec: String, ptime: Double) throws {
        let spec = ScenarioSpec(name: "clean", codec: CodecSpec(name: codec, ptimeMs: ptime),
                                network: NetworkSpec(latencyMs: 40), jitterBuffer: JitterBufferSpec(depthMs: 0))
        let output = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run()

        let reference = try AudioFile.read(path: TestSupport.corpusClip)
        let normalized = reference.normalized(toActiveLevel: -26).buffer.int16Samples
        let law: G711.Law = codec == "g711u" ? .mu : .a
        let roundTrip = G711.decode(G711.encode(normalized, law: law), law: law)
        #expect(output.degraded.int16Samples == roundTrip)
        #expect(output.processedReference.int16Samples == normalized)
        #expect(output.result.packets_lost == 0 && output.result.packets_late == 0)
        #expect(output.result.concealed_ms == 0)
    }

    @Test func levelIsNormalisedToMinus26() throws {
        let output = try Experiment(spec: ScenarioSpec(name: "lvl"), clipPath: TestSupport.corpusClip).run()
        #expect(abs(ActiveSpeechLevel.measure(output.processedReference).levelDB - -26) < 0.05)
        // The corpus README's level for this clip (Corpus/levels.csv, measured by scripts/corpus/measure.py with
        // the STL's 0.5 dB bisection tolerance): −19.08 dBov.
        #expect(abs(output.result.reference_level_dbov - -19.08) < 0.5)
    }

    @Test func sameSeedSameResultDifferentSeedDifferentLoss() throws {
        var spec = ScenarioSpec(name: "ge")
        spec.network = NetworkSpec(latencyMs: 50, jitter: .normal(stddevMs: 10),
                                   loss: .gilbertElliott(p: 0.05, r: 0.3, lossBad: 1, lossGood: 0))
        let a = try Experiment(spec: spec, clipPath: TestSupport.corpusClip, seed: 42).run()
        let b = try Experiment(spec: spec, clipPath: TestSupport.corpusClip, seed: 42).run()
        let c = try Experiment(spec: spec, clipPath: TestSupport.corpusClip, seed: 43).run()
        #expect(a.degraded == b.degraded)
        #expect(a.result == b.result)
        #expect(a.events != c.events)
    }

    /// Changing the jitter buffer never changes the network's draws (per-stage random streams).
    @Test func bufferSettingsDoNotChangeNetworkDraws() throws {
        var spec = ScenarioSpec(name: "streams")
        spec.network = NetworkSpec(latencyMs: 50, jitter: .normal(stddevMs: 20), loss: .bernoulli(rate: 0.05))
        spec.jitterBuffer.depthMs = 10
        let shallow = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run()
        spec.jitterBuffer.depthMs = 120
        spec.plc = .silence
        let deep = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run()
        #expect(shallow.arrivals == deep.arrivals)
        #expect(shallow.result.packets_late > deep.result.packets_late)
    }

    @Test func heavierImpairmentPredictsLower() throws {
        let clean = try Experiment(spec: ScenarioSpec(name: "a", network: NetworkSpec(latencyMs: 5)),
                                   clipPath: TestSupport.corpusClip).run().result
        let lossy = try Experiment(spec: ScenarioSpec(name: "b", network: NetworkSpec(latencyMs: 150, loss: .bernoulli(rate: 0.05))),
                                   clipPath: TestSupport.corpusClip).run().result
        #expect(clean.predicted_mos! > 4.3)
        #expect(lossy.predicted_mos! < clean.predicted_mos! - 0.5)
        #expect(lossy.signal_mos! < clean.signal_mos! - 0.5)
        #expect(lossy.effective_loss_rate > 0.02)
        #expect(lossy.concealed_ms > 0)
    }

    @Test func stereo44kFloatIsConvertedWithNotes() throws {
        let directory = TestSupport.temporaryDirectory()
        let mono = try AudioFile.read(path: TestSupport.corpusClip)
        let resampled = try Resampler.resample(mono, to: 44100)
        let path = directory + "/float44k.wav"
        try AudioFile.writeWAV(resampled, to: path, encoding: .float32)
        let output = try Experiment(spec: ScenarioSpec(name: "conv"), clipPath: path).run()
        #expect(output.result.notes.contains { $0.contains("resampled 44100 Hz to 8000 Hz") })
        #expect(output.result.notes.contains { $0.contains("float") })
        #expect(output.degraded.sampleRate == 8000)
    }

    @Test func missingReferenceIsAClearError() {
        #expect {
            _ = try Experiment(spec: ScenarioSpec(name: "m"), clipPath: "/nonexistent/clip.wav").run()
        } throws: { error in
            "\(error)" == "/nonexistent/clip.wav: file not found (hint: check the path; corpus clips live in Corpus/)"
        }
    }

    @Test func silentReferenceIsRefused() throws {
        let path = TestSupport.temporaryDirectory() + "/silence.wav"
        try AudioFile.writeWAV(AudioBuffer(samples: [Float](repeating: 0, count: 16000), sampleRate: 8000), to: path)
        #expect {
            _ = try Experiment(spec: ScenarioSpec(name: "s"), clipPath: path).run()
        } throws: { error in "\(error)".contains("silent") }
    }

    @Test func expectationsAreChecked() throws {
        var spec = try ScenarioLoader.parse(yaml: "name: e\nexpect: {predicted_mos: {min: 4.6}, loss_rate: {max: 0.5}}\n", file: "e.yaml")
        let result = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run().result
        #expect(result.failed_expectations.count == 1)
        #expect(result.failed_expectations[0].hasPrefix("predicted_mos = "))
        spec = try ScenarioLoader.parse(yaml: "name: e\nexpect:\n  predicted_moss: {min: 4}\n", file: "e.yaml")
        #expect {
            _ = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run()
        } throws: { error in "\(error)".hasPrefix("e.yaml:3:3: expect: unknown result field 'predicted_moss' (hint: did you mean 'predicted_mos'?") }
    }

    /// An impossible `emodel:` value is refused before any run (issue 14: `validate` refuses it too, and a sweep
    /// never computes every run first); a possible one outside G.107's validated range computes with a warning
    /// (issue 11) unless strict.
    @Test func emodelOverrideOutOfRangeNamesTheSpecLine() throws {
        let impossible = try ScenarioLoader.parse(yaml: "name: e\nemodel:\n  Ta: -5\n", file: "e.yaml")
        #expect {
            try Preflight.check(impossible)
        } throws: { error in "\(error)".hasPrefix("e.yaml:3:3: emodel.Ta") }
        let extrapolated = try ScenarioLoader.parse(yaml: "name: e\nemodel:\n  Ie: 99\n", file: "e.yaml")
        try Preflight.check(extrapolated)
        #expect {
            try EModelInputCheck.validate(spec: extrapolated, strict: true)
        } throws: { error in "\(error)".hasPrefix("e.yaml:3:3: emodel.Ie") }
    }
}

/// Codecs with look-ahead: the delay is removed, the length kept, and the tail is not left silent.
@Suite struct LookaheadCodecTests {
    @Test(arguments: ["g729a", "amr-nb-12.2", "opus-nb-11", "speex-nb-15", "g722-64"])
    func lengthAndTailSurviveLookahead(codec: String) throws {
        var spec = ScenarioSpec(name: "la", codec: CodecSpec(name: codec, ptimeMs: 20), network: NetworkSpec(latencyMs: 20))
        spec.reference = .files([TestSupport.corpusClip])
        let output = try Experiment(spec: spec, clipPath: TestSupport.corpusClip).run()
        #expect(output.degraded.samples.count == output.processedReference.samples.count)
        // The last 400 ms of the reference hold speech's end and trailing silence; compare energy just before it.
        let n = output.degraded.samples.count, rate = output.degraded.sampleRate
        let window = (n - rate)..<(n - rate / 2)
        let referenceEnergy = window.map { Double(output.processedReference.samples[$0] * output.processedReference.samples[$0]) }.reduce(0, +)
        let degradedEnergy = window.map { Double(output.degraded.samples[$0] * output.degraded.samples[$0]) }.reduce(0, +)
        if referenceEnergy > 1e-3 { #expect(degradedEnergy > referenceEnergy * 0.1, "\(codec): tail energy \(degradedEnergy) vs \(referenceEnergy)") }
        #expect(output.result.signal_mos != nil)
    }
}
