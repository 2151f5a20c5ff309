import ChannelModels
import Foundation
import LabCore
import PacketTraces
import Testing

/// The reader against captures written by the tests' own writer, with known losses, duplicates, reordering and
/// jitter; and against tshark's RTP statistics when tshark is installed.
@Suite struct CaptureReaderTests {
    static let stream = KnownStream(dropped: [5, 6, 7, 100, 535, 536, 1200, 2999 - 1], duplicated: [50, 51, 900], swappedWithNext: [300, 1500, 2500])

    static func scan(_ bytes: [UInt8], name: String) throws -> CaptureScanner.Result {
        try CaptureScanner().scan(path: try TestCaptureWriter.temporary(name, bytes))
    }

    @Test(arguments: [
        ("eth", TestCaptureWriter.Link.ethernet(vlanTags: [])), ("vlan", .ethernet(vlanTags: [0x8100])),
        ("qinq", .ethernet(vlanTags: [0x88A8, 0x8100])), ("sll", .sll), ("sll2", .sll2), ("raw4", .rawIPv4),
        ("raw6", .rawIPv6), ("null", .null),
    ])
    func exactCountsOnEveryLinkType(_ name: String, _ link: TestCaptureWriter.Link) throws {
        let arrivals = Self.stream.packets()
        for (format, bytes) in [("pcap", TestCaptureWriter.pcap(arrivals.map(\.packet), link: link)),
                                ("pcapng", TestCaptureWriter.pcapng(arrivals.map(\.packet), link: link))] {
            let result = try Self.scan(bytes, name: "\(name).\(format)")
            #expect(result.format.rawValue == format)
            try #require(result.streams.count == 1, "\(name) \(format)")
            let s = result.streams[0]
            // The last packet index received is 2999; 8 dropped (index 2998 included), so expected 3000.
            #expect(s.packetsExpected == 3000)
            #expect(s.packetsReceived == 3000 - 8)
            #expect(s.packetsLost == 8)
            #expect(s.duplicates == 3)
            #expect(s.reordered == 3)
            #expect(s.ssrc == 0x1A2B_3C4D)
            #expect(s.ptimeMs == 20)
            let (j, mean) = Self.stream.referenceJitterMs(arrivals)
            #expect(abs(s.jitterMs - j) < 0.05, "jitter \(s.jitterMs) vs \(j)")
            #expect(abs(s.meanJitterMs - mean) < 0.05, "mean jitter \(s.meanJitterMs) vs \(mean)")
            // Loss runs in sequence order: 3, 1, 2, 1, 1 → 5 bursts, 8 lost.
            #expect(s.lossPattern.bursts == 5)
            #expect(s.lossPattern.burstHistogram == [[1, 3], [2, 1], [3, 1]])
            #expect(s.rfc3611.lost == 8)
            #expect(s.rfc3611.packets == 3000)
            if link.ipv6 { #expect(s.src.hasPrefix("[::a01:203]")) } else { #expect(s.src == "10.1.2.3:5004") }
        }
    }

    /// RTCP on the neighbouring port and non-RTP UDP (random bytes with RTP's version bits) are not streams.
    @Test func rtcpAndOtherUDPAreNotStreams() throws {
        var packets = Self.stream.packets().map(\.packet)
        var state: UInt64 = 7
        for i in 0..<400 {
            packets.append(.init(micros: packets[i].micros + 5, udpPayload: TestCaptureWriter.rtcpRR(ssrc: 0x1A2B_3C4D), srcPort: 5005, dstPort: 5007))
            var noise = [UInt8](repeating: 0, count: 40)
            for k in noise.indices { state = state &* 6_364_136_223_846_793_005 &+ 1; noise[k] = UInt8(state >> 56) }
            noise[0] = 0x80 | (noise[0] & 0x0F) & 0  // version 2, no CSRC: plausible headers, random seq/ts/SSRC
            packets.append(.init(micros: packets[i].micros + 7, udpPayload: noise, srcPort: 53, dstPort: 53))
        }
        packets.sort { $0.micros < $1.micros }
        let result = try Self.scan(TestCaptureWriter.pcap(packets, link: .ethernet(vlanTags: [])), name: "mixed.pcap")
        #expect(result.streams.count == 1)
        #expect(result.rtcpPackets == 400)
        #expect(result.otherUDP == 400)
        #expect(result.streams.first?.packetsLost == 8)
    }

    /// A capture cut mid-record: the packets before the cut are analysed and the warning names the byte offset where
    /// the last complete record ends.
    @Test func truncatedCaptureWarnsWithOffset() throws {
        let packets = Self.stream.packets().map(\.packet)
        let whole = TestCaptureWriter.pcap(Array(packets.prefix(100)), link: .ethernet(vlanTags: []))
        let recordSize = 16 + 14 + 20 + 8 + 172
        let result = try Self.scan(Array(whole.dropLast(50)), name: "cut.pcap")
        #expect(result.streams.first?.packetsReceived == 99 - 2)  // 99 complete records, two of them copies (50, 51)
        let expectedOffset = 24 + 99 * recordSize
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("after byte \(expectedOffset)") == true, "\(result.warnings)")
    }

