import ArgumentParser
import Foundation
import LabPipeline
import Reporting

/// `moslab analyze CAPTURE...`: RTP streams found in captures, their quality, and per-route summaries.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find the RTP streams in pcap/pcapng/rtpdump captures and report loss, jitter and predicted MOS per stream and route.",
        discussion: """
            Streams are found on any UDP port (RTP version 2, a plausible payload type, sequence and timestamp \
            continuity over 4 packets; RTCP is counted apart) and keyed by SSRC and 5-tuple. Per stream: packets \
            received/lost (16-bit wrap handled; duplicates and reordering counted apart), RFC 3550 jitter at the end and \
            its mean (Wireshark's "Mean Jitter"), RFC 3611 burst/gap metrics, the relative delay distribution, a fitted \
            loss model, and the E-model's R and MOS from the codec's G.113 Ie/Bpl. \
            One-way delay cannot be measured at one capture point: the E-model takes Ta = --latency (default \(Int(CaptureAnalysis.defaultLatencyMs)) ms, \
            an assumption) + a jitter buffer holding the stream's relative delay up to its 99th percentile (or --buffer-ms); \
            packets later than that buffer count as lost in Ppl. \
            Dynamic payload types are named by SDP found in the capture or by --pt 96=opus. \
            Exit 2 for bad input (unreadable file, unknown link type, no RTP found).
            """)

    @Argument(help: "Capture files (pcap, pcapng or rtpdump).")
    var captures: [String]

    @Flag(name: .long, help: "Print the analysis as JSON.")
    var json = false

    @Option(name: .long, help: "Also write one CSV row per stream to FILE.")
    var csv: String?

    @Option(name: .long, help: "Also write the captures section to DIR/captures.html (and DIR/captures.json, which `moslab report DIR` embeds).")
    var report: String?

    @Option(name: .long, help: "Assumed one-way network delay in ms for the E-model.")
    var latency: Double = CaptureAnalysis.defaultLatencyMs

    @Option(name: .customLong("buffer-ms"), help: "Jitter buffer depth in ms for the E-model (default: each stream's p99 relative delay).")
    var bufferMs: Double?

    @Option(name: .customLong("pt"), help: "Name a dynamic payload type: PT=CODEC[/CLOCK], e.g. 96=opus (repeatable).")
    var payloadTypes: [String] = []

    @Option(name: .customLong("route-by"), help: "Group streams by net (source/destination /24 or /64), src, dst, src_net, dst_net, codec, payload_type, file or ssrc.")
    var routeBy: String = "net"

    func run() throws {
        var options = CaptureAnalysis.Options()
        options.latencyMs = latency
        options.bufferMs = bufferMs
        options.payloadTypes = payloadTypes
        options.routeBy = routeBy
        guard latency >= 0, latency <= 10_000, (bufferMs ?? 0) >= 0 else {
            printError("error: --latency and --buffer-ms must be 0…10000 ms")
            throw ExitCode(2)
        }
        let analysis = try failing { try CaptureAnalysis.run(paths: captures, options: options) }
        for capture in analysis.captures {
            for warning in capture.warnings { printError("warning: \(warning)") }
        }
        if analysis.streams.isEmpty {
            let detail = analysis.captures.map { "\($0.file): \($0.frames) frames, \($0.udp_datagrams) UDP, \($0.rtcp_packets) RTCP" }.joined(separator: "; ")
            printError("error: no RTP stream found (\(detail)) (hint: RTP needs 4 packets in sequence on one UDP flow; check the capture filter)")
            throw ExitCode(2)
        }
        if let csv {
            try failing { try AtomicFile.write(analysis.csv, to: csv, protected: Set(captures)) }
        }
        if let report {
            try failing {
                try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                try AtomicFile.write(CapturesPage.html(analysis.page), to: (report as NSString).appendingPathComponent("captures.html"), protected: Set(captures))
                // `moslab report DIR` embeds the section when DIR is also a run directory.
                try AtomicFile.write(try ResultWriters.json(analysis.page), to: (report as NSString).appendingPathComponent(CapturesPage.dataFileName),
                                     protected: Set(captures))
            }
        }
        if json {
            print(try ResultWriters.json(analysis), terminator: "")
        } else {
            print(Self.render(analysis))
        }
    }

    static func render(_ a: CaptureAnalysis) -> String {
        var out: [String] = []
        for c in a.captures {
            out.append("\(c.file): \(c.format), \(c.link_type), \(c.frames) frames, \(c.rtp_packets) RTP, \(c.rtcp_packets) RTCP, \(c.other_udp) other UDP")
        }
        out.append("E-model: Ta = \(fixed(a.latency_ms, 0)) ms assumed network delay (--latency) + jitter buffer (\(a.jitter_buffer))")
        out.append("")
        let rows = a.streams.map { s -> [String] in
            let x = s.summary
            return [x.ssrcHex, x.src, x.dst, s.codec ?? "pt \(x.payloadType)", String(x.packetsReceived), String(x.packetsLost),
                    fixed(100 * x.lossRate, 2), fixed(x.lossPattern.meanBurst, 1), fixed(x.jitterMs, 2), fixed(x.meanJitterMs, 2),
                    fixed(x.relativeDelay.p99Ms, 1), s.quality.R.map { fixed($0, 1) } ?? "-", s.quality.MOS.map { fixed($0, 2) } ?? "-",
                    s.quality.MOS.map { MOSBandName.name($0) } ?? "-"]
        }
        out.append(table(["ssrc", "src", "dst", "codec", "recv", "lost", "loss %", "burst", "jitter ms", "mean jit", "delay p99", "R", "MOS", "band"], rows))
        out.append("")
        let routeRows = a.routes.map { r -> [String] in
            [r.route, String(r.streams), String(r.packets_received), fixed(100 * r.loss_rate, 2), fixed(r.mean_jitter_ms, 2),
             r.mos_mean.map { fixed($0, 2) } ?? "-", r.mos_min.map { fixed($0, 2) } ?? "-",
             MOSBand.allCases.map(\.rawValue).map { String(r.mos_bands[$0] ?? 0) }.joined(separator: "/")]
        }
        out.append(table(["route (\(a.route_by))", "streams", "packets", "loss %", "mean jitter", "MOS mean", "MOS min", "E/G/F/P/U"], routeRows))
        let notes = Set(a.streams.flatMap(\.quality.notes)).sorted()
        if !notes.isEmpty { out.append(""); out += notes.map { "note: \($0)" } }
        return out.joined(separator: "\n")
    }
}

import LabCore

enum MOSBandName {
    static func name(_ mos: Double) -> String { MOSBand(mos: mos).rawValue }
}
