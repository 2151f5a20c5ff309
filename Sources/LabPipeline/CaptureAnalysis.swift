import EModel
import Foundation
import LabCore
import PacketTraces
import ScenarioSpecs
import SpeechCodecs

/// `moslab analyze`: the RTP streams of one or more captures with their quality — loss, jitter, RFC 3611 burst/gap
/// figures, relative delay, a fitted loss model — and the E-model's R and MOS for each, grouped into routes.
///
/// The E-model needs a one-way delay that a single capture point cannot measure: Ta = `latencyMs` (assumed, default
/// `defaultLatencyMs`, printed with the results) + the delay of a jitter buffer sized to hold the stream's relative
/// delay up to its 99th percentile (or `bufferMs`). Packets later than the buffer count as lost with the network's
/// losses in Ppl (G.107's Ppl is the loss the decoder sees). BurstR is the network loss pattern's.
public struct CaptureAnalysis: Sendable, Encodable {
    public static let defaultLatencyMs = 50.0

    public struct Options: Sendable {
        public var latencyMs: Double = CaptureAnalysis.defaultLatencyMs
        /// A fixed jitter buffer depth; nil = the stream's p99 relative delay.
        public var bufferMs: Double? = nil
        /// `PT=NAME[/CLOCK]` assignments (`96=opus`, `97=amr-nb`, `101=telephone-event/8000`).
        public var payloadTypes: [String] = []
        /// `net` (default), `src`, `dst`, `src_net`, `dst_net`, `codec`, `payload_type`, `file`, `ssrc`.
        public var routeBy: String = "net"
        public init() {}
    }

    public struct Capture: Sendable, Encodable {
        public var file: String
        public var format: String
        public var link_type: String
        public var frames: Int
        public var udp_datagrams: Int
        public var rtp_packets: Int
        public var rtcp_packets: Int
        public var other_udp: Int
        public var non_ip: Int
        public var non_udp: Int
        public var fragments: Int
        public var truncated_frames: Int
        public var sdp_payload_types: [String: String]
        public var warnings: [String]
    }

    /// A stream with its codec and E-model figures (the `RTPStreamSummary` fields, flattened, plus these).
    public struct Stream: Sendable, Encodable {
        public var summary: RTPStreamSummary
        public var codec: String?
        public var route: String
        public var quality: Quality

        public func encode(to encoder: any Encoder) throws {
            try summary.encode(to: encoder)
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(codec, forKey: .codec)
            try container.encode(route, forKey: .route)
            try container.encode(quality.R, forKey: .r_factor)
            try container.encode(quality.MOS, forKey: .predicted_mos)
            try container.encode(quality.MOS.map { MOSBand(mos: $0).rawValue }, forKey: .mos_band)
            try container.encode(quality, forKey: .emodel)
        }

        enum ExtraKeys: String, CodingKey { case codec, route, r_factor, predicted_mos, mos_band, emodel }
    }

    /// The E-model inputs and result for one stream.
    public struct Quality: Sendable, Encodable {
        public var model: String?
        public var R: Double?
        public var MOS: Double?
        public var latency_ms: Double
        public var jitter_buffer_ms: Double
        public var Ta: Double
        public var late_packets: Int
        public var Ppl: Double
        public var BurstR: Double
        public var Ie: Double?
        public var Bpl: Double?
        public var notes: [String]
    }

    public struct Route: Sendable, Encodable {
        public var route: String
        public var streams: Int
        public var packets_received: Int
        public var packets_lost: Int
        public var loss_rate: Double
        public var mean_jitter_ms: Double
        public var max_jitter_ms: Double
        public var mos_mean: Double?
        public var mos_min: Double?
        public var mos_max: Double?
        /// Streams per MOS band (`Excellent` … `Bad`), and those without a prediction under `none`.
        public var mos_bands: [String: Int]
    }

    public var latency_ms: Double
    public var jitter_buffer: String
    public var route_by: String
    public var captures: [Capture]
    public var streams: [Stream]
    public var routes: [Route]

