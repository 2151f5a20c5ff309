import Foundation
import LabCore

/// Finds the RTP streams of a capture and accumulates their statistics in one streaming pass.
///
/// Detection (modelled on Wireshark's RTP-over-UDP heuristic, then made stricter because every UDP port is
/// considered): a datagram is an RTP candidate when its header is plausible (`RTPHeader`), and RTCP (`isRTCP`) is
/// counted apart. A (5-tuple, SSRC) becomes a stream once `confirmPackets` candidates in a row continue each other:
/// the same payload type (comfort noise, type 13, may interleave), sequence numbers advancing by 1…100 and RTP
/// timestamps advancing by less than 10 s of clock. Those first packets are then counted, so nothing is lost.
/// Unconfirmed candidates are bounded (`maxCandidates`); DNS, STUN, QUIC and other UDP rarely pass.
public struct CaptureScanner {
    public struct Options: Sendable {
        /// Payload type → (encoding, clock rate) the user gave (`--pt 96=opus/48000`); wins over SDP and RFC 3551.
        public var userPayloadTypes: [UInt8: (encoding: String, clockRate: Int)] = [:]
        public var confirmPackets = 4
        public var maxCandidates = 65_536
        /// Record every packet of the streams with this SSRC (for replay and fit), in arrival order.
        public var recordSSRC: UInt32? = nil
        public init() {}
    }

    /// One recorded packet of a stream (arrival time µs since the epoch, raw sequence number and timestamp).
    public struct RecordedPacket: Sendable, Equatable {
        public var micros: Int64
        public var sequence: UInt16
        public var timestamp: UInt32
    }

    /// What one capture file held.
    public struct Result: Sendable {
        public var file: String
        public var format: CaptureFile.Format
        public var linkType: LinkType
        public var frames = 0
        public var udpDatagrams = 0
        public var rtpPackets = 0
        public var rtcpPackets = 0
        /// UDP datagrams that did not belong to a confirmed RTP stream (including unconfirmed candidates).
        public var otherUDP = 0
        public var notIP = 0
        public var notUDP = 0
        public var fragments = 0
        public var truncatedFrames = 0
        public var warnings: [String] = []
        public var streams: [RTPStreamSummary] = []
        /// Payload types learnt from SDP in the capture.
        public var sdpPayloadTypes: [Int: String] = [:]
        public var recorded: [RTPStreamKey: [RecordedPacket]] = [:]
    }

