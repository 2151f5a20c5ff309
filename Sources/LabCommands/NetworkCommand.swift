import PacketTraces
import ArgumentParser
import LabCore
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
            Uses the spec's network, jitter_buffer and codec ptime (no audio). --format csv (the default) writes one \
            row per packet to stdout — seq,send_ms,arrival_ms,lost,playout_ms,fate (arrival_ms empty when lost; fate \
            played, late or lost) — and a summary to stderr. --format json prints the summary as JSON: RFC 3611 §4.7 \
            metrics (loss and discard rate, burst/gap density and duration, Gmin 16), RFC 3550 interarrival jitter, \
            mean/p95/max one-way delay, the E-model's Ppl and BurstR from the realised pattern, and the buffer's \
            late loss, playout delay, adaptations and concealment. --format summary prints the summary text only. \
            The CSV can be replayed with `loss: {model: trace, file: …}` / `jitter: {distribution: trace, file: …}`. \
            --format rtpdump|pcap --output FILE writes the received packets as RTP at their arrival times (rtptools' \
            rtpdump, or a pcap of Ethernet/IPv4/UDP/RTP to --port) for Wireshark, tshark or WebRTC's neteq_rtpplay; \
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
                let capture = try ReceiverRun(spec: scenario, seed: seed ?? scenario.seed).capture(packets: packets, port: port)
                try AtomicFile.write(format == .pcap ? capture.pcap : capture.rtpdump, to: output, protected: [spec])
                printError("\(capture.packets.count) of \(packets) packets (\(packets - capture.packets.count) lost) → \(output)")
            }
            return
        }
        let runSeed = seed ?? scenario.seed
        let run = try failing { try ReceiverRun(spec: scenario, seed: runSeed).run(packets: packets) }
        let summary = NetworkSummary(spec: scenario, seed: runSeed, packets: packets, run: run)
        switch format {
        case .json:
            print(try ResultWriters.json(summary), terminator: "")
        case .summary:
            print(Self.render(summary))
        case .csv:
            let out = FileHandle.standardOutput
            out.write(Data(PacketTraceCSV.header.utf8))
            PacketTraceCSV.stream(run.arrivals, run.events) { chunk in
                out.write(Data(chunk))
            }
            printError(Self.render(summary))
        case .rtpdump, .pcap:
            break
        }
    }

    static func render(_ s: NetworkSummary) -> String {
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