    public static func run(paths: [String], options: Options) throws -> CaptureAnalysis {
        let assignments = try parsePayloadTypes(options.payloadTypes)
        var scannerOptions = CaptureScanner.Options()
        scannerOptions.userPayloadTypes = assignments.mapValues { ($0.encoding, $0.clockRate) }
        let scanner = CaptureScanner(options: scannerOptions)
        var captures: [Capture] = []
        var streams: [Stream] = []
        for path in paths {
            let result = try scanner.scan(path: path)
            captures.append(Capture(file: path, format: result.format.rawValue, link_type: result.linkType.rawValue, frames: result.frames,
                                    udp_datagrams: result.udpDatagrams, rtp_packets: result.rtpPackets, rtcp_packets: result.rtcpPackets,
                                    other_udp: result.otherUDP, non_ip: result.notIP, non_udp: result.notUDP, fragments: result.fragments,
                                    truncated_frames: result.truncatedFrames,
                                    sdp_payload_types: Dictionary(uniqueKeysWithValues: result.sdpPayloadTypes.map { (String($0.key), $0.value) }),
                                    warnings: result.warnings))
            for summary in result.streams {
                let codec = codecName(for: summary, assignments: assignments)
                let quality = try predict(summary, codec: codec, options: options)
                streams.append(Stream(summary: summary, codec: codec, route: try route(of: summary, codec: codec, by: options.routeBy), quality: quality))
            }
        }
        let buffer = options.bufferMs.map { "fixed \(fixed($0, 0)) ms" } ?? "p99 of each stream's relative delay"
        return CaptureAnalysis(latency_ms: options.latencyMs, jitter_buffer: buffer, route_by: options.routeBy, captures: captures,
                               streams: streams, routes: routes(streams))
    }

    struct Assignment { var encoding: String; var clockRate: Int; var codec: String? }

