import ChannelModels
import Foundation
import Playout
import Testing

/// Issue 14: every read *and write* to an external buffer is bounded by timeout_ms, and the buffer's whole process
/// group is stopped when the run ends.
@Suite struct ExternalBufferHardeningTests {
    typealias F = ExternalBufferFixtures

    /// 3,000 packets arriving at once are ~400 KB of lines, far more than a pipe holds: a buffer that answered the
    /// handshake and then stopped reading blocked the write forever before.
    @Test(.timeLimit(.minutes(1))) func aBufferThatStopsReadingTimesOutOnTheWrite() {
        let marker = "31.\(getpid() % 10_000)7"
        let arrivals = (0..<3_000).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: 60_000) }
        let buffer = F.shellBuffer("sleep \(marker)", timeoutMs: 400)
        let start = Date()
        var message = "no error"
        do { _ = try buffer.run(arrivals, stream: F.g711Stream) } catch { message = "\(error)" }
        #expect(message.contains("stopped reading its input for 400 ms (timeout_ms); the buffer was stopped"), "\(message)")
        #expect(Date().timeIntervalSince(start) < 50)
        // The shell's child (`sleep`, same process group) was stopped with it.
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!Self.processRunning(containing: "sleep \(marker)"))
    }

    /// A buffer that writes megabytes without a newline is stopped once its line passes the bound, instead of MOSLab
    /// holding (and rescanning) all of it until `timeout_ms`: the message names the cause, not a timeout.
    @Test(.timeLimit(.minutes(1))) func anAnswerWithoutANewlineIsBounded() {
        let arrivals = (0..<20).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: Double($0) * 20 + 40) }
        let buffer = F.shellBuffer("head -c 8000000 /dev/zero | tr '\\0' x; sleep 30", timeoutMs: 50_000)
        var message = "no error"
        do { _ = try buffer.run(arrivals, stream: F.g711Stream) } catch { message = "\(error)" }
        #expect(message.contains("wrote more than 1048576 bytes without a newline"), "\(message)")
    }

    static func processRunning(containing text: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if command.contains(text) { return true }
        }
        return false
    }
}