    @Test func unknownLinkTypeIsAnInputError() throws {
        var bytes = TestCaptureWriter.pcap([], link: .ethernet(vlanTags: []))
        bytes[20] = 147  // LINKTYPE_USER0
        let path = try TestCaptureWriter.temporary("user0.pcap", bytes)
        #expect(throws: InputError.self) { try CaptureScanner().scan(path: path) }
        let notACapture = try TestCaptureWriter.temporary("text.pcap", Array("hello, world\n".utf8))
        #expect(throws: InputError.self) { try CaptureScanner().scan(path: notACapture) }
    }

    /// Replay: packet i of the trace is lost exactly when sequence number first + i never arrived.
    @Test func replayReproducesLossesExactly() throws {
        let path = try TestCaptureWriter.temporary("replay.pcap", TestCaptureWriter.pcap(Self.stream.packets().map(\.packet), link: .sll))
        let replay = try CaptureReplay.load(path: path, ssrc: 0x1A2B_3C4D)
        let lostIndices = Set(replay.trace.lost.indices.filter { replay.trace.lost[$0] })
        #expect(lostIndices == Self.stream.dropped)
        #expect(replay.trace.lost.count == 3000)
        // Relative delays: transit (arrival − send) minus the smallest transit, computed here from the written times.
        let expected = Self.stream.relativeDelaysMs()
        for i in 0..<3000 {
            if let want = expected[i], let got = replay.trace.delayMs[i] {
                #expect(abs(want - got) < 0.001, "packet \(i): \(got) vs \(want)")
            } else {
                #expect(expected[i] == nil && replay.trace.delayMs[i] == nil)
            }
        }
        #expect(throws: InputError.self) { try CaptureReplay.load(path: path, ssrc: 0xDEAD_BEEF) }
        do {
            _ = try CaptureReplay.load(path: path, ssrc: 0xDEAD_BEEF)
        } catch let error as InputError {
            #expect(error.description.contains("0x1A2B3C4D"), "lists the streams present: \(error)")
        }
    }

    @Test func ssrcParsing() {
        #expect(RTPStreamKey.parseSSRC("0x1A2B3C4D") == 0x1A2B_3C4D)
        #expect(RTPStreamKey.parseSSRC("439041101") == 439_041_101)
        #expect(RTPStreamKey.parseSSRC("0xZZ") == nil)
        #expect(RTPStreamKey.parseSSRC("4294967296") == nil)
    }

    // MARK: tshark

    static let tshark: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// tshark's `-z rtp,streams` on the same file: packets, lost and mean jitter agree (tshark's figures printed
    /// to 3 decimals). tshark 4.0 counts duplicates among received packets, so this stream has none.
    @Test(.enabled(if: tshark != nil, "tshark is not installed (scripts/apt-packages.txt)"))
    func agreesWithTshark() throws {
        var known = Self.stream
        known.duplicated = []
        let arrivals = known.packets()
        let path = try TestCaptureWriter.temporary("tshark.pcap", TestCaptureWriter.pcap(arrivals.map(\.packet), link: .ethernet(vlanTags: [0x8100])))
        let ours = try #require(try CaptureScanner().scan(path: path).streams.first)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tshark!)
        process.arguments = ["-n", "-r", path, "-q", "-o", "rtp.heuristic_rtp:TRUE", "-z", "rtp,streams"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        // "... 0x1A2B3C4D  g711U  2992  8 (0.3%)  min  mean  max  minJ  meanJ  maxJ  X"
        let line = try #require(text.split(separator: "\n").first { $0.contains("0x1A2B3C4D") }, "\(text)")
        let fields = line.split(separator: " ").map(String.init)
        let ssrcAt = try #require(fields.firstIndex(of: "0x1A2B3C4D"))
        let packets = Int(fields[ssrcAt + 2]), lost = Int(fields[ssrcAt + 3])
        let meanJitter = Double(fields[ssrcAt + 9])
        #expect(packets == ours.packetsReceived)
        #expect(lost == ours.packetsLost)
        #expect(abs((meanJitter ?? -1) - ours.meanJitterMs) < 0.05, "tshark mean jitter \(String(describing: meanJitter)) vs \(ours.meanJitterMs)")
    }
}

/// The lab's own export (`moslab network --format pcap|rtpdump`, `RTPCapture`) read back by the reader: one module
/// writes and reads, and the counts survive the round trip.
@Suite struct CaptureRoundTripTests {
    @Test func exportedPcapAndRTPDumpReadBack() throws {
        let lostIndices: Set<Int> = [3, 4, 50, 51, 52, 400]
        let arrivals = (0..<1000).map { i in
            PacketArrival(seq: i, sendMs: Double(i) * 20, arrivalMs: lostIndices.contains(i) ? nil : Double(i) * 20 + 40 + Double(i % 7))
        }
        let capture = RTPCapture(arrivals: arrivals, payloadType: 8, clockRate: 8000, ptimeMs: 20, payload: [UInt8](repeating: 0xD5, count: 160))
        for (name, bytes) in [("export.pcap", capture.pcap), ("export.rtpdump", capture.rtpdump)] {
            let result = try CaptureScanner().scan(path: try TestCaptureWriter.temporary(name, bytes))
            let s = try #require(result.streams.first)
            #expect(result.streams.count == 1)
            #expect(s.packetsReceived == 994 && s.packetsLost == 6, "\(name)")
            #expect(s.payloadType == 8 && s.encoding == "PCMA" && s.ssrc == RTPCapture.ssrc)
            #expect(s.lossPattern.burstHistogram == [[1, 1], [2, 1], [3, 1]])
        }
    }
}
