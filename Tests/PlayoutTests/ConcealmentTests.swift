import Foundation
import Playout
import Testing

/// A voiced-speech stand-in: a 125 Hz glottal-like harmonic series at 8 kHz (period 64 samples).
func voiced(_ count: Int, from start: Int = 0) -> [Float] {
    (0..<count).map { i in
        let t = Double(start + i) / 8000
        return Float(0.3 * sin(2 * .pi * 125 * t) + 0.15 * sin(2 * .pi * 250 * t + 0.5) + 0.08 * sin(2 * .pi * 375 * t + 1))
    }
}

func rms(_ x: ArraySlice<Float>) -> Double {
    (x.map { Double($0) * Double($0) }.reduce(0, +) / Double(max(1, x.count))).squareRoot()
}

@Suite struct G711AppendixITests {
    /// After voiced speech, the first 10 ms of an erasure are non-silent and close in level to the speech; the output
    /// is silent from 60 ms into the erasure (+ the 30-sample delay), as MODELS.md §5.1 / P1 describe.
    @Test func concealsVoicedSpeechThenFades() {
        var plc = G711AppendixIConcealment()
        #expect(plc.delaySamples == 30)
        var out: [Float] = []
        for frame in 0..<25 { out += plc.process(goodFrame: voiced(80, from: frame * 80)) }
        for _ in 0..<10 { out += plc.conceal(count: 80) }
        let start = 25 * 80 + 30                       // first concealed sample leaves the history 30 samples late
        let speech = rms(voiced(80, from: 2000)[...])
        let first = rms(out[start..<(start + 80)])
        print("App I: speech rms \(speech), first concealed 10 ms rms \(first)")
        #expect(first > 0.7 * speech && first < 1.3 * speech)
        let second = rms(out[(start + 80)..<(start + 160)])
        #expect(second > 0.5 * speech)                 // gain 1 → 0.8 over 10–20 ms
        #expect(out[(start + 480)..<(25 * 80 + 800)].allSatisfy { $0 == 0 })
        // Pitch: the synthetic first frame repeats with the 64-sample period.
        let a = out[start..<(start + 64)], b = out[(start + 64)..<(start + 128)]
        let diff = zip(a, b).map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +)
        #expect(diff.squareRoot() < 0.2 * (Double(rms(a)) * 8))
    }

    @Test func pitchSearchFindsPeriod() {
        var plc = G711AppendixIConcealment()
        for frame in 0..<10 { _ = plc.process(goodFrame: voiced(80, from: frame * 80)) }
        _ = plc.conceal(count: 80)
        #expect(plc.estimatedPitch == 64)
    }

    /// The first good frame after an erasure is cross-faded in, and good speech passes through 30 samples late.
    @Test func passesGoodSpeechDelayed() {
        var plc = G711AppendixIConcealment()
        var out: [Float] = []
        for frame in 0..<10 { out += plc.process(goodFrame: voiced(80, from: frame * 80)) }
        let input = voiced(800)
        for i in 30..<800 { #expect(abs(out[i] - input[i - 30]) < 1e-6) }
    }

    @Test func beatsSilenceAfterVoicedSpeech() {
        var plc = G711AppendixIConcealment()
        var silence = SilenceConcealment()
        for frame in 0..<25 { _ = plc.process(goodFrame: voiced(80, from: frame * 80)); silence.observe(goodFrame: voiced(80)) }
        let concealed = plc.conceal(count: 80) + plc.conceal(count: 80)
        #expect(rms(concealed[...]) > 0.1)
        #expect(rms(silence.conceal(count: 160)[...]) == 0)
    }
}
