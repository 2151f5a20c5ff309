import Foundation
import PacketTraces

/// Capture benchmark (issue 13, Speed and memory): `moslab analyze`'s streaming pass (libpcap read, Ethernet/IPv4/
/// UDP/RTP decoding, per-stream statistics) over a generated pcap, in packets per second of thread CPU time on one
/// core (goal ≥ 1 M/s), and the process's peak RSS (bounded: state per stream, not per packet).
/// `MOSLAB_BENCH_CAPTURE_PACKETS` sets the size (default 1 M packets ≈ 230 MB; 4.7 M ≈ 1.08 GB);
/// `MOSLAB_BENCH_CAPTURE_FILE` keeps the file at that path (reused when it exists).
func runCaptureBenchmark() throws {
    let environment = ProcessInfo.processInfo.environment
    let packets = Int(environment["MOSLAB_BENCH_CAPTURE_PACKETS"] ?? "") ?? 1_000_000
    let streams = 100
    let kept = environment["MOSLAB_BENCH_CAPTURE_FILE"]
    let path = kept ?? NSTemporaryDirectory() + "moslab-bench-\(getpid()).pcap"
    if kept == nil || !FileManager.default.fileExists(atPath: path) {
        try writeBenchCapture(path: path, packets: packets, streams: streams)
    }
    defer { if kept == nil { try? FileManager.default.removeItem(atPath: path) } }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0

    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    var best = Double.infinity
    var found = 0, rtp = 0
    for _ in 0..<3 {
        let start = clock()
        let result = try CaptureScanner().scan(path: path)
        best = min(best, clock() - start)
        found = result.streams.count
        rtp = result.rtpPackets
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print("captures: analyse a pcap of \(rtp) RTP packets in \(found) streams (\(String(format: "%.0f", Double(size) / 1e6)) MB), best of 3, thread CPU time")
    print(String(format: "  %.2f M packets/s (goal ≥ 1), %.0f MB/s", Double(rtp) / best / 1e6, Double(size) / best / 1e6))
    print(String(format: "  peak RSS of the bench process: %.1f MB", Double(usage.ru_maxrss) / 1024))
}

/// Ethernet/IPv4/UDP/RTP G.711 packets (160-byte payload), `streams` calls interleaved at 20 ms, 1 % of packets
/// dropped by a fixed pattern, written through a 1 MiB buffer (the generator holds no packet list).
func writeBenchCapture(path: String, packets: Int, streams: Int) throws {
    guard let file = fopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
    defer { fclose(file) }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    func le32(_ v: UInt32) { for k in 0..<4 { buffer.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
    func be16(_ v: UInt16) { buffer.append(UInt8(v >> 8)); buffer.append(UInt8(v & 0xFF)) }
    func be32(_ v: UInt32) { for k in (0..<4).reversed() { buffer.append(UInt8(truncatingIfNeeded: v >> (8 * k))) } }
    le32(0xA1B2_C3D4); le32(0x0004_0002); le32(0); le32(0); le32(65_535); le32(1)
    let payload = [UInt8](repeating: 0xFF, count: 160)
    let frameLength = 14 + 20 + 8 + 12 + payload.count
    for n in 0..<packets {
        let stream = n % streams, index = n / streams
        if (index * 7 + stream) % 100 == 0 { continue }  // 1 % loss
        let micros = Int64(1_767_225_600) * 1_000_000 + Int64(index) * 20_000 + Int64(stream * 97 + (index * 31 % 5) * 1000)
        le32(UInt32(micros / 1_000_000)); le32(UInt32(micros % 1_000_000)); le32(UInt32(frameLength)); le32(UInt32(frameLength))
        buffer += [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]
        buffer += [0x45, 0]; be16(UInt16(frameLength - 14)); buffer += [0, 0, 0x40, 0, 64, 17, 0, 0]
        buffer += [10, 0, UInt8(stream / 250), UInt8(stream % 250 + 1), 10, 1, 0, 1]
        be16(UInt16(10_000 + 2 * stream)); be16(20_000); be16(UInt16(8 + 12 + payload.count)); be16(0)
        buffer += [0x80, 0]; be16(UInt16(truncatingIfNeeded: index)); be32(UInt32(truncatingIfNeeded: index * 160)); be32(UInt32(0x1000 + stream))
        buffer += payload
        if buffer.count > (1 << 20) - 512 {
            fwrite(buffer, 1, buffer.count, file)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    fwrite(buffer, 1, buffer.count, file)
}
