import PacketTraces
import ChannelModels
import Foundation
import LabCore
import Playout
import ScenarioSpecs
import SpeechCodecs

/// Stage 4 of a run, and all of `moslab network`: channel → jitter buffer (tick-driven, built-in or external) →
/// decoder + concealment → statistics. With payloads it renders the audio; without (`moslab network`) it stops at
/// the schedule and the statistics.
public struct ReceiverRun: Sendable {
    public var spec: ScenarioSpec
    public var codec: any SpeechCodec
    public var seed: UInt64

    public init(spec: ScenarioSpec, codec: any SpeechCodec, seed: UInt64) {
        self.spec = spec
        self.codec = codec
        self.seed = seed
    }

    /// Builds the spec's codec (throws an `InputError` for an unknown one).
    public init(spec: ScenarioSpec, seed: UInt64) throws {
        self.init(spec: spec, codec: try CodecRegistry.codec(named: spec.codec.name), seed: seed)
    }

    public struct Output: Sendable {
        public var arrivals: [PacketArrival]
        /// The channel's loss-matching candidate and bottleneck drops.
        public var matchCandidate: Int?
        public var matchWithinTolerance: Bool?
        public var tailDrops: Int
        /// The buffer's ticks and each packet's fate and playout time.
        public var playout: PlayoutRun
        /// The external buffer's name from its hello (nil for the built-ins).
        public var bufferName: String?
        /// The rendered audio (one slot per packet, aligned with the sender's), when payloads were given.
        public var samples: [Float]?
        /// `samples` are already aligned to the reference (`RenderedAudio.isAligned`: a sweep's shared audio).
        public var samplesAligned = false
        /// `RenderedAudio.contentHash` of the aligned samples, when the sweep's shared audio has it.
        public var samplesHash: UInt64? = nil
        public var render: Receiver.Statistics?
        /// The webrtc-stats counters (`ReceiverCounters`).
        public var counters: ReceiverCounters
        public var buffer: BufferStatistics
        public var delays: DelayStatistics
        public var rfc3611: RFC3611Metrics

        public var schedule: PlayoutSchedule { playout.schedule }
        public var events: [PlayoutEvent] { playout.schedule.events }
    }

