import ChannelModels
import Foundation
import LabCore

/// One captured stream as a per-packet channel trace, to replay in a scenario (`network: {capture: {file, ssrc}}`):
/// packet i of the run is the stream's i-th sequence number from the first one received — lost exactly when that
/// sequence number never arrived — with the relative delay it arrived with (transit minus the smallest transit,
/// the spec's `latency_ms` added on top). It drives the channel through ChannelModels' `TraceLoss`/`TraceDelay`,
/// so it plugs in wherever a loss or delay model does.
public struct CaptureReplay: Sendable, Equatable {
    public var file: String
    public var key: RTPStreamKey
    public var clockRate: Int
    public var trace: ChannelTrace
    /// The stream's analysis (the same pass).
    public var summary: RTPStreamSummary

    public var lossModel: TraceLoss { TraceLoss(lost: trace.lost) }
    public func delayModel(latencyMs: Double) -> TraceDelay { TraceDelay(delays: trace.delayMs.map { $0.map { $0 + latencyMs } }) }

    /// Reads the stream with this SSRC. Errors (exit 2) name the file and list the streams that are there when the
    /// SSRC is absent, or the 5-tuples when two streams share it (an SSRC collision, RFC 3550 §8.2).
    public static func load(path: String, ssrc: UInt32, options: CaptureScanner.Options = .init()) throws -> CaptureReplay {
        var options = options
        options.recordSSRC = ssrc
        let result = try CaptureScanner(options: options).scan(path: path)
        let matching = result.recorded.keys.sorted()
        guard let key = matching.first, let packets = result.recorded[key], !packets.isEmpty else {
            let present = result.streams.map { "\($0.ssrcHex) (\($0.src) → \($0.dst), \($0.packetsReceived) packets)" }
            throw InputError(file: path, "no RTP stream with SSRC \(RTPStreamKey.hex(ssrc)) (\(ssrc))",
                             hint: present.isEmpty ? "the capture holds no RTP stream" : "streams here: " + present.joined(separator: ", "))
        }
        guard matching.count == 1 else {
            throw InputError(file: path, "SSRC \(RTPStreamKey.hex(ssrc)) is used by \(matching.count) streams (a collision): "
                             + matching.map { "\($0.sourceText) → \($0.destinationText)" }.joined(separator: ", "),
                             hint: "cut the capture to one call (e.g. tshark -Y 'udp.srcport == …' -w one.pcap)")
        }
        let summary = result.streams.first { $0.ssrc == ssrc && $0.src == key.sourceText && $0.dst == key.destinationText }!
        return CaptureReplay(file: path, key: key, clockRate: summary.clockRate, trace: try trace(packets, clockRate: summary.clockRate, file: path),
                             summary: summary)
    }

    /// Loss flags and relative delays in sequence order from packets in arrival order (sequence numbers and
    /// timestamps unwrapped against the running maximum, as RFC 3550 A.1 does; duplicates keep the first copy).
    static func trace(_ packets: [CaptureScanner.RecordedPacket], clockRate: Int, file: String) throws -> ChannelTrace {
        var maxSequence = Int64(packets[0].sequence)
        var extendedTimestamp = Int64(packets[0].timestamp)
        var lastTimestamp = packets[0].timestamp
        var entries: [(sequence: Int64, transit: Double)] = []
        entries.reserveCapacity(packets.count)
        let firstMicros = packets[0].micros
        for packet in packets {
            let sequence = maxSequence + Int64(Int16(bitPattern: packet.sequence &- UInt16(truncatingIfNeeded: maxSequence)))
            maxSequence = max(maxSequence, sequence)
            extendedTimestamp += Int64(Int32(bitPattern: packet.timestamp &- lastTimestamp))
            lastTimestamp = packet.timestamp
            let arrivalMs = Double(packet.micros - firstMicros) / 1000
            entries.append((sequence, arrivalMs - Double(extendedTimestamp) * 1000 / Double(clockRate)))
        }
        let lowest = entries.map(\.sequence).min()!, highest = entries.map(\.sequence).max()!
        guard highest - lowest < 50_000_000 else {
            throw InputError(file: file, "the stream's sequence numbers span \(highest - lowest) packets", hint: "cut the capture to one call")
        }
        let minTransit = entries.map(\.transit).min()!
        var delays = [Double?](repeating: nil, count: Int(highest - lowest + 1))
        for entry in entries where delays[Int(entry.sequence - lowest)] == nil {
            delays[Int(entry.sequence - lowest)] = entry.transit - minTransit
        }
        return ChannelTrace(lost: delays.map { $0 == nil }, delayMs: delays, hasDelays: true)
    }
}
