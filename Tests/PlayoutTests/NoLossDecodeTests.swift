import ChannelModels
import Foundation
import LabCore
import Playout
import SpeechCodecs
import Testing

/// A receiver given the sweep's no-loss decode (`NoLossDecode`) must play exactly what it plays decoding
/// everything itself (issue 16 part 2): for a stateless decoder every frame is reused; for a decoder with state only
/// the frames before the first departure from the no-loss order, then its own decoder takes over.
@Suite struct NoLossDecodeTests {
    struct Case {
        var codec: String
        var loss: Double
        var stretch: Bool
        var concealment: @Sendable (Int) -> any Concealment
    }

    static let cases: [Case] = [
        Case(codec: "g711u", loss: 0.05, stretch: true, concealment: { G711AppendixIConcealment(sampleRate: $0) }),
        Case(codec: "l16", loss: 0.03, stretch: false, concealment: { RepeatWithFadeConcealment(sampleRate: $0) }),
        Case(codec: "g726-32", loss: 0.05, stretch: true, concealment: { RepeatWithFadeConcealment(sampleRate: $0) }),
        Case(codec: "g726-32", loss: 0, stretch: false, concealment: { _ in SilenceConcealment() }),
        Case(codec: "gsm-fr", loss: 0.1, stretch: false, concealment: { _ in SilenceConcealment() }),
        Case(codec: "amr-nb-12.2", loss: 0.05, stretch: true, concealment: { _ in SilenceConcealment() }),  // conceals itself
        Case(codec: "opus-nb-11-fec", loss: 0.05, stretch: false, concealment: { _ in SilenceConcealment() }),
        Case(codec: "opus-nb-11", loss: 0, stretch: false, concealment: { _ in SilenceConcealment() }),
        Case(codec: "codec2-3200", loss: 0.05, stretch: true, concealment: { RepeatWithFadeConcealment(sampleRate: $0) }),
    ]

    @Test(arguments: cases.indices)
    func playsTheSameAsDecodingEverything(_ index: Int) throws {
        let setup = Self.cases[index]
        let codec = try CodecRegistry.codec(named: setup.codec)
        let descriptor = codec.descriptor
        let packets = 300
        let (payloads, framesPerPacket) = try encodedTone(codec, packets: packets)
        let loss: any LossModel = setup.loss > 0 ? BernoulliLoss(rate: setup.loss) : NoLoss()
        let channel = NetworkChannel(delay: NormalJitterDelay(latencyMs: 60, stddevMs: 15), loss: loss)
        let arrivals = channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: 20), seed: 11)
        let noLoss = try NoLossDecode(payloads: payloads, decoder: codec.makeDecoder())

        func play(reusing: NoLossDecode?) throws -> (audio: [Float], statistics: Receiver.Statistics, concealed: Int, removed: Int, inserted: Int) {
            var audio = ReceiverAudio(decoder: try codec.makeDecoder(), concealment: setup.concealment(descriptor.sampleRate),
                                      payloads: payloads, noLoss: reusing)
            let buffer = NetEqJitterBuffer(settings: AdaptiveBufferSettings(timeStretch: setup.stretch))
            _ = try PlayoutDriver.run(buffer, arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20, packets: packets),
                                      talkspurtStarts: nil, activity: nil, media: &audio)
            let output = try audio.finish()
            return (output, audio.statistics, audio.concealedSamples, audio.removedSamples, audio.insertedSamples)
        }
        let decoded = try play(reusing: nil)
        let reused = try play(reusing: noLoss)
        #expect(decoded.audio.count > packets * framesPerPacket * descriptor.frameSamples / 2)
        #expect(decoded.audio.withUnsafeBytes { Array($0) } == reused.audio.withUnsafeBytes { Array($0) }, "\(setup.codec)")
        #expect(decoded.statistics == reused.statistics && decoded.concealed == reused.concealed)
        #expect(decoded.removed == reused.removed && decoded.inserted == reused.inserted)
    }
}
