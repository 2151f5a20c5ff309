import ArgumentParser
import AudioIO
import ChannelModels
import Foundation
import LabPipeline
import Playout
import Reporting
import ScenarioSpecs
import SpeechCodecs

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Simulate only a spec's network channel and jitter buffer for N packets.",
        discussion: """
            Uses the spec's network, jitter_buffer and codec ptime (no audio). --format csv (the default) writes one
            row per packet to stdout — seq,send_ms,arrival_ms,lost,playout_ms,fate (arrival_ms empty when lost; fate
            played, late or lost) — and a summary to stderr. --format json prints the summary as JSON: RFC 3611 §4.7
            metrics (loss and discard rate, burst/gap density and duration, Gmin 16), RFC 3550 interarrival jitter,
            mean/p95/max one-way delay, the E-model's Ppl and BurstR from the realised pattern, and the buffer's
            late loss, playout delay, adaptations and concealment. --format summary prints the summary text only.
            The CSV can be replayed with `loss: {model: trace, file: …}` / `jitter: {distribution: trace, file: …}`.
            --format rtpdump|pcap --output FILE writes the received packets as RTP at their arrival times (rtptools'
            rtpdump, or a pcap of Ethernet/IPv4/UDP/RTP to --port) for Wireshark, tshark or WebRTC's neteq_rtpplay;
            the payload is the codec's encoding of silence.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json, summary, rtpdump, pcap }

    @Argument(help: "A scenario spec (.yaml).")
    var spec: String

    @Option(name: .long, help: "Packets to send.")
    var packets: Int = 10_000

    @Option(name: .long, help: "Override the spec's seed.")
    var seed: UInt64?

    @Option(name: .long, help: "csv, json, summary, rtpdump or pcap.")
    var format: Format = .csv

    @Option(name: .long, help: "Output file (required for rtpdump and pcap).")
    var output: String?

    @Option(name: .long, help: "UDP port of the pcap's packets (decode with -d udp.port==PORT,rtp).")
    var port: UInt16 = 5004

    /// The most packets one `network` run simulates (the per-packet arrays are held in memory).
    static let maximumPackets = 5_000_000

    func run() throws {
        let scenario = try failing { try ScenarioLoader.load(file: spec) }
        guard packets > 0 else {
            printError("error: --packets must be positive")
            throw ExitCode(2)
        }
        // Bounded before anything is allocated (issue 14: --packets 1000000000 asked for an 8 GB array).
        guard packets <= Self.maximumPackets else {
            printError("error: --packets \(packets) is more than \(Self.maximumPackets) (about 28 hours at 20 ms) (hint: simulate fewer packets, or several runs with different --seed)")
            throw ExitCode(2)
        }
        if format == .rtpdump || format == .pcap {
            guard let output else {
                printError("error: --format \(format.rawValue) writes a binary file: give --output FILE")
                throw ExitCode(2)
            }
            try failing {
                let capture = try NetworkSimulation.capture(spec: scenario, packets: packets, seed: seed ?? scenario.seed, port: port)
                try AtomicFile.write(format == .pcap ? capture.pcap : capture.rtpdump, to: output, protected: [spec])
                printError("\(capture.packets.count) of \(packets) packets (\(packets - capture.packets.count) lost) → \(output)")
            }
            return
        }
        let simulation = try failing { try NetworkSimulation.run(spec: scenario, packets: packets, seed: seed ?? scenario.seed) }
        switch format {
        case .json:
            print(try ResultWriters.json(simulation.summary), terminator: "")
        case .summary:
            print(Self.render(simulation.summary))
        case .csv:
            let out = FileHandle.standardOutput
            out.write(Data(PlayoutTraceCSV.header.utf8))
            PlayoutTraceCSV.stream(simulation.arrivals, simulation.schedule.events) { chunk in
                out.write(Data(chunk))
            }
            printError(Self.render(simulation.summary))
        case .rtpdump, .pcap:
            break
        }
    }

    static func render(_ s: NetworkSimulation.Summary) -> String {
        let x = s.rfc3611
        var lines = [
            "\(s.scenario): \(s.packets) packets of \(fixed(s.ptime_ms, 0)) ms, seed \(s.seed); loss \(s.loss_model); buffer \(s.jitter_buffer)",
            "network loss \(fixed(100 * s.network_loss_rate, 2)) % (model \(fixed(100 * s.model_loss_rate, 2)) %), mean burst \(fixed(s.network_mean_burst, 2)) (model \(fixed(s.model_mean_burst, 2)))",
            "RFC 3611 (Gmin \(x.gmin)): loss \(fixed(100 * x.lossRate, 2)) %, discard \(fixed(100 * x.discardRate, 2)) %, burst density \(fixed(100 * x.burstDensity, 1)) %, gap density \(fixed(100 * x.gapDensity, 2)) %, burst \(fixed(x.burstDurationMs, 0)) ms, gap \(fixed(x.gapDurationMs, 0)) ms",
            "delay mean \(fixed(s.mean_delay_ms, 1)) ms, p95 \(fixed(s.p95_delay_ms, 1)) ms, max \(fixed(s.max_delay_ms, 1)) ms; RFC 3550 jitter \(fixed(s.interarrival_jitter_ms, 2)) ms (mean \(fixed(s.mean_interarrival_jitter_ms, 2)))",
            "buffer: late \(fixed(100 * s.buffer.lateLossRate, 2)) %, effective loss \(fixed(100 * s.buffer.effectiveLossRate, 2)) %, playout delay mean \(fixed(s.buffer.meanPlayoutDelayMs, 1)) / p95 \(fixed(s.buffer.p95PlayoutDelayMs, 1)) ms, adaptations \(s.buffer.adaptations), concealed \(fixed(s.buffer.concealedMs, 0)) ms (longest \(fixed(s.buffer.longestConcealmentMs, 0)) ms)",
            "E-model: Ppl \(fixed(s.Ppl, 2)) %, BurstR \(fixed(s.BurstR, 2))",
        ]
        if let candidate = s.match_candidate {
            lines.append("loss matched with candidate \(candidate)\(s.match_within_tolerance == true ? "" : " (closest; none within tolerance)")")
        }
        if s.tail_drops > 0 { lines.append("bottleneck tail drops: \(s.tail_drops)") }
        return lines.joined(separator: "\n")
    }
}

/// `moslab network`: the channel and receiver alone, for N packets at the spec's ptime, and the summary of what
/// happened (RFC 3611 §4.7 figures, RFC 3550 jitter, delays, the E-model's Ppl and BurstR, buffer KPIs).
public struct NetworkSimulation: Sendable {
    public var arrivals: [PacketArrival]
    public var schedule: PlayoutSchedule
    public var summary: Summary

    public struct Summary: Sendable, Codable, Equatable {
        public var scenario: String
        public var seed: UInt64
        public var packets: Int
        public var ptime_ms: Double
        public var loss_model: String
        public var jitter_buffer: String
        /// Network loss pattern (before the buffer).
        public var network_loss_rate: Double
        public var network_mean_burst: Double
        public var model_loss_rate: Double
        public var model_mean_burst: Double
        public var match_candidate: Int?
        public var match_within_tolerance: Bool?
        public var tail_drops: Int
        /// RFC 3611 §4.7 over the effective pattern (network loss = lost, late = discarded), Gmin = 16.
        public var rfc3611: RFC3611Metrics
        public var interarrival_jitter_ms: Double
        public var mean_interarrival_jitter_ms: Double
        public var mean_delay_ms: Double
        public var p95_delay_ms: Double
        public var max_delay_ms: Double
        public var reordered: Int
        /// G.107 Ppl (%) and BurstR from the effective loss pattern (MODELS.md §2.4 method 1).
        public var Ppl: Double
        public var BurstR: Double
        public var buffer: BufferStatistics
    }

    /// The seeded arrivals as RTP packets (`RTPCapture`), each carrying the codec's encoding of one packet of silence.
    public static func capture(spec: ScenarioSpec, packets: Int, seed: UInt64, port: UInt16) throws -> RTPCapture {
        let ptime = spec.codec.ptimeMs
        let codec = try CodecRegistry.codec(named: spec.codec.name)
        let descriptor = codec.descriptor
        var encoder = try codec.makeEncoder()
        var payload: [UInt8] = []
        for _ in 0..<max(1, Int((ptime / descriptor.frameMs).rounded())) {
            payload += try encoder.encode([Int16](repeating: 0, count: descriptor.frameSamples))
        }
        let run = spec.makeChannel().run(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: ptime), packetDurationMs: ptime, seed: seed)
        return RTPCapture(arrivals: run.arrivals, codec: descriptor, ptimeMs: ptime, payload: payload, port: port)
    }

    public static func run(spec: ScenarioSpec, packets: Int, seed: UInt64) throws -> NetworkSimulation {
        let ptime = spec.codec.ptimeMs
        let channel = spec.makeChannel()
        let run = channel.run(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: ptime), packetDurationMs: ptime, seed: seed)
        let codec = try CodecRegistry.codec(named: spec.codec.name).descriptor
        let schedule = try spec.schedulePlayout(run.arrivals, codec: codec, talkspurtStarts: nil)
        let buffer = BufferStatistics(arrivals: run.arrivals, schedule: schedule, ptimeMs: ptime)
        let delays = DelayStatistics(arrivals: run.arrivals)
        let network = LossPatternStatistics(lostFlags: run.arrivals.map(\.isLost))
        let xr = RFC3611Metrics(outcomes: schedule.events.map { $0.fate == .played ? .received : ($0.fate == .lost ? .lost : .discarded) },
                                packetMs: ptime)
        let model = spec.makeLossModel()
        let summary = Summary(
            scenario: spec.name, seed: seed, packets: packets, ptime_ms: ptime, loss_model: spec.lossSummary,
            jitter_buffer: spec.jitterBufferSummary, network_loss_rate: network.lossRate,
            network_mean_burst: network.meanBurstLength, model_loss_rate: model.stationaryLossRate,
            model_mean_burst: model.meanBurstLength, match_candidate: run.matchCandidate,
            match_within_tolerance: run.matchWithinTolerance, tail_drops: run.tailDrops, rfc3611: xr,
            interarrival_jitter_ms: delays.interarrivalJitterMs, mean_interarrival_jitter_ms: delays.meanInterarrivalJitterMs,
            mean_delay_ms: delays.meanMs, p95_delay_ms: delays.p95Ms, max_delay_ms: delays.maxMs, reordered: delays.reordered,
            Ppl: 100 * buffer.effectiveLossRate, BurstR: buffer.burstRatio, buffer: buffer)
        return NetworkSimulation(arrivals: run.arrivals, schedule: schedule, summary: summary)
    }
}
