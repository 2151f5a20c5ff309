import Foundation

/// A capture writer for the tests, written from the format documents (not from the product's reader): libpcap's
/// file format (tcpdump.org/manpages/pcap-savefile.5) and pcapng (IETF draft-ietf-opsawg-pcapng: SHB, IDB, EPB),
/// little-endian, with the link-layer headers of tcpdump.org/linktypes.html.
struct TestCaptureWriter {
    enum Link {
        case ethernet(vlanTags: [UInt16])  // 0x8100 / 0x88A8 tag ethertypes, outermost first
        case sll, sll2, rawIPv4, rawIPv6, null
        var linktype: UInt32 {
            switch self {
            case .ethernet: 1
            case .sll: 113
            case .sll2: 276
            case .rawIPv4, .rawIPv6: 101
            case .null: 0
            }
        }
        var ipv6: Bool { if case .rawIPv6 = self { return true }; return false }
    }

    struct Packet {
        var micros: Int64
        var udpPayload: [UInt8]
        var srcPort: UInt16 = 5004
        var dstPort: UInt16 = 5006
        var src: [UInt8] = [10, 1, 2, 3]
        var dst: [UInt8] = [10, 9, 8, 7]
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }

    static func rtp(pt: UInt8, seq: UInt16, ts: UInt32, ssrc: UInt32, marker: Bool = false, payload: Int = 160) -> [UInt8] {
        [0x80, (marker ? 0x80 : 0) | pt] + be16(seq) + be32(ts) + be32(ssrc) + [UInt8](repeating: 0xFF, count: payload)
    }

    /// An RTCP receiver report (RFC 3550 §6.4.2) with no report blocks.
    static func rtcpRR(ssrc: UInt32) -> [UInt8] { [0x80, 201] + be16(1) + be32(ssrc) }

