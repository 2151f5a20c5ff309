import Foundation

/// rtptools' rtpdump format (`rtpdump -F dump`, read by `rtpplay`): a text line `#!rtpplay1.0 ADDRESS/PORT\n`,
/// then `RD_hdr_t` (start time sec/usec, source address, port, 2 bytes padding), then per packet `RD_packet_t`
/// (length including this 8-byte header, RTP length or 0 for RTCP, milliseconds since the start) and the packet.
/// All big-endian. libpcap does not read it, hence this reader; it streams through a 64 KiB buffer.
struct RTPDumpReader {
    let path: String
    let source: IPAddress
    let destination: IPAddress
    let sourcePort: UInt16
    let destinationPort: UInt16
    let startMicros: Int64
    let dataOffset: Int
    private(set) var warning: String?

    /// nil when the file does not start with `#!rtpplay`.
    init?(path: String) throws {
        self.path = path
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var head = [UInt8](repeating: 0, count: 200)
        let count = fread(&head, 1, head.count, file)
        guard count >= 9, Array(head[0..<9]) == Array("#!rtpplay".utf8) else { return nil }
        guard let newline = head[0..<count].firstIndex(of: 0x0A), count >= newline + 1 + 16 else { return nil }
        let text = String(decoding: head[0..<newline], as: UTF8.self)
        // "#!rtpplay1.0 192.0.2.2/5004"
        let target = text.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        let parts = target.split(separator: "/")
        let octets = parts.first.map { $0.split(separator: ".").compactMap { UInt8($0) } } ?? []
        destination = octets.count == 4 ? IPAddress(ipv4: octets) : IPAddress(high: 0, low: 0, isIPv6: false)
        let h = newline + 1
        let bytes = head
        func u32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        startMicros = Int64(u32(h)) * 1_000_000 + Int64(u32(h + 4))
        source = IPAddress(high: 0, low: UInt64(u32(h + 8)), isIPv6: false)
        let headerPort = UInt16(bytes[h + 12]) << 8 | UInt16(bytes[h + 13])
        // RD_hdr_t's address and port are the sender's; the text line names the destination.
        sourcePort = headerPort
        destinationPort = parts.count > 1 ? UInt16(parts[1]) ?? 0 : 0
        dataOffset = h + 16
    }

    /// Calls `body` per record (RTCP records included: the RTP detector tells them apart).
    mutating func forEach(_ body: CaptureFile.FrameHandler) throws {
        guard let file = fopen(path, "rb") else { return }
        defer { fclose(file) }
        fseeko(file, off_t(dataOffset), SEEK_SET)
        var offset = dataOffset
        var header = [UInt8](repeating: 0, count: 8)
        var packet = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = fread(&header, 1, 8, file)
            if got == 0 { break }
            let length = Int(UInt16(header[0]) << 8 | UInt16(header[1]))
            let offsetMs = header[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard got == 8, length >= 8 else {
                warning = "truncated rtpdump record after byte \(offset) (the last complete record ends there)"
                break
            }
            let bodyLength = length - 8
            let read = packet.withUnsafeMutableBytes { fread($0.baseAddress, 1, bodyLength, file) }
            guard read == bodyLength else {
                warning = "truncated rtpdump record after byte \(offset) (the last complete record ends there)"
                break
            }
            offset += length
            try packet.withUnsafeBytes { raw in
                try body(startMicros + Int64(offsetMs) * 1000, UnsafeRawBufferPointer(rebasing: raw[0..<bodyLength]))
            }
        }
    }
}
