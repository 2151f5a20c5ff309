import Playout
import Testing

/// `RepeatWithFadeConcealment.conceal` computes its gain once per 10 ms step (issue 16 part 2); the samples must be
/// exactly those of the per-sample formula of MODELS.md §5.3 (20 % less per 10 ms, silence after 60 ms, 1 ms
/// cross-fade from the last good sample), written out here as the oracle.
@Suite struct RepeatWithFadeSpeedTests {
    static func oracle(lastGood: [Float], previous: Float, erasedBefore: Int, count: Int, sampleRate: Int) -> [Float] {
        let samplesPer10ms = Double(sampleRate) / 100
        let crossFade = max(1, sampleRate / 1000)
        return (0..<count).map { i in
            let position = Double(erasedBefore + i)
            let gain = max(0, 1 - 0.2 * (position / samplesPer10ms).rounded(.down))
            var sample = position < 6 * samplesPer10ms ? Float(gain) * lastGood[i % lastGood.count] : 0
            if erasedBefore == 0 && i < crossFade {
                let w = Float(i + 1) / Float(crossFade + 1)
                sample = w * sample + (1 - w) * previous
            }
            return sample
        }
    }

    @Test(arguments: [8000, 16000, 11025])
    func samplesEqualThePerSampleFormula(_ sampleRate: Int) {
        let frame = sampleRate / 100
        var generator = SystemRandomNumberGenerator()
        let good = (0..<frame).map { _ in Float.random(in: -1...1, using: &generator) }
        var concealment = RepeatWithFadeConcealment(sampleRate: sampleRate)
        concealment.observe(goodFrame: good)
        var erased = 0
        // Frames of varied sizes through the whole fade and past the silence.
        for count in [frame, frame / 2, 3, frame * 2, 7, frame, frame * 3, frame] {
            let got = concealment.conceal(count: count)
            let expected = Self.oracle(lastGood: good, previous: good.last!, erasedBefore: erased, count: count, sampleRate: sampleRate)
            #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "\(sampleRate) Hz, \(count) samples after \(erased)")
            erased += count
        }
    }
}