    static func frame(_ p: Packet, link: Link) -> [UInt8] {
        let udp = be16(p.srcPort) + be16(p.dstPort) + be16(UInt16(8 + p.udpPayload.count)) + [0, 0] + p.udpPayload
        let ip: [UInt8]
        var ethertype: UInt16 = 0x0800
        if link.ipv6 {
            ethertype = 0x86DD
            let src = [UInt8](repeating: 0, count: 12) + p.src, dst = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 8) + p.dst
            ip = [0x60, 0, 0, 0] + be16(UInt16(udp.count)) + [17, 64] + src + dst + udp
        } else {
            ip = [0x45, 0] + be16(UInt16(20 + udp.count)) + [0, 0, 0x40, 0, 64, 17, 0, 0] + p.src + p.dst + udp
        }
        switch link {
        case .ethernet(let tags):
            var header: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]
            for (i, tag) in tags.enumerated() { header += be16(tag) + be16(UInt16(100 + i)) }
            return header + be16(ethertype) + ip
        case .sll:
            return be16(0) + be16(1) + be16(6) + [2, 0, 0, 0, 0, 1, 0, 0] + be16(ethertype) + ip
        case .sll2:
            return be16(ethertype) + be16(0) + be32(2) + be16(1) + [0, 6] + [2, 0, 0, 0, 0, 1, 0, 0] + ip
        case .rawIPv4, .rawIPv6:
            return ip
        case .null:
            return le32(2) + ip  // AF_INET in the (little-endian) capturing host's order
        }
    }

    static func pcap(_ packets: [Packet], link: Link) -> [UInt8] {
        var out = le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65_535) + le32(link.linktype)
        for p in packets {
            let f = frame(p, link: link)
            out += le32(UInt32(p.micros / 1_000_000)) + le32(UInt32(p.micros % 1_000_000)) + le32(UInt32(f.count)) + le32(UInt32(f.count)) + f
        }
        return out
    }

    static func pcapng(_ packets: [Packet], link: Link) -> [UInt8] {
        func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
            let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
            let length = UInt32(12 + padded.count)
            return le32(type) + le32(length) + padded + le32(length)
        }
        var out = block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + le32(0xFFFF_FFFF) + le32(0xFFFF_FFFF))
        out += block(1, le16(UInt16(link.linktype)) + le16(0) + le32(65_535))  // IDB, default µs resolution
        for p in packets {
            let f = frame(p, link: link)
            let t = UInt64(p.micros)
            out += block(6, le32(0) + le32(UInt32(t >> 32)) + le32(UInt32(t & 0xFFFF_FFFF)) + le32(UInt32(f.count)) + le32(UInt32(f.count)) + f)
        }
        return out
    }

    static func temporary(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("moslab-captures-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A stream with known impairments: which sequence numbers are dropped, duplicated or swapped, and a seeded delay
/// per packet (a simple LCG, so the test owns its numbers).
struct KnownStream {
    var count = 3000
    var firstSeq: UInt16 = 65_000  // wraps during the stream
    var firstTimestamp: UInt32 = 4_294_000_000  // wraps too
    var ssrc: UInt32 = 0x1A2B_3C4D
    var pt: UInt8 = 0
    var dropped: Set<Int> = []
    var duplicated: Set<Int> = []
    var swappedWithNext: Set<Int> = []
    var jitterMs = 8.0
    var seed: UInt64 = 42
    var startMicros: Int64 = 1_767_225_600_000_000

    /// (index, arrival µs) in arrival order, with the wire packets.
    func packets(srcPort: UInt16 = 5004, dstPort: UInt16 = 5006) -> [(index: Int, packet: TestCaptureWriter.Packet)] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var out: [(Int, TestCaptureWriter.Packet)] = []
        var lastArrival: Int64 = 0
        for i in 0..<count {
            let delay = 30 + jitterMs * uniform()
            var arrival = startMicros + Int64((Double(i) * 20 + delay) * 1000)
            arrival = max(arrival, lastArrival + 1)
            lastArrival = arrival
            guard !dropped.contains(i) else { continue }
            let rtp = TestCaptureWriter.rtp(pt: pt, seq: firstSeq &+ UInt16(truncatingIfNeeded: i), ts: firstTimestamp &+ UInt32(i * 160), ssrc: ssrc,
                                            marker: i == 0)
            let packet = TestCaptureWriter.Packet(micros: arrival, udpPayload: rtp, srcPort: srcPort, dstPort: dstPort)
            out.append((i, packet))
            if duplicated.contains(i) {
                var copy = packet
                copy.micros += 100
                lastArrival = copy.micros
                out.append((i, copy))
            }
        }
        // Swap arrival order (and times) of i and the next packet.
        var result = out
        for k in result.indices.dropLast() where swappedWithNext.contains(result[k].0) && result[k + 1].0 == result[k].0 + 1 {
            let t0 = result[k].1.micros, t1 = result[k + 1].1.micros
            result.swapAt(k, k + 1)
            result[k].1.micros = t0
            result[k + 1].1.micros = t1
        }
        return result.map { (index: $0.0, packet: $0.1) }
    }

    /// Each index's transit (first copy's arrival − i·20 ms) minus the smallest transit; nil when dropped.
    func relativeDelaysMs() -> [Double?] {
        var transit = [Double?](repeating: nil, count: count)
        for a in packets() where transit[a.index] == nil {
            transit[a.index] = Double(a.packet.micros - startMicros) / 1000 - Double(a.index) * 20
        }
        let minimum = transit.compactMap { $0 }.min() ?? 0
        return transit.map { $0.map { $0 - minimum } }
    }

    /// RFC 3550 §6.4.1 jitter computed directly, in timestamp units then ms, over packets in arrival order (the
    /// independent computation the reader is checked against). Returns (final J, mean of J over updates).
    func referenceJitterMs(_ arrivals: [(index: Int, packet: TestCaptureWriter.Packet)], clock: Double = 8000) -> (Double, Double) {
        var j = 0.0, sum = 0.0, n = 0
        var previous: (Double, Double)? = nil
        var seen = Set<Int>()
        for a in arrivals {
            guard seen.insert(a.index).inserted else { continue }  // duplicates do not update J here or in the reader
            let r = Double(a.packet.micros) / 1e6 * clock  // arrival in timestamp units
            let s = Double(a.index * 160)
            if let (pr, ps) = previous {
                let d = (r - pr) - (s - ps)
                j += (abs(d) - j) / 16
                sum += j
                n += 1
            }
            previous = (r, s)
        }
        return (j / clock * 1000, n > 0 ? sum / Double(n) / clock * 1000 : 0)
    }
}
