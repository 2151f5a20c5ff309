import Foundation
import LabCore
import PacketTraces
import Testing

/// Payload types from SDP and estimated clocks, timestamp jumps, SSRC collisions.
@Suite struct CaptureEdgeCaseTests {
    /// A SIP INVITE whose SDP maps 96 to Opus at 48 kHz, then an Opus stream (960 ticks per 20 ms): the clock comes
    /// from the SDP; a second stream on PT 97 without SDP gets its clock estimated from the timestamps (16 kHz).
    @Test func clockFromSDPOrEstimated() throws {
        let sdp = "INVITE sip:bob@example.com SIP/2.0\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 5006 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n"
        var packets = [TestCaptureWriter.Packet(micros: 1_000_000, udpPayload: Array(sdp.utf8), srcPort: 5060, dstPort: 5060)]
        for i in 0..<200 {
            let t = Int64(2_000_000 + i * 20_000)
            packets.append(.init(micros: t, udpPayload: TestCaptureWriter.rtp(pt: 96, seq: UInt16(i), ts: UInt32(i * 960), ssrc: 7, payload: 60)))
            packets.append(.init(micros: t + 3, udpPayload: TestCaptureWriter.rtp(pt: 97, seq: UInt16(i), ts: UInt32(i * 320), ssrc: 8, payload: 60),
                                 srcPort: 6000, dstPort: 6002))
        }
        let path = try TestCaptureWriter.temporary("sdp.pcap", TestCaptureWriter.pcap(packets, link: .ethernet(vlanTags: [])))
        let result = try CaptureScanner().scan(path: path)
        let opus = try #require(result.streams.first { $0.ssrc == 7 })
        #expect(opus.clockRate == 48_000 && opus.clockSource == "sdp" && opus.encoding == "opus")
        #expect(opus.ptimeMs == 20)
        #expect(opus.jitterMs < 0.001)
        let other = try #require(result.streams.first { $0.ssrc == 8 })
        #expect(other.clockRate == 16_000 && other.clockSource == "estimated")
        #expect(result.sdpPayloadTypes[96] == "opus/48000")
    }

    /// A sender clock reset mid-stream is counted, and the jitter does not explode.
    @Test func timestampJumpIsCountedNotJitter() throws {
        var packets: [TestCaptureWriter.Packet] = []
        for i in 0..<300 {
            let ts = i < 150 ? UInt32(i * 160) : UInt32(3_000_000_000 + i * 160)
            packets.append(.init(micros: Int64(1_000_000 + i * 20_000), udpPayload: TestCaptureWriter.rtp(pt: 0, seq: UInt16(i), ts: ts, ssrc: 9)))
        }
        let path = try TestCaptureWriter.temporary("tsjump.pcap", TestCaptureWriter.pcap(packets, link: .rawIPv4))
        let s = try #require(try CaptureScanner().scan(path: path).streams.first)
        #expect(s.timestampJumps == 1)
        #expect(s.jitterMs < 0.001 && s.maxJitterMs < 0.001)
        #expect(s.packetsLost == 0 && s.relativeDelay.maxMs < 0.001)
    }

    /// The same SSRC from two 5-tuples: two streams in the analysis, and a replay of that SSRC names both.
    @Test func ssrcCollisionIsReported() throws {
        var packets: [TestCaptureWriter.Packet] = []
        for i in 0..<50 {
            packets.append(.init(micros: Int64(1_000_000 + i * 20_000), udpPayload: TestCaptureWriter.rtp(pt: 0, seq: UInt16(i), ts: UInt32(i * 160), ssrc: 5)))
            packets.append(.init(micros: Int64(1_000_010 + i * 20_000), udpPayload: TestCaptureWriter.rtp(pt: 0, seq: UInt16(i + 999), ts: UInt32(i * 160), ssrc: 5),
                                 srcPort: 7000, dstPort: 7002))
        }
        let path = try TestCaptureWriter.temporary("collision.pcap", TestCaptureWriter.pcap(packets, link: .ethernet(vlanTags: [])))
        #expect(try CaptureScanner().scan(path: path).streams.count == 2)
        do {
            _ = try CaptureReplay.load(path: path, ssrc: 5)
            Issue.record("a colliding SSRC must not be replayed silently")
        } catch let error as InputError {
            #expect(error.description.contains("collision") && error.description.contains(":5004") && error.description.contains(":7000"))
        }
    }
}