    /// The channel alone: the seeded arrivals of `packets` packets sent every ptime.
    public func transmit(packets: Int) -> NetworkChannel.Run {
        let ptime = spec.codec.ptimeMs
        return spec.makeChannel().run(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: ptime), packetDurationMs: ptime, seed: seed)
    }

    /// The audio of a run whose receiver made `calls` (`DeferredReceiverAudio.calls`): `render()`, or what it gave
    /// for an earlier run that made exactly the same calls on the same clip, codec and concealment
    /// (`SweepCache.renderedAudio`); it may align the samples to the reference (then `isAligned`).
    public typealias RenderLookup = (_ calls: [UInt64], _ render: () throws -> RenderedAudio) throws -> RenderedAudio

    /// Runs the receiver over `packets` packets. `payloads` (one per packet) renders audio; `talkspurts` marks the
    /// packets (nil: no voice activity known, the buffers cut their own talkspurts). `launched`: an external buffer's
    /// process started early.
    /// `noLoss`: the payloads decoded with nothing lost (a sweep's shared work, `NoLossDecode`), reused where that is
    /// provably what decoding here would give. `renders`: a sweep's rendered audio by receiver calls. `channels`: a
    /// sweep's channels (`ChannelLookup`).
    public func run(packets: Int, payloads: [[[UInt8]]]? = nil, talkspurts: TalkspurtDetector.Talkspurts? = nil,
                    launched: ExternalJitterBuffer.Launched? = nil, noLoss: NoLossDecode? = nil,
                    renders: RenderLookup? = nil, channels: ChannelLookup? = nil) throws -> Output {
        precondition(payloads == nil || payloads!.count == packets, "one payload per packet")
        let ptime = spec.codec.ptimeMs
        let descriptor = codec.descriptor
        let drawn = self.channel(packets: packets, lookup: channels)
        let channel = drawn.run
        let arrivals = channel.arrivals
        var samples: [Float]? = nil
        var samplesAligned = false
        var samplesHash: UInt64? = nil
        var render: Receiver.Statistics? = nil
        let playout: PlayoutRun, name: String?
        let counters: ReceiverCounters
        let arrivalTimes = drawn.arrivalTimes
        if let payloads {
            // The audio follows the decisions tick by tick: decoded, stretched, concealed.
            var audio = ReceiverAudio(decoder: try codec.makeDecoder(), concealment: spec.makeConcealment(sampleRate: descriptor.sampleRate),
                                      payloads: payloads, noLoss: noLoss)
            let rendered: RenderedAudio
            if let renders, DeferredReceiverAudio.canDefer(audio) {
                // The calls recorded, then the audio rendered from them or taken from an earlier run that made the
                // same calls (DeferredReceiverAudio: the same samples and counts either way).
                var deferred = DeferredReceiverAudio(audio)
                (playout, name) = try spec.runPlayout(arrivals, codec: descriptor, talkspurtStarts: talkspurts?.starts,
                                                      activity: talkspurts?.active, launched: launched, media: &deferred)
                var live = deferred.takeAudio()
                if deferred.isLive {
                    rendered = try RenderedAudio(finishing: &live)
                } else {
                    rendered = try renders(deferred.calls) {
                        try DeferredReceiverAudio.replay(deferred.calls, into: &live)
                        return try RenderedAudio(finishing: &live)
                    }
                }
            } else {
                (playout, name) = try spec.runPlayout(arrivals, codec: descriptor, talkspurtStarts: talkspurts?.starts,
                                                      activity: talkspurts?.active, launched: launched, media: &audio)
                rendered = try RenderedAudio(finishing: &audio)
            }
            samples = rendered.samples
            render = rendered.statistics
            counters = ReceiverCounters(run: playout, arrivals: arrivalTimes, sampleRate: descriptor.sampleRate, ptimeMs: ptime,
                                        audio: (rendered.concealedSamples, rendered.removedSamples,
                                                rendered.insertedSamples, rendered.renderedCount))
            samplesAligned = rendered.isAligned
            samplesHash = rendered.contentHash
        } else {
            (playout, name) = try spec.runPlayout(arrivals, codec: descriptor, talkspurtStarts: talkspurts?.starts,
                                                  activity: talkspurts?.active, launched: launched)
            counters = ReceiverCounters(run: playout, arrivals: arrivalTimes, sampleRate: descriptor.sampleRate, ptimeMs: ptime)
        }
        let events = playout.schedule.events
        var output = Output(
            arrivals: arrivals, matchCandidate: channel.matchCandidate, matchWithinTolerance: channel.matchWithinTolerance,
            tailDrops: channel.tailDrops, playout: playout, bufferName: name, samples: samples, render: render, counters: counters,
            buffer: BufferStatistics(arrivals: arrivals, schedule: playout.schedule, ptimeMs: ptime),
            delays: drawn.delays,
            rfc3611: RFC3611Metrics(outcomes: events.map(\.fate),
                                    packetMs: ptime))
        output.samplesAligned = samplesAligned
        output.samplesHash = samplesHash
        return output
    }

    /// The seeded arrivals as RTP packets (`RTPCapture`), each carrying the codec's encoding of one packet of silence.
    public func capture(packets: Int, port: UInt16) throws -> RTPCapture {
        let payload = try Packetizer(codec: codec, ptimeMs: spec.codec.ptimeMs).silencePayload()
        return RTPCapture(arrivals: transmit(packets: packets).arrivals, payloadType: codec.descriptor.rtpPayloadType,
                          clockRate: codec.descriptor.rtpClockRate, ptimeMs: spec.codec.ptimeMs,
                          payload: payload, port: port)
    }
}

extension ReceiverRun {
    /// The channel of a run and its delay statistics: what depends on the network, the seed and the packets only.
    public struct Channel: Sendable {
        public var run: NetworkChannel.Run
        public var delays: DelayStatistics
        /// Each packet's arrival time (nil: lost), as `ReceiverCounters` reads them.
        public var arrivalTimes: [Double?]
    }

    /// A sweep's channel for this run's network, seed, packets and ptime: `compute()`, or what it gave an earlier run
    /// of the sweep with the same four (`SweepCache.channel`).
    public typealias ChannelLookup = (_ compute: () -> Channel) -> Channel

    /// The channel with its statistics, from `lookup` when an earlier run of the sweep drew the same one.
    func channel(packets: Int, lookup: ChannelLookup? = nil) -> Channel {
        func compute() -> Channel {
            let run = transmit(packets: packets)
            return Channel(run: run, delays: DelayStatistics(arrivals: run.arrivals), arrivalTimes: run.arrivals.map(\.arrivalMs))
        }
        return lookup?(compute) ?? compute()
    }
}