    /// `96=opus`, `96=opus-wb-24`, `97=AMR/8000`: a MOSLab codec name (its RTP clock; Opus always 48 kHz, RFC 7587
    /// §4.1) or an encoding name with an optional clock.
    static func parsePayloadTypes(_ items: [String]) throws -> [UInt8: Assignment] {
        var out: [UInt8: Assignment] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let pt = UInt8(parts[0]), pt <= 127 else {
                throw InputError("--pt '\(item)' is not PT=CODEC", hint: "e.g. --pt 96=opus or --pt 97=amr-nb or --pt 98=speex/16000")
            }
            let nameAndClock = parts[1].split(separator: "/").map(String.init)
            let name = nameAndClock[0]
            let givenClock = nameAndClock.count > 1 ? Int(nameAndClock[1]) : nil
            if let descriptor = try? CodecRegistry.codec(named: name).descriptor {
                let clock = descriptor.family.hasPrefix("opus") ? 48_000 : descriptor.rtpClockRate
                out[pt] = Assignment(encoding: name, clockRate: givenClock ?? clock, codec: descriptor.name)
            } else {
                let clock = givenClock ?? (name.lowercased() == "opus" ? 48_000 : 8000)
                out[pt] = Assignment(encoding: name, clockRate: clock, codec: codecName(encoding: name, clockRate: clock))
            }
        }
        return out
    }

    /// The MOSLab codec for an RTP encoding name (RFC 3551 / IANA names as in SDP), nil when MOSLab has none.
    static func codecName(encoding: String, clockRate: Int) -> String? {
        switch encoding.uppercased() {
        case "PCMU": return "g711u"
        case "PCMA": return "g711a"
        case "G722": return "g722"
        case "G729", "G729A": return "g729a"
        case "GSM": return "gsm-fr"
        case "AMR": return "amr-nb"
        case "G726-32": return "g726-32"
        case "G726-24": return "g726-24"
        case "G726-16": return "g726-16"
        case "G726-40": return "g726-40"
        case "SPEEX": return clockRate >= 16_000 ? "speex-wb" : "speex-nb"
        case "OPUS": return "opus-wb"
        case "L16": return "l16"
        default: return nil
        }
    }

    static func codecName(for s: RTPStreamSummary, assignments: [UInt8: Assignment]) -> String? {
        if let assigned = assignments[UInt8(s.payloadType)] { return assigned.codec }
        guard let encoding = s.encoding else { return nil }
        guard let name = codecName(encoding: encoding, clockRate: s.clockRate) else { return nil }
        return (try? CodecRegistry.codec(named: name).descriptor.name) ?? nil
    }

    /// The one place analysis asks the E-model: through `Prediction.make`, as runs do, so the codec tables behind it
    /// (G.113 Ie/Bpl) are the same.
    static func predict(_ s: RTPStreamSummary, codec: String?, options: Options) throws -> Quality {
        let buffer = options.bufferMs ?? s.relativeDelay.p99Ms
        let late = latePackets(s, bufferMs: buffer)
        let ppl = s.packetsExpected > 0 ? Double(s.packetsLost + late) / Double(s.packetsExpected) : 0
        let ta = options.latencyMs + buffer
        var quality = Quality(model: nil, R: nil, MOS: nil, latency_ms: options.latencyMs, jitter_buffer_ms: buffer, Ta: ta, late_packets: late,
                              Ppl: 100 * ppl, BurstR: s.lossPattern.burstRatio, Ie: nil, Bpl: nil, notes: [])
        guard let codec, let descriptor = try? CodecRegistry.codec(named: codec).descriptor else {
            quality.notes.append("codec unknown for payload type \(s.payloadType)\(s.encoding.map { " (\($0))" } ?? ""): give --pt \(s.payloadType)=CODEC for a prediction")
            return quality
        }
        let spec = ScenarioSpec(name: "capture", codec: CodecSpec(name: descriptor.name, ptimeMs: s.ptimeMs ?? 20), plc: .repeat)
        let prediction = try Prediction.make(spec: spec, codec: descriptor, oneWayDelayMs: ta, effectiveLossRate: ppl,
                                             burstRatio: s.lossPattern.burstRatio)
        quality.model = prediction.model
        quality.R = prediction.R
        quality.MOS = prediction.MOS
        quality.Ie = prediction.inputs["Ie"]
        quality.Bpl = prediction.inputs["Bpl"]
        quality.notes += prediction.notes
        return quality
    }

    /// Packets whose relative delay exceeds the buffer (from the 1 ms histogram; the p99 default is exact to 0.1 ms
    /// and counts the packets beyond the 99th percentile).
    static func latePackets(_ s: RTPStreamSummary, bufferMs: Double) -> Int {
        var late = 0
        for (ms, count) in s.relativeDelay.histogram1Ms.enumerated() where Double(ms) >= bufferMs { late += count }
        return late
    }

    static func route(of s: RTPStreamSummary, codec: String?, by field: String) throws -> String {
        func address(_ endpoint: String) -> String {
            if endpoint.hasPrefix("[") { return String(endpoint.dropFirst().prefix { $0 != "]" }) }
            return String(endpoint.prefix { $0 != ":" })
        }
        func network(_ endpoint: String) -> String {
            let a = address(endpoint)
            if a.contains(":") {
                let groups = a.split(separator: ":", omittingEmptySubsequences: false).prefix(4)
                return groups.joined(separator: ":") + "::/64"
            }
            let octets = a.split(separator: ".")
            return octets.count == 4 ? octets.prefix(3).joined(separator: ".") + ".0/24" : a
        }
        switch field {
        case "net": return "\(network(s.src)) → \(network(s.dst))"
        case "src": return address(s.src)
        case "dst": return address(s.dst)
        case "src_net": return network(s.src)
        case "dst_net": return network(s.dst)
        case "codec": return codec ?? "pt \(s.payloadType)"
        case "payload_type": return String(s.payloadType)
        case "file": return (s.file as NSString).lastPathComponent
        case "ssrc": return s.ssrcHex
        default:
            throw InputError("--route-by '\(field)' is not a route field",
                             hint: "net, src, dst, src_net, dst_net, codec, payload_type, file or ssrc\(NearestName.nearest(to: field, in: ["net", "src", "dst", "src_net", "dst_net", "codec", "payload_type", "file", "ssrc"]).map { "; did you mean \($0)?" } ?? "")")
        }
    }

    static func routes(_ streams: [Stream]) -> [Route] {
        let grouped = Dictionary(grouping: streams, by: \.route)
        return grouped.keys.sorted().map { name in
            let members = grouped[name]!
            let received = members.reduce(0) { $0 + $1.summary.packetsReceived }
            let lost = members.reduce(0) { $0 + $1.summary.packetsLost }
            let expected = members.reduce(0) { $0 + $1.summary.packetsExpected }
            let scores = members.compactMap(\.quality.MOS)
            var bands = Dictionary(uniqueKeysWithValues: MOSBand.allCases.map { ($0.rawValue, 0) })
            for member in members {
                if let mos = member.quality.MOS { bands[MOSBand(mos: mos).rawValue, default: 0] += 1 } else { bands["none", default: 0] += 1 }
            }
            let jitterWeight = Double(max(1, received))
            return Route(route: name, streams: members.count, packets_received: received, packets_lost: lost,
                         loss_rate: expected > 0 ? Double(lost) / Double(expected) : 0,
                         mean_jitter_ms: members.reduce(0) { $0 + $1.summary.meanJitterMs * Double($1.summary.packetsReceived) } / jitterWeight,
                         max_jitter_ms: members.map(\.summary.maxJitterMs).max() ?? 0,
                         mos_mean: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                         mos_min: scores.min(), mos_max: scores.max(), mos_bands: bands)
        }
    }

    /// One row per stream: the figures a spreadsheet needs.
    public var csv: String {
        var lines = ["file,ssrc,src,dst,payload_type,codec,route,packets_received,packets_expected,packets_lost,loss_rate,duplicates,reordered,jitter_ms,mean_jitter_ms,mean_burst,burst_ratio,relative_delay_p95_ms,relative_delay_p99_ms,loss_model,r_factor,predicted_mos,mos_band"]
        for s in streams {
            let x = s.summary
            func quote(_ text: String) -> String { text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text }
            let fields: [String] = [quote(x.file), x.ssrcHex, quote(x.src), quote(x.dst), String(x.payloadType), s.codec ?? "", quote(s.route),
                                    String(x.packetsReceived), String(x.packetsExpected), String(x.packetsLost), fixed(x.lossRate, 6),
                                    String(x.duplicates), String(x.reordered), fixed(x.jitterMs, 3), fixed(x.meanJitterMs, 3),
                                    fixed(x.lossPattern.meanBurst, 3), fixed(x.lossPattern.burstRatio, 3),
                                    fixed(x.relativeDelay.p95Ms, 1), fixed(x.relativeDelay.p99Ms, 1), x.lossModel.model,
                                    s.quality.R.map { fixed($0, 1) } ?? "", s.quality.MOS.map { fixed($0, 2) } ?? "",
                                    s.quality.MOS.map { MOSBand(mos: $0).rawValue } ?? ""]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}


import Reporting

extension CaptureAnalysis {
    /// What the report's captures section shows.
    public var page: CapturesPage.Data {
        CapturesPage.Data(
            title: "Captures: \(captures.map { ($0.file as NSString).lastPathComponent }.joined(separator: ", "))",
            assumptions: "E-model with Ta = \(fixed(latency_ms, 0)) ms assumed one-way network delay + jitter buffer (\(jitter_buffer)); routes by \(route_by).",
            streams: streams.map { s in
                CapturesPage.Stream(ssrc: s.summary.ssrcHex, source: s.summary.src, destination: s.summary.dst, codec: s.codec ?? "pt \(s.summary.payloadType)",
                                    route: s.route, received: s.summary.packetsReceived, lost: s.summary.packetsLost, lossRate: s.summary.lossRate,
                                    meanBurst: s.summary.lossPattern.meanBurst, jitterMs: s.summary.jitterMs,
                                    delayP99Ms: s.summary.relativeDelay.p99Ms, mos: s.quality.MOS, delayHistogram: s.summary.relativeDelay.histogram1Ms)
            },
            routes: routes.map { r in
                CapturesPage.Route(name: r.route, streams: r.streams, packets: r.packets_received, lossRate: r.loss_rate,
                                   meanJitterMs: r.mean_jitter_ms, mosMean: r.mos_mean, mosMin: r.mos_min, bands: r.mos_bands)
            })
    }
}
