import CPcap
import Foundation
import LabCore

/// A capture file read frame by frame, streaming (one frame in memory at a time, however large the file).
///
/// pcap and pcapng go through libpcap (`pcap_open_offline`, `pcap_next_ex`: the one place MOSLab calls it), which
/// also gives the link type. libpcap does not read rtptools' rtpdump format, so `#!rtpplay1.0` files are read by
/// `RTPDumpReader`, each record becoming a frame of link type `.rtpOnly` with the endpoints of the file header.
///
/// A truncated file is not an error: the frames before the damage are delivered and `warnings` names the byte
/// offset where the last complete record ends (the streams so far are still reported).
public final class CaptureFile {
    public enum Format: String, Sendable, Codable { case pcap, pcapng, rtpdump }

    public let path: String
    public let format: Format
    public let linkType: LinkType
    /// rtpdump only: the addresses and port of the file header (its records carry bare RTP).
    public let rtpdumpEndpoints: (source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16)?
    public private(set) var frames = 0
    /// `FILE: … after byte N …`: damage found; the frames before it were delivered.
    public private(set) var warnings: [String] = []

    private var handle: OpaquePointer?
    private var dump: RTPDumpReader?

    /// One frame: capture time in microseconds since the epoch and the bytes as captured (valid during the call only).
    public typealias FrameHandler = (_ timeMicros: Int64, _ bytes: UnsafeRawBufferPointer) throws -> Void

    /// Opens `path`. Throws `InputError` (exit 2) for a file that cannot be opened, is not a capture, or has a link
    /// type MOSLab cannot decode.
    public init(path: String) throws {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InputError(file: path, "cannot read the capture file", hint: "check the path")
        }
        if let dump = try RTPDumpReader(path: path) {
            self.dump = dump
            format = .rtpdump
            linkType = .rtpOnly
            rtpdumpEndpoints = (dump.source, dump.sourcePort, dump.destination, dump.destinationPort)
            return
        }
        rtpdumpEndpoints = nil
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_MICRO), &errorBuffer) else {
            throw InputError(file: path, "not a capture libpcap can read (\(String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))",
                             hint: "give a pcap, pcapng or rtpdump file (Wireshark: File › Save As › pcap)")
        }
        let dlt = pcap_datalink(handle)
        guard let link = LinkType(dlt: dlt) else {
            let name = pcap_datalink_val_to_name(dlt).map { String(cString: $0) } ?? "\(dlt)"
            pcap_close(handle)
            throw InputError(file: path, "unsupported link type \(name) (DLT \(dlt))",
                             hint: "MOSLab decodes Ethernet (802.1Q/802.1ad), Linux cooked SLL/SLL2, raw IPv4/IPv6 and loopback; re-capture on one of those")
        }
        self.handle = handle
        linkType = link
        // libpcap reports a pcapng section's version, 1.0, where pcap files are 2.4.
        format = pcap_major_version(handle) == 1 ? .pcapng : .pcap
    }

    deinit {
        if let handle { pcap_close(handle) }
    }

    /// Calls `body` for each frame in file order (once: the file is read as a stream).
    public func forEachFrame(_ body: FrameHandler) throws {
        if var dump {
            defer { self.dump = nil }
            try dump.forEach { time, bytes in
                frames += 1
                try body(time, bytes)
            }
            if let warning = dump.warning { warnings.append("\(path): \(warning)") }
            return
        }
        guard let handle else { return }
        // pcap record offsets are computable (24-byte file header, 16 bytes per record header); pcapng blocks vary,
        // so there the stream's position is asked after each frame.
        var offset: Int64 = 24
        var header: UnsafeMutablePointer<pcap_pkthdr>? = nil
        var data: UnsafePointer<UInt8>? = nil
        while true {
            let status = pcap_next_ex(handle, &header, &data)
            if status == 1, let header, let data {
                let h = header.pointee
                let micros = Int64(h.ts.tv_sec) * 1_000_000 + Int64(h.ts.tv_usec)
                frames += 1
                try body(micros, UnsafeRawBufferPointer(start: data, count: Int(h.caplen)))
                if format == .pcapng {
                    if let file = pcap_file(handle) { offset = Int64(ftello(file)) }
                } else {
                    offset += 16 + Int64(h.caplen)
                }
            } else if status == -2 {  // end of file (pcap_next_ex returns PCAP_ERROR_BREAK, -2)
                break
            } else {
                let message = String(cString: pcap_geterr(handle))
                warnings.append("\(path): \(message) after byte \(offset) (the last complete record ends there; \(frames) frames read)")
                break
            }
        }
    }
}
