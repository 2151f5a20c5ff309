import Testing
@testable import SpeechCodecs

/// Every registered codec's look-ahead is compensated: after `CodecRoundTrip` the output lines up with the input
/// (cross-correlation peak at lag 0 ± 1 sample on real speech). Codec 2 is a vocoder: its phase is synthetic, so
/// its delay is measured on the 10 ms energy envelope, within ± 5 ms (the spread between clips is about ± 3 ms).
@Suite struct CodecDelayTests {
    @Test(arguments: CodecRegistry.names)
    func delayCompensated(name: String) throws {
        let codec = try CodecRegistry.codec(named: name)
        let d = codec.descriptor
        let input = try CodecTestSupport.speech(sampleRate: d.sampleRate, seconds: CodecTestSupport.isVocoder(d) ? 30 : 2)
        let output = try CodecRoundTrip.run(codec, pcm: input)
        #expect(output.count == input.count)
        if CodecTestSupport.isVocoder(d) {
            let window = d.sampleRate / 100
            let lag = CodecTestSupport.peakLag(CodecTestSupport.envelope(input, window: window),
                                               CodecTestSupport.envelope(output, window: window), maxLag: 400)
            #expect(abs(lag) <= d.sampleRate / 200, "\(name): envelope lag \(lag) samples")
        } else {
            let lag = CodecTestSupport.peakLag(CodecTestSupport.floats(input), CodecTestSupport.floats(output), maxLag: 300)
            #expect(abs(lag) <= 1, "\(name): cross-correlation peak at lag \(lag) samples")
        }
    }
}
