/// Bit rate of a voice stream on the wire, from the payload bytes per packet and the packet interval.
///
/// Per-packet header sizes (no options, extensions or CSRCs):
/// - RTP fixed header 12 bytes (RFC 3550 §5.1), UDP 8 bytes (RFC 768), IPv4 20 bytes (RFC 791): 40 bytes;
/// - IPv6 40 bytes (RFC 8200 §3): 60 bytes with UDP and RTP;
/// - Ethernet II header 14 bytes plus frame check sequence 4 bytes (IEEE 802.3 §3.1.1): 18 bytes on top of IPv4
///   (preamble, start delimiter and inter-frame gap, another 20 byte times, are not counted).
/// Everything the codec puts in a packet counts as payload, in-band FEC (Opus LBRR) and redundancy included.
public struct Bandwidth: Sendable, Equatable, Codable {
    public static let rtpUDPIPv4HeaderBytes = 40.0
    public static let rtpUDPIPv6HeaderBytes = 60.0
    public static let ethernetFrameBytes = 18.0

    public var payloadBytesPerPacket: Double
    public var ptimeMs: Double

    public init(payloadBytesPerPacket: Double, ptimeMs: Double) {
        self.payloadBytesPerPacket = payloadBytesPerPacket
        self.ptimeMs = ptimeMs
    }

    /// A nominal stream: `bitrate` bit/s packetized every `ptimeMs` (for `moslab codecs`, before any run).
    public init(bitrate: Int, ptimeMs: Double) {
        self.init(payloadBytesPerPacket: Double(bitrate) * ptimeMs / 8000, ptimeMs: ptimeMs)
    }

    /// kbit/s of `bytes` per packet: bytes · 8 bits / ptime ms = kbit/s.
    func kbps(_ bytes: Double) -> Double { ptimeMs > 0 ? bytes * 8 / ptimeMs : 0 }

    public var payloadKbps: Double { kbps(payloadBytesPerPacket) }
    public var ipv4Kbps: Double { kbps(payloadBytesPerPacket + Self.rtpUDPIPv4HeaderBytes) }
    public var ipv6Kbps: Double { kbps(payloadBytesPerPacket + Self.rtpUDPIPv6HeaderBytes) }
    public var ethernetKbps: Double { kbps(payloadBytesPerPacket + Self.rtpUDPIPv4HeaderBytes + Self.ethernetFrameBytes) }

    /// Mean bytes per packet of encoded packets (each a list of frames).
    public static func meanPayloadBytes(_ packets: [[[UInt8]]]) -> Double {
        guard !packets.isEmpty else { return 0 }
        let total = packets.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        return Double(total) / Double(packets.count)
    }

    /// Inverse of `ipv4Kbps` for a result's figures: the payload bytes per packet.
    public static func from(payloadKbps: Double, ptimeMs: Double) -> Bandwidth {
        Bandwidth(payloadBytesPerPacket: payloadKbps * ptimeMs / 8, ptimeMs: ptimeMs)
    }
}
