import ChannelModels
import Foundation
import LabCore
import Playout
import SpeechCodecs
import Testing

/// WSOLA time-stretching, measured in the audio itself.
@Suite struct TimeStretchTests {
    /// A voiced-like signal: harmonics of a 125 Hz fundamental (period 64 samples at 8 kHz).
    static func voiced(count: Int, rate: Double = 8000, f0: Double = 125) -> [Float] {
        (0..<count).map { i in
            let t = Double(i) / rate
            return Float(0.3 * sin(2 * .pi * f0 * t) + 0.15 * sin(2 * .pi * 2 * f0 * t + 0.5) + 0.08 * sin(2 * .pi * 3 * f0 * t + 1))
        }
    }

    @Test func accelerateRemovesOnePitchPeriod() {
        let x = Self.voiced(count: 320)
        let (out, removed) = TimeStretch(sampleRate: 8000).accelerate(x, maxMs: 15)
        // The best lag within 2.5–15 ms is the period or a multiple of it (64 or 128 samples).
        #expect(removed == 64 || removed == 128)
        #expect(out.count == x.count - removed)
        // After the cross-fade the output is the input one period later, sample for sample.
        #expect(zip(out[removed...], x[(2 * removed)...]).allSatisfy { abs($0 - $1) < 1e-6 })
        // And the join is continuous: no step larger than the signal's own largest step.
        let step = zip(x.dropFirst(), x).map { abs($0 - $1) }.max()!
        #expect(zip(out.dropFirst(), out).allSatisfy { abs($0 - $1) <= step * 1.05 })
    }

    @Test func preemptiveExpandInsertsOnePitchPeriod() {
        let x = Self.voiced(count: 160)
        let (out, inserted) = TimeStretch(sampleRate: 8000).preemptiveExpand(x, maxMs: 10)
        #expect(inserted == 64)
        #expect(out.count == x.count + 64)
        #expect(zip(out[(2 * inserted)...], x[inserted...]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// Noise has no pitch: correlation is low and nothing is stretched (NetEq skips too).
    @Test func noiseIsNotStretched() {
        var random = SeededRandom(seed: 3, stream: "test.noise")
        let x = (0..<320).map { _ in Float(0.3 * random.nextGaussian()) }
        #expect(TimeStretch(sampleRate: 8000).accelerate(x, maxMs: 15).removed == 0)
        #expect(TimeStretch(sampleRate: 8000).preemptiveExpand(x, maxMs: 10).inserted == 0)
    }

    /// A spiky NetEq-like run on voiced audio: the receiver's audio is shorter by exactly the samples it reports
    /// removed and longer by those it reports inserted (counted against a run of the same decisions without
    /// stretching), and both counters are non-zero.
    @Test func spikyNetEqRunStretchesTheAudio() throws {
        let packets = 1500
        let codec = try CodecRegistry.codec(named: "g711u")
        var encoder = try codec.makeEncoder()
        let source = Self.voiced(count: packets * 160)
        let payloads = try (0..<packets).map { p in
            try (0..<2).map { f in try encoder.encode(source[(p * 160 + f * 80)..<(p * 160 + f * 80 + 80)].map { Int16($0 * 32767) }) }
        }
        // 60 ms ± 5 ms, a 300 ms spike every 5 s decaying over 300 ms.
        let channel = NetworkChannel(delay: NormalJitterDelay(latencyMs: 60, stddevMs: 5), loss: NoLoss(),
                                     spikes: DelaySpikes(heightMs: 300, intervalS: 5, decayMs: 300))
        let arrivals = channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: 20), seed: 4)
        var audio = ReceiverAudio(decoder: try codec.makeDecoder(), concealment: SilenceConcealment(), payloads: payloads)
        let buffer = NetEqJitterBuffer(settings: AdaptiveBufferSettings(timeStretch: true))
        let run = try PlayoutDriver.run(buffer, arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20, packets: packets),
                                        talkspurtStarts: nil, activity: nil, media: &audio)
        let output = try audio.finish()
        #expect(audio.removedSamples > 0 && audio.insertedSamples >= 0)
        #expect(run.count { if case .accelerate = $0 { return true } else { return false } } > 0)
        // Every sample played is a decoded slot, a stretch or concealment: the length accounts for them exactly.
        let decodedSlots = run.ticks.reduce(0) { $0 + ($1.decision.playedSeq == nil ? 0 : 1) }
            + run.count { if case .accelerate = $0 { return true } else { return false } }
        #expect(output.count == decodedSlots * 160 - audio.removedSamples + audio.insertedSamples + audio.concealedSamples)
        // In the audio itself: after the stretches, the output is the source shifted by whole pitch periods where
        // it was accelerated, i.e. the waveform around the end still matches the source at some lag.
        let tail = Array(output.suffix(800))
        let best = (0..<(source.count - 800)).lazy.map { lag -> Double in
            zip(tail, source[lag..<(lag + 800)]).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) } / 800
        }.min()!
        #expect(best < 0.02)
        print("spiky NetEq-like run: removed \(audio.removedSamples), inserted \(audio.insertedSamples) samples; tail matches the source within \(best)")
    }
}
