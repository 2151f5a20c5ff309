/// The link layers MOSLab decodes down to IP, with libpcap's DLT value for each (`pcap/dlt.h`; the LINKTYPE_*
/// numbers of tcpdump.org/linktypes.html map onto these inside libpcap).
public enum LinkType: String, Sendable, Codable {
    /// DLT_EN10MB: Ethernet II, with any number of 802.1Q (0x8100), 802.1ad (0x88A8) or 0x9100 tags.
    case ethernet
    /// DLT_LINUX_SLL: Linux "cooked" capture v1 (`tcpdump -i any`), 16-byte header, protocol at byte 14.
    case linuxSLL = "linux-sll"
    /// DLT_LINUX_SLL2: cooked capture v2, 20-byte header, protocol at byte 0.
    case linuxSLL2 = "linux-sll2"
    /// DLT_RAW / DLT_IPV4 / DLT_IPV6: the frame is the IP packet.
    case rawIP = "raw-ip"
    /// DLT_NULL: BSD loopback, a 4-byte address family in the capturing host's byte order.
    case null
    /// DLT_LOOP: OpenBSD loopback, the family in network byte order.
    case loop
    /// rtpdump records: the frame is the RTP (or RTCP) packet itself.
    case rtpOnly = "rtp"

    /// nil for a link type MOSLab does not decode.
    public init?(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxSLL
        case 276: self = .linuxSLL2
        case 12, 14, 101, 228, 229: self = .rawIP  // DLT_RAW is 12 on Linux, 14 on OpenBSD; 101 = LINKTYPE_RAW
        case 0: self = .null
        case 108: self = .loop
        default: return nil
        }
    }
}
