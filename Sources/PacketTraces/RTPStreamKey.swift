/// What identifies one RTP stream in a capture: the SSRC and the UDP 5-tuple it travels on (RFC 3550 §8.2: the
/// same SSRC from two transport addresses is a collision, kept as two streams and flagged).
public struct RTPStreamKey: Hashable, Sendable, Comparable {
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    public var ssrc: UInt32

    public init(source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16, ssrc: UInt32) {
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.ssrc = ssrc
    }

    public var sourceText: String { Self.endpoint(source, sourcePort) }
    public var destinationText: String { Self.endpoint(destination, destinationPort) }
    /// As Wireshark shows SSRCs: `0x1A2B3C4D`.
    public var ssrcHex: String { Self.hex(ssrc) }

    public static func hex(_ ssrc: UInt32) -> String {
        let digits = String(ssrc, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    public static func < (a: RTPStreamKey, b: RTPStreamKey) -> Bool {
        (a.source, a.sourcePort, a.destination, a.destinationPort, a.ssrc) < (b.source, b.sourcePort, b.destination, b.destinationPort, b.ssrc)
    }

    /// An SSRC as users write it: decimal (`439041101`) or hex as Wireshark shows it (`0x1A2B3C4D`).
    public static func parseSSRC(_ text: String) -> UInt32? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("0x") { return UInt32(trimmed.dropFirst(2), radix: 16) }
        return UInt32(trimmed)
    }
}

import Foundation
