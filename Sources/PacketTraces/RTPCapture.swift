import ChannelModels

/// The seeded arrivals as RTP packets on the wire, for a team's own harness (Wireshark, tshark, WebRTC's
/// `neteq_rtpplay`): a pcap (Ethernet/IPv4/UDP/RTP, one record per received packet at its arrival time) and an
/// rtpdump file (rtptools' `#!rtpplay1.0` format). Lost packets are absent; packets appear in arrival order.
///
/// RTP (RFC 3550 §5.1): version 2, no padding/extension/CSRC, marker on talkspurt starts, the codec's payload type
/// (RFC 3551), seq = packet index mod 2¹⁶, timestamp = index × samples per packet at the RTP clock, a fixed SSRC.
/// Both times count from `startSeconds` (2026-01-01T00:00:00Z) so the files are byte-reproducible.
public struct RTPCapture: Sendable {
    public static let startSeconds: UInt32 = 1_767_225_600
    public static let ssrc: UInt32 = 0x4D4F_534C  // "MOSL"
    public static let sourceAddress: [UInt8] = [192, 0, 2, 1]  // TEST-NET-1 (RFC 5737)
    public static let destinationAddress: [UInt8] = [192, 0, 2, 2]

    public struct Packet: Sendable, Equatable {
        public var seq: Int
        public var timestamp: UInt32
        public var marker: Bool
        public var arrivalMs: Double
        /// RTP header + payload.
        public var bytes: [UInt8]
    }

    public var packets: [Packet]
    public var port: UInt16

    /// `payload` is what every packet carries (moslab network has no audio: the codec's encoding of silence).
    /// `payloadType` and `clockRate` are the codec's (RFC 3551; `CodecDescriptor.rtpPayloadType`/`rtpClockRate`).
    public init(arrivals: [PacketArrival], payloadType: UInt8, clockRate: Int, ptimeMs: Double, payload: [UInt8],
                talkspurtStarts: [Bool]? = nil, port: UInt16 = 5004) {
        let step = Int((ptimeMs * Double(clockRate) / 1000).rounded())
        let order = arrivals.indices.filter { arrivals[$0].arrivalMs != nil }
            .sorted { (arrivals[$0].arrivalMs!, $0) < (arrivals[$1].arrivalMs!, $1) }
        packets = order.map { index in
            let marker = talkspurtStarts.map { $0[index] } ?? (index == 0)
            let seq = UInt16(truncatingIfNeeded: index)
            let timestamp = UInt32(truncatingIfNeeded: index * step)
            var bytes: [UInt8] = [0x80, (marker ? 0x80 : 0) | (payloadType & 0x7F)]
            bytes += Self.bigEndian(seq) + Self.bigEndian(timestamp) + Self.bigEndian(Self.ssrc) + payload
            return Packet(seq: index, timestamp: timestamp, marker: marker, arrivalMs: arrivals[index].arrivalMs!, bytes: bytes)
        }
        self.port = port
    }

    /// libpcap format (magic a1b2c3d4, µs timestamps, link type 1 = Ethernet), big-endian bytes throughout.
    public var pcap: [UInt8] {
        var out: [UInt8] = []
        out += Self.bigEndian(UInt32(0xA1B2_C3D4)) + Self.bigEndian(UInt16(2)) + Self.bigEndian(UInt16(4))
        out += Self.bigEndian(UInt32(0)) + Self.bigEndian(UInt32(0)) + Self.bigEndian(UInt32(65_535)) + Self.bigEndian(UInt32(1))
        for (number, packet) in packets.enumerated() {
            let udpLength = 8 + packet.bytes.count
            let ipLength = 20 + udpLength
            var ip: [UInt8] = [0x45, 0] + Self.bigEndian(UInt16(ipLength)) + Self.bigEndian(UInt16(truncatingIfNeeded: number))
            ip += [0x40, 0, 64, 17, 0, 0] + Self.sourceAddress + Self.destinationAddress
            let checksum = Self.internetChecksum(ip)
            ip[10] = UInt8(checksum >> 8)
            ip[11] = UInt8(checksum & 0xFF)
            // UDP checksum 0: "not computed", allowed over IPv4 (RFC 768).
            let udp = Self.bigEndian(port) + Self.bigEndian(port) + Self.bigEndian(UInt16(udpLength)) + [0, 0]
            let ethernet: [UInt8] = [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]
            let frame = ethernet + ip + udp + packet.bytes
            let micros = (packet.arrivalMs * 1000).rounded()
            let seconds = UInt32(micros / 1_000_000)
            out += Self.bigEndian(Self.startSeconds + seconds) + Self.bigEndian(UInt32(micros - Double(seconds) * 1_000_000))
            out += Self.bigEndian(UInt32(frame.count)) + Self.bigEndian(UInt32(frame.count)) + frame
        }
        return out
    }

    /// rtptools' rtpdump: `#!rtpplay1.0 address/port\n`, RD_hdr_t (start sec, usec, source, port, padding), then per
    /// packet RD_packet_t (length incl. this 8-byte header, RTP length, ms offset from start) and the RTP packet.
    public var rtpdump: [UInt8] {
        let address = Self.destinationAddress.map(String.init).joined(separator: ".")
        var out = Array("#!rtpplay1.0 \(address)/\(port)\n".utf8)
        out += Self.bigEndian(Self.startSeconds) + Self.bigEndian(UInt32(0)) + Self.sourceAddress + Self.bigEndian(port) + [0, 0]
        for packet in packets {
            out += Self.bigEndian(UInt16(8 + packet.bytes.count)) + Self.bigEndian(UInt16(packet.bytes.count))
            out += Self.bigEndian(UInt32(max(0, packet.arrivalMs).rounded(.down))) + packet.bytes
        }
        return out
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// RFC 1071 ones'-complement sum of 16-bit words.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            sum += UInt32(bytes[index]) << 8 | (index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0)
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
