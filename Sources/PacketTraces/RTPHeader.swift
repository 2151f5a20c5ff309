/// The fixed RTP header (RFC 3550 §5.1) of a UDP payload, and the RTCP test that keeps control packets out of the
/// media statistics.
public struct RTPHeader: Sendable, Equatable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequence: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// Payload bytes after the header, CSRCs, extension and padding.
    public var payloadLength: Int

    /// A plausible RTP header, or nil: version 2, the CSRC list, extension and padding inside the datagram, and a
    /// payload type that RFC 3551 assigns to audio/video (0–34) or leaves dynamic (96–127). Types 72–76 would be
    /// RTCP's 200–204 with the marker bit set (RFC 5761 §4), so excluding 35–95 also keeps RTCP out.
    @inline(__always)
    public init?(_ p: UnsafeRawBufferPointer, _ range: Range<Int>) {
        let at = range.lowerBound
        guard range.count >= 12, p[at] >> 6 == 2 else { return nil }
        let pt = p[at + 1] & 0x7F
        guard pt <= 34 || pt >= 96 else { return nil }
        var header = 12 + Int(p[at] & 0x0F) * 4
        guard range.count >= header else { return nil }
        if p[at] & 0x10 != 0 {  // RFC 3550 §5.3.1 header extension: 16-bit profile, 16-bit length in words
            guard range.count >= header + 4 else { return nil }
            header += 4 + Int(Wire.u16(p, at + header + 2)) * 4
            guard range.count >= header else { return nil }
        }
        var padding = 0
        if p[at] & 0x20 != 0 {  // the last octet counts the padding, itself included
            padding = Int(p[range.upperBound - 1])
            guard padding >= 1, range.count >= header + padding else { return nil }
        }
        marker = p[at + 1] & 0x80 != 0
        payloadType = pt
        sequence = Wire.u16(p, at + 2)
        timestamp = Wire.u32(p, at + 4)
        ssrc = Wire.u32(p, at + 8)
        payloadLength = range.count - header - padding
    }

    /// RFC 3550 §6.4–6.7 and RFC 4585/3611 packet types 200–207 (SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR): version 2,
    /// a known type, and a length field (32-bit words minus one) that fits the datagram.
    @inline(__always)
    public static func isRTCP(_ p: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        let at = range.lowerBound
        guard range.count >= 8, p[at] >> 6 == 2, (200...207).contains(p[at + 1]) else { return false }
        return (Int(Wire.u16(p, at + 2)) + 1) * 4 <= range.count
    }
}