    struct Candidate {
        var packets: [(micros: Int64, header: RTPHeader)] = []
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    public func scan(path: String) throws -> Result {
        let file = try CaptureFile(path: path)
        var result = Result(file: path, format: file.format, linkType: file.linkType)
        var streams: [RTPStreamKey: RTPStreamStatistics] = [:]
        var clockSources: [RTPStreamKey: String] = [:]
        var candidates: [RTPStreamKey: Candidate] = [:]
        var sdp: [UInt8: (encoding: String, clockRate: Int)] = [:]
        let link = file.linkType
        let dumpEndpoints = file.rtpdumpEndpoints
        let confirm = options.confirmPackets
        let record = options.recordSSRC

        func clock(for pt: UInt8) -> (Int, String)? {
            if let user = options.userPayloadTypes[pt] { return (user.clockRate, "user") }
            if pt >= 96, let learnt = sdp[pt] { return (learnt.clockRate, "sdp") }
            if let known = RTPPayloadTypes.staticTypes[pt] { return (known.clockRate, "static") }
            return nil
        }

        try file.forEachFrame { micros, bytes in
            let datagram: UDPDatagram
            switch UDPDatagram.decode(bytes, link: link) {
            case .success(let d): datagram = d
            case .failure(let reason):
                switch reason.skip {
                case .notIP: result.notIP += 1
                case .notUDP: result.notUDP += 1
                case .fragment: result.fragments += 1
                case .truncated: result.truncatedFrames += 1
                }
                return
            }
            result.udpDatagrams += 1
            let payload = datagram.payload
            if RTPHeader.isRTCP(bytes, payload) {
                result.rtcpPackets += 1
                return
            }
            guard let header = RTPHeader(bytes, payload) else {
                result.otherUDP += 1
                if payload.count > 16 { Self.sniffSDP(bytes, payload, into: &sdp) }
                return
            }
            var key = RTPStreamKey(source: datagram.source, sourcePort: datagram.sourcePort, destination: datagram.destination,
                                   destinationPort: datagram.destinationPort, ssrc: header.ssrc)
            if let dumpEndpoints {
                key.source = dumpEndpoints.source
                key.sourcePort = dumpEndpoints.sourcePort
                key.destination = dumpEndpoints.destination
                key.destinationPort = dumpEndpoints.destinationPort
            }
            if record == header.ssrc {
                result.recorded[key, default: []].append(RecordedPacket(micros: micros, sequence: header.sequence, timestamp: header.timestamp))
            }
            if streams[key] != nil {
                result.rtpPackets += 1
                streams[key]!.add(micros: micros, sequence: header.sequence, timestamp: header.timestamp, payloadType: header.payloadType,
                                  marker: header.marker, payloadLength: header.payloadLength)
                return
            }
            // A candidate: does this packet continue the previous one?
            var candidate = candidates[key] ?? Candidate()
            if let last = candidate.packets.last?.header {
                let seqStep = Int16(bitPattern: header.sequence &- last.sequence)
                let tsStep = Int32(bitPattern: header.timestamp &- last.timestamp)
                let rate = clock(for: header.payloadType)?.0 ?? 48_000
                let samePT = header.payloadType == last.payloadType || header.payloadType == 13 || last.payloadType == 13
                if !(samePT && (1...100).contains(seqStep) && tsStep >= 0 && Int(tsStep) < rate * 10) {
                    result.otherUDP += candidate.packets.count
                    candidate.packets.removeAll()
                }
            }
            candidate.packets.append((micros, header))
            guard candidate.packets.count >= confirm else {
                if candidates.count >= options.maxCandidates && candidates[key] == nil {
                    // Bounded memory on captures full of other UDP: forget the unconfirmed candidates.
                    result.otherUDP += candidates.values.reduce(0) { $0 + $1.packets.count }
                    candidates.removeAll(keepingCapacity: true)
                }
                candidates[key] = candidate
                return
            }
            candidates[key] = nil
            let first = candidate.packets.first!, last = candidate.packets.last!
            var rate: Int
            var source: String
            if let known = clock(for: header.payloadType) {
                (rate, source) = known
            } else {
                let ticks = Int64(Int32(bitPattern: last.header.timestamp &- first.header.timestamp))
                rate = RTPPayloadTypes.estimatedClockRate(timestampTicks: ticks, seconds: Double(last.micros - first.micros) / 1e6) ?? 8000
                source = "estimated"
            }
            var stats = RTPStreamStatistics(key: key, payloadType: first.header.payloadType, clockRate: rate)
            for packet in candidate.packets {
                stats.add(micros: packet.micros, sequence: packet.header.sequence, timestamp: packet.header.timestamp,
                          payloadType: packet.header.payloadType, marker: packet.header.marker, payloadLength: packet.header.payloadLength)
            }
            result.rtpPackets += candidate.packets.count
            streams[key] = stats
            clockSources[key] = source
        }
        result.frames = file.frames
        result.warnings = file.warnings
        result.otherUDP += candidates.values.reduce(0) { $0 + $1.packets.count }
        result.sdpPayloadTypes = Dictionary(uniqueKeysWithValues: sdp.map { (Int($0.key), "\($0.value.encoding)/\($0.value.clockRate)") })
        result.streams = streams.keys.sorted().map { key in
            var summary = streams[key]!.finished()
            summary.file = path
            summary.clockSource = clockSources[key] ?? "static"
            let pt = UInt8(summary.payloadType)
            summary.encoding = options.userPayloadTypes[pt]?.encoding ?? (pt >= 96 ? sdp[pt]?.encoding : nil)
                ?? RTPPayloadTypes.staticTypes[pt]?.encoding
            return summary
        }
        // Keep recordings only for confirmed streams.
        result.recorded = result.recorded.filter { streams[$0.key] != nil }
        return result
    }

    /// SIP/SDP in a UDP payload: collect `a=rtpmap` lines (the body must start like SIP to be looked at).
    static func sniffSDP(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into map: inout [UInt8: (encoding: String, clockRate: Int)]) {
        let first = bytes[range.lowerBound]
        // SIP requests start with an upper-case method, responses with "SIP/2.0".
        guard first >= 0x41 && first <= 0x5A else { return }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        guard text.hasPrefix("SIP/2.0") || text.prefix(64).contains(" SIP/2.0"), text.contains("a=rtpmap:") else { return }
        for (pt, value) in RTPPayloadTypes.rtpmaps(in: Substring(text)) { map[pt] = value }
    }
}
