import ChannelModels
import Foundation
import LabCore
import Playout
import SpeechCodecs
import Testing

/// A receiver whose audio is deferred (`DeferredReceiverAudio`: the buffer's calls recorded, the audio rendered
/// from them afterwards, or taken from an earlier run that made the same calls) must give exactly what the live
/// receiver gives (issue 16 part 2, third pass): samples, concealment statistics and counts, with fixed buffers
/// (recorded throughout) and with a stretching buffer (recorded until the first stretch, then live).
@Suite struct DeferredReceiverAudioTests {
    struct Setup {
        var codec: any SpeechCodec
        var payloads: [[[UInt8]]]
        var arrivals: [PacketArrival]
        var noLoss: NoLossDecode
        var packets: Int
    }

    static func setup(codec name: String, loss: Double, jitterMs: Double = 15) throws -> Setup {
        let codec = try CodecRegistry.codec(named: name)
        let packets = 300
        let payloads = try encodedTone(codec, packets: packets).payloads
        let lossModel: any LossModel = loss > 0 ? BernoulliLoss(rate: loss) : NoLoss()
        let channel = NetworkChannel(delay: NormalJitterDelay(latencyMs: 60, stddevMs: jitterMs), loss: lossModel)
        let arrivals = channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: 20), seed: 7)
        return Setup(codec: codec, payloads: payloads, arrivals: arrivals, noLoss: try NoLossDecode(payloads: payloads, decoder: codec.makeDecoder()),
                     packets: packets)
    }

    static let concealments: [@Sendable (Int) -> any Concealment] = [
        { _ in SilenceConcealment() }, { RepeatWithFadeConcealment(sampleRate: $0) }, { G711AppendixIConcealment(sampleRate: $0) },
    ]

    func fresh(_ setup: Setup, _ concealment: Int) throws -> ReceiverAudio {
        ReceiverAudio(decoder: try setup.codec.makeDecoder(), concealment: Self.concealments[concealment](setup.codec.descriptor.sampleRate),
                      payloads: setup.payloads, noLoss: setup.noLoss)
    }

    func live(_ setup: Setup, _ concealment: Int, _ buffer: some JitterBuffer) throws -> RenderedAudio {
        var audio = try fresh(setup, concealment)
        _ = try PlayoutDriver.run(buffer, arrivals: setup.arrivals, stream: ReceiverStream(ptimeMs: 20, packets: setup.packets),
                                  talkspurtStarts: nil, activity: nil, media: &audio)
        return try RenderedAudio(finishing: &audio)
    }

    func deferred(_ setup: Setup, _ concealment: Int, _ buffer: some JitterBuffer) throws -> (audio: RenderedAudio, calls: [UInt64], live: Bool) {
        let audio = try fresh(setup, concealment)
        #expect(DeferredReceiverAudio.canDefer(audio))
        var media = DeferredReceiverAudio(audio)
        _ = try PlayoutDriver.run(buffer, arrivals: setup.arrivals, stream: ReceiverStream(ptimeMs: 20, packets: setup.packets),
                                  talkspurtStarts: nil, activity: nil, media: &media)
        var rendered = media.takeAudio()
        if !media.isLive { try DeferredReceiverAudio.replay(media.calls, into: &rendered) }
        return (try RenderedAudio(finishing: &rendered), media.calls, media.isLive)
    }

    static func same(_ a: RenderedAudio, _ b: RenderedAudio) -> Bool {
        a.samples.withUnsafeBytes { Array($0) } == b.samples.withUnsafeBytes { Array($0) } && a.statistics == b.statistics
            && a.concealedSamples == b.concealedSamples && a.removedSamples == b.removedSamples && a.insertedSamples == b.insertedSamples
    }

    @Test(arguments: ["g711u", "l16"], [0, 1, 2])
    func fixedBuffersRecordThroughoutAndRenderTheSame(codec: String, concealment: Int) throws {
        let setup = try Self.setup(codec: codec, loss: 0.05)
        for depth in [20.0, 40.0, 80.0] {
            let expected = try live(setup, concealment, FixedJitterBuffer(depthMs: depth))
            let (got, calls, wentLive) = try deferred(setup, concealment, FixedJitterBuffer(depthMs: depth))
            #expect(!wentLive && !calls.isEmpty)
            #expect(expected.samples.count > setup.packets * 80)
            #expect(Self.same(expected, got), "\(codec) depth \(depth)")
        }
    }

    @Test(arguments: [0, 2])
    func aStretchingBufferGoesLiveAtItsFirstStretchAndRendersTheSame(concealment: Int) throws {
        let setup = try Self.setup(codec: "g711u", loss: 0.05, jitterMs: 30)
        let buffer = NetEqJitterBuffer(settings: AdaptiveBufferSettings(timeStretch: true))
        let expected = try live(setup, concealment, buffer)
        let (got, _, wentLive) = try deferred(setup, concealment, buffer)
        #expect(wentLive, "the jittery stream should make the buffer stretch")
        #expect(expected.removedSamples + expected.insertedSamples > 0)
        #expect(Self.same(expected, got))
    }

    /// Buffers deep enough to hold every packet make the same calls, whatever their depth: what lets a sweep over
    /// depths render the audio once (SweepCache.renderedAudio), and the audio is indeed the same.
    @Test func deepEnoughBuffersMakeTheSameCallsAndPlayTheSameAudio() throws {
        let setup = try Self.setup(codec: "g711u", loss: 0.03, jitterMs: 5)
        let a = try deferred(setup, 1, FixedJitterBuffer(depthMs: 60))
        let b = try deferred(setup, 1, FixedJitterBuffer(depthMs: 80))
        let sameCalls = a.calls == b.calls
        #expect(sameCalls)
        #expect(Self.same(a.audio, b.audio))
    }

    /// A decoder with state, or one without the no-loss decode, is never deferred (its calls could fail or depend
    /// on more than the calls).
    @Test func onlyReceiversWhoseCallsCannotFailAreDeferred() throws {
        let stateful = try Self.setup(codec: "g726-32", loss: 0)
        let audio = ReceiverAudio(decoder: try stateful.codec.makeDecoder(), concealment: SilenceConcealment(),
                                  payloads: stateful.payloads, noLoss: stateful.noLoss)
        #expect(!DeferredReceiverAudio.canDefer(audio))
        let g711 = try Self.setup(codec: "g711u", loss: 0)
        #expect(!DeferredReceiverAudio.canDefer(ReceiverAudio(decoder: try g711.codec.makeDecoder(), concealment: SilenceConcealment(),
                                                              payloads: g711.payloads, noLoss: nil)))
    }
}
