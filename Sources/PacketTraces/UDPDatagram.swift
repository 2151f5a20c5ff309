/// A UDP datagram found in a frame: its endpoints and where its payload lies in the frame.
public struct UDPDatagram: Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// Payload bytes within the frame.
    public var payload: Range<Int>

    /// Why a frame yielded no datagram (counted, never an error: captures carry all sorts of traffic).
    public enum Skip: Sendable { case notIP, notUDP, fragment, truncated }

    /// Decodes link layer → IPv4/IPv6 (extension headers skipped) → UDP. Returns the reason when the frame holds no
    /// complete, unfragmented UDP datagram. `rtpOnly` frames (rtpdump) are returned whole with zero addresses.
    @inline(__always)
    public static func decode(_ p: UnsafeRawBufferPointer, link: LinkType) -> Result<UDPDatagram, SkipReason> {
        var at = 0
        var ethertype: UInt16 = 0
        switch link {
        case .rtpOnly:
            return .success(UDPDatagram(source: IPAddress(high: 0, low: 0, isIPv6: false), destination: IPAddress(high: 0, low: 0, isIPv6: false),
                                        sourcePort: 0, destinationPort: 0, payload: 0..<p.count))
        case .ethernet:
            guard p.count >= 14 else { return .failure(SkipReason(.truncated)) }
            ethertype = Wire.u16(p, 12)
            at = 14
            // IEEE 802.1Q (0x8100), 802.1ad S-tag (0x88A8) and the older 0x9100 QinQ: 4 bytes each, stackable.
            while ethertype == 0x8100 || ethertype == 0x88A8 || ethertype == 0x9100 {
                guard p.count >= at + 4 else { return .failure(SkipReason(.truncated)) }
                ethertype = Wire.u16(p, at + 2)
                at += 4
            }
        case .linuxSLL:
            guard p.count >= 16 else { return .failure(SkipReason(.truncated)) }
            ethertype = Wire.u16(p, 14)
            at = 16
        case .linuxSLL2:
            guard p.count >= 20 else { return .failure(SkipReason(.truncated)) }
            ethertype = Wire.u16(p, 0)
            at = 20
        case .rawIP:
            guard p.count >= 1 else { return .failure(SkipReason(.truncated)) }
            ethertype = p[0] >> 4 == 6 ? 0x86DD : 0x0800
        case .null, .loop:
            guard p.count >= 4 else { return .failure(SkipReason(.truncated)) }
            // The family is AF_INET (2) everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD) or
            // 30 (Darwin). DLT_NULL stores it in the capturing host's order, so read it both ways.
            let big = Wire.u32(p, 0), little = big.byteSwapped
            let family = link == .loop ? big : (big < 256 ? big : little)
            switch family {
            case 2: ethertype = 0x0800
            case 10, 24, 28, 30: ethertype = 0x86DD
            default: return .failure(SkipReason(.notIP))
            }
            at = 4
        }
        var source: IPAddress, destination: IPAddress
        var udp: Int
        var end = p.count
        if ethertype == 0x0800 {
            guard p.count >= at + 20, p[at] >> 4 == 4 else { return .failure(SkipReason(.truncated)) }
            let headerLength = Int(p[at] & 0x0F) * 4
            let totalLength = Int(Wire.u16(p, at + 2))
            guard headerLength >= 20, p.count >= at + headerLength else { return .failure(SkipReason(.truncated)) }
            guard p[at + 9] == 17 else { return .failure(SkipReason(.notUDP)) }
            // More-fragments flag or a non-zero offset: part of a datagram (RTP voice packets are never this big).
            if Wire.u16(p, at + 6) & 0x3FFF != 0 { return .failure(SkipReason(.fragment)) }
            source = IPAddress.ipv4(p, at + 12)
            destination = IPAddress.ipv4(p, at + 16)
            if totalLength >= headerLength { end = min(end, at + totalLength) }  // Ethernet pads short frames
            udp = at + headerLength
        } else if ethertype == 0x86DD {
            guard p.count >= at + 40, p[at] >> 4 == 6 else { return .failure(SkipReason(.truncated)) }
            var next = p[at + 6]
            end = min(end, at + 40 + Int(Wire.u16(p, at + 4)))
            source = IPAddress.ipv6(p, at + 8)
            destination = IPAddress.ipv6(p, at + 24)
            udp = at + 40
            // RFC 8200 §4: hop-by-hop (0), routing (43), destination options (60) are skipped; a fragment header (44)
            // means part of a datagram.
            while next != 17 {
                switch next {
                case 0, 43, 60:
                    guard p.count >= udp + 2 else { return .failure(SkipReason(.truncated)) }
                    next = p[udp]
                    udp += (Int(p[udp + 1]) + 1) * 8
                case 44:
                    return .failure(SkipReason(.fragment))
                default:
                    return .failure(SkipReason(.notUDP))
                }
            }
        } else {
            return .failure(SkipReason(.notIP))
        }
        guard end >= udp + 8 else { return .failure(SkipReason(.truncated)) }
        let udpLength = Int(Wire.u16(p, udp + 4))
        let payloadEnd = udpLength >= 8 ? min(end, udp + udpLength) : end
        return .success(UDPDatagram(source: source, destination: destination, sourcePort: Wire.u16(p, udp),
                                    destinationPort: Wire.u16(p, udp + 2), payload: (udp + 8)..<max(udp + 8, payloadEnd)))
    }

    public struct SkipReason: Error, Sendable {
        public var skip: Skip
        init(_ skip: Skip) { self.skip = skip }
    }
}
