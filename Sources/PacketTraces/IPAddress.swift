/// An IPv4 or IPv6 address as two 64-bit words (IPv4 in the low 32 bits), cheap to hash and compare per packet.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var isIPv6: Bool

    public init(high: UInt64, low: UInt64, isIPv6: Bool) {
        self.high = high
        self.low = low
        self.isIPv6 = isIPv6
    }

    public init(ipv4 bytes: [UInt8]) {
        precondition(bytes.count == 4)
        self.init(high: 0, low: bytes.reduce(0) { $0 << 8 | UInt64($1) }, isIPv6: false)
    }

    @inline(__always)
    static func ipv4(_ p: UnsafeRawBufferPointer, _ at: Int) -> IPAddress {
        IPAddress(high: 0, low: UInt64(Wire.u32(p, at)), isIPv6: false)
    }

    @inline(__always)
    static func ipv6(_ p: UnsafeRawBufferPointer, _ at: Int) -> IPAddress {
        IPAddress(high: Wire.u64(p, at), low: Wire.u64(p, at + 8), isIPv6: true)
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool { (a.isIPv6 ? 1 : 0, a.high, a.low) < (b.isIPv6 ? 1 : 0, b.high, b.low) }

    /// The network this address is in: /24 for IPv4, /64 for IPv6 (the default route grouping of `moslab analyze`).
    public func network(prefix: Int? = nil) -> IPAddress {
        if isIPv6 {
            let bits = prefix ?? 64
            let highMask: UInt64 = bits >= 64 ? ~0 : (bits <= 0 ? 0 : ~0 << UInt64(64 - bits))
            let lowMask: UInt64 = bits >= 128 ? ~0 : (bits <= 64 ? 0 : ~0 << UInt64(128 - bits))
            return IPAddress(high: high & highMask, low: low & lowMask, isIPv6: true)
        }
        let bits = prefix ?? 24
        let mask: UInt64 = bits <= 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - min(32, bits))) & 0xFFFF_FFFF
        return IPAddress(high: 0, low: low & mask, isIPv6: false)
    }

    /// Dotted quad, or RFC 5952 text (lower case, longest run of zero groups as `::`).
    public var description: String {
        guard isIPv6 else {
            return [24, 16, 8, 0].map { String((low >> UInt64($0)) & 0xFF) }.joined(separator: ".")
        }
        let groups = (0..<8).map { i -> UInt16 in
            let word = i < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (i % 4)))
        }
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength && i - runStart >= 2 { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

/// Big-endian field reads from a frame (bounds are checked by the callers before reading).
enum Wire {
    @inline(__always) static func u16(_ p: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(p[at]) << 8 | UInt16(p[at + 1])
    }
    @inline(__always) static func u32(_ p: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(p[at]) << 24 | UInt32(p[at + 1]) << 16 | UInt32(p[at + 2]) << 8 | UInt32(p[at + 3])
    }
    @inline(__always) static func u64(_ p: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(u32(p, at)) << 32 | UInt64(u32(p, at + 4))
    }
}
