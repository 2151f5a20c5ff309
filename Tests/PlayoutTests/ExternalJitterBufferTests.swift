import ChannelModels
import Foundation
import LabCore
import Playout
import SpeechCodecs
import Testing

/// The external-buffer protocol (docs/jitter-buffer-protocol.md) against the shipped examples and broken buffers.
enum ExternalBufferFixtures {
    static let repositoryRoot: String = {
        var parts = #filePath.split(separator: "/").map(String.init)
        parts.removeLast(3)
        return "/" + parts.joined(separator: "/")
    }()

    static func inPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let python = inPath("python3")
    static let pythonExample = repositoryRoot + "/Examples/python-fixed-buffer/fixed_buffer.py"

    /// The C example, compiled once with `cc` into a temporary folder (nil when there is no compiler).
    static let cExample: String? = {
        guard let cc = inPath("cc") else { return nil }
        let output = NSTemporaryDirectory() + "moslab-c-fixed-buffer-\(getpid())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cc)
        process.arguments = ["-O2", "-std=c99", "-Wall", "-Werror", "-o", output, repositoryRoot + "/Examples/c-fixed-buffer/fixed_buffer.c"]
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }()

    static let g711Stream = ExternalJitterBuffer.Stream(codec: "g711u", payloadType: 0, sampleRate: 8000, rtpClockRate: 8000, ptimeMs: 20)

    static func arrivals(seed: UInt64, packets: Int = 400, reorder: Bool = false) -> [PacketArrival] {
        let channel = NetworkChannel(delay: NormalJitterDelay(latencyMs: 60, stddevMs: 15),
                                     loss: GilbertElliottLoss(p: 0.03, r: 0.3), allowsReordering: reorder)
        return channel.transmit(sendTimesMs: NetworkChannel.sendTimes(packets: packets, ptimeMs: 20), seed: seed)
    }

    /// A speech-like test signal (two tones with a slow envelope), G.711 µ-law coded in 10 ms frames, two per packet.
    static func payloads(packets: Int) throws -> [[[UInt8]]] {
        let codec = try CodecRegistry.codec(named: "g711u")
        var encoder = try codec.makeEncoder()
        return try (0..<packets).map { packet in
            try (0..<2).map { frame in
                let samples = (0..<80).map { i -> Int16 in
                    let n = Double((packet * 2 + frame) * 80 + i)
                    let envelope = 0.5 + 0.5 * sin(n / 8000 * 2 * .pi * 1.3)
                    return Int16(9000 * envelope * (sin(n / 8000 * 2 * .pi * 220) + 0.4 * sin(n / 8000 * 2 * .pi * 1170)))
                }
                return try encoder.encode(samples)
            }
        }
    }

    static func render(_ schedule: PlayoutSchedule, payloads: [[[UInt8]]]) throws -> [UInt8] {
        var receiver = Receiver(decoder: try CodecRegistry.codec(named: "g711u").makeDecoder(),
                                concealment: G711AppendixIConcealment(sampleRate: 8000))
        let samples = try receiver.render(payloads: payloads, events: schedule.events).samples
        return samples.flatMap { sample -> [UInt8] in
            let value = Int16(max(-32768, min(32767, (sample * 32768).rounded())))
            return [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
        }
    }

    /// A buffer written as a shell script (no Python needed): it answers the hello, then runs `body` on the rest.
    static func shellBuffer(_ body: String, hello: String = #"{"type":"hello","protocol":1,"name":"sh"}"#, timeoutMs: Double = 5_000) -> ExternalJitterBuffer {
        ExternalJitterBuffer(command: "/bin/sh", arguments: ["-c", "read line; echo '\(hello)'; \(body)"], timeoutMs: timeoutMs)
    }
}

@Suite struct ExternalJitterBufferTests {
    typealias F = ExternalBufferFixtures

    /// The examples anchor and play exactly as `FixedJitterBuffer` does (depth a whole number of packets): the same
    /// fate and playout time for every packet, and byte-identical audio through the receiver.
    func checkIdentical(command: String, arguments: [String], seeds: [UInt64], depths: [Double]) throws {
        for seed in seeds {
            for reorder in [false, true] {
                let arrivals = F.arrivals(seed: seed, reorder: reorder)
                let payloads = try F.payloads(packets: arrivals.count)
                for depth in depths {
                    let builtIn = FixedJitterBuffer(depthMs: depth).playout(arrivals, ptimeMs: 20)
                    let buffer = ExternalJitterBuffer(command: command, arguments: arguments + ["--depth-ms", "\(Int(depth))"])
                    let external = try buffer.run(arrivals, stream: F.g711Stream)
                    let context = "seed \(seed), reorder \(reorder), depth \(depth)"
                    #expect(external.schedule.events.map(\.fate) == builtIn.events.map(\.fate), "\(context)")
                    #expect(zip(external.schedule.events, builtIn.events).allSatisfy { abs($0.playoutMs - $1.playoutMs) < 1e-6 }, "\(context)")
                    #expect(external.schedule.adaptations == 0)
                    #expect(try F.render(external.schedule, payloads: payloads) == F.render(builtIn, payloads: payloads), "\(context)")
                    let a = BufferStatistics(arrivals: arrivals, schedule: external.schedule, ptimeMs: 20)
                    let b = BufferStatistics(arrivals: arrivals, schedule: builtIn, ptimeMs: 20)
                    #expect(a.late == b.late && a.lost == b.lost && abs(a.meanPlayoutDelayMs - b.meanPlayoutDelayMs) < 1e-6, "\(context)")
                    // Every played packet was a `play` decision at its deadline tick.
                    #expect(external.count { $0.playedSeq != nil } == builtIn.events.filter { $0.fate == .played }.count)
                }
            }
        }
    }

    @Test func pythonExampleMatchesTheBuiltInFixedBuffer() throws {
        guard let python = F.python else {
            print("skipped: python3 is not in PATH (the Python example buffer needs it)")
            return
        }
        try checkIdentical(command: python, arguments: [F.pythonExample], seeds: [1, 2], depths: [20, 60])
    }

    @Test func cExampleMatchesTheBuiltInFixedBuffer() throws {
        guard let binary = F.cExample else {
            print("skipped: no C compiler (cc) to build Examples/c-fixed-buffer")
            return
        }
        try checkIdentical(command: binary, arguments: [], seeds: [1, 2, 3], depths: [0, 40, 100])
    }

    /// Some late packets, so the comparison above is not vacuous.
    @Test func theComparisonCoversLateAndLostPackets() {
        let schedule = FixedJitterBuffer(depthMs: 20).playout(F.arrivals(seed: 1), ptimeMs: 20)
        #expect(schedule.events.contains { $0.fate == .late })
        #expect(schedule.events.contains { $0.fate == .lost })
    }

    func error(_ buffer: ExternalJitterBuffer) -> String {
        do {
            _ = try buffer.run(F.arrivals(seed: 4, packets: 50), stream: F.g711Stream)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func crashNamesTheTickAndTheExitStatus() {
        let message = error(F.shellBuffer("read a; read b; echo 'boom' >&2; exit 3"))
        #expect(message.hasPrefix("external jitter buffer '/bin/sh -c"))
        #expect(message.contains("exited with status 3 before answering tick 0 (now_ms "), "\(message)")
        #expect(message.contains("its last stderr line: boom"), "\(message)")
        #expect(!message.contains("\n"))
    }

    @Test func crashLaterNamesThatTick() {
        // Answers three ticks, then dies.
        let message = error(F.shellBuffer(#"n=0; while read l; do case "$l" in *'"tick"'*) n=$((n+1)); [ $n -gt 3 ] && exit 9; echo '{"type":"conceal"}';; esac; done"#))
        #expect(message.contains("exited with status 9 before answering tick 3 ("), "\(message)")
    }

    @Test func hangTimesOut() {
        let start = Date()
        let message = error(F.shellBuffer("sleep 30", timeoutMs: 300))
        #expect(message.contains("tick 0 (now_ms "), "\(message)")
        #expect(message.contains("no answer within 300 ms (timeout_ms)"), "\(message)")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func garbageIsQuoted() {
        let message = error(F.shellBuffer(#"while read l; do case "$l" in *'"tick"'*) echo 'PLAY 3 please';; esac; done"#))
        #expect(message.contains("tick 0 (now_ms "), "\(message)")
        #expect(message.hasSuffix("the answer is not a JSON object; received: PLAY 3 please"), "\(message)")
    }

    @Test func outOfProtocolAnswersAreRefused() {
        func answering(_ answer: String) -> String {
            error(F.shellBuffer(#"while read l; do case "$l" in *'"tick"'*) echo '\#(answer)';; esac; done"#))
        }
        #expect(answering(#"{"type":"play","seq":45}"#).contains("packet 45 has not been delivered; received: {\"type\":\"play\",\"seq\":45}"))
        #expect(answering(#"{"type":"play"}"#).contains("\"play\" needs an integer \"seq\""))
        #expect(answering(#"{"type":"jump"}"#).contains("unknown decision \"jump\""))
        #expect(answering(#"{"seq":1}"#).contains("the answer has no \"type\""))
        #expect(answering(#"{"type":"conceal","drop":["x"]}"#).contains("\"drop\" must be a list of integer seqs"))
        // Playing seq 0 at every tick: the second time it was already played.
        #expect(answering(#"{"type":"play","seq":0}"#).contains("tick 1 (now_ms "))
        #expect(answering(#"{"type":"play","seq":0}"#).contains("packet 0 was already played or dropped"))
    }

    @Test func handshakeIsChecked() {
        let wrongVersion = error(F.shellBuffer("cat > /dev/null", hello: #"{"type":"hello","protocol":2}"#))
        #expect(wrongVersion.contains("the handshake: the buffer speaks protocol 2, MOSLab speaks 1"), "\(wrongVersion)")
        let noHello = error(F.shellBuffer("cat > /dev/null", hello: "ready"))
        #expect(noHello.contains("the handshake: expected {\"type\":\"hello\",\"protocol\":1,…}; received: ready"), "\(noHello)")
        let missing = error(ExternalJitterBuffer(command: "no-such-buffer-xyz"))
        #expect(missing == "external jitter buffer 'no-such-buffer-xyz': could not start: 'no-such-buffer-xyz' is not in PATH")
    }

    /// A buffer that conceals forever: every arrived packet ends late, the run stops after the drain time.
    @Test func unplayedPacketsAreLateAndTheRunEnds() throws {
        let arrivals = F.arrivals(seed: 5, packets: 50)
        let run = try F.shellBuffer(#"while read l; do case "$l" in *'"tick"'*) echo '{"type":"expand"}';; esac; done"#).run(arrivals, stream: F.g711Stream)
        #expect(run.schedule.events.allSatisfy { $0.fate != .played })
        #expect(run.schedule.events.filter { $0.fate == .late }.count == arrivals.filter { !$0.isLost }.count)
        let lastArrival = arrivals.compactMap(\.arrivalMs).max()!
        #expect(run.ticks.last!.nowMs >= lastArrival + ExternalJitterBuffer.drainMs)
        #expect(run.ticks.last!.nowMs < lastArrival + ExternalJitterBuffer.drainMs + 20)
        #expect(run.bufferName == "sh")
    }

    /// Decisions map onto the schedule: accelerate plays, drop discards, and playout offsets count adaptations.
    @Test func decisionsBecomeTheSchedule() {
        let arrivals = (0..<4).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: $0 == 2 ? nil : Double($0) * 20 + 5) }
        // Packet 0 plays at 30, packet 1 at 50 (same offset), packet 3 at 80 (offset 20: one adaptation).
        let schedule = ExternalJitterBuffer.schedule(arrivals, playoutMs: [30, 50, nil, 80])
        #expect(schedule.events.map(\.fate) == [.played, .played, .lost, .played])
        #expect(schedule.events[2].playoutMs == 70)  // the previous played packet's offset
        #expect(schedule.adaptations == 1)
        let dropped = ExternalJitterBuffer.schedule(arrivals, playoutMs: [nil, 50, nil, 90])
        #expect(dropped.events.map(\.fate) == [.late, .played, .lost, .played])
        #expect(dropped.events[0].playoutMs == 30)  // no played packet before it: the next one's offset
    }

    /// accelerate plays its packet and the next (two into less time); expand and conceal play nothing; a `drop`
    /// decision discards its packet; accelerate with nothing else buffered is refused with the tick and the reason.
    @Test func accelerateExpandAndDropDecisions() throws {
        let arrivals = (0..<5).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: $0 < 2 ? 10 : Double($0) * 20 + 10) }
        func first(_ answer: String, then rest: String, _ arrivals: [PacketArrival]) throws -> ExternalJitterBuffer.Run {
            try F.shellBuffer(#"n=0; while read l; do case "$l" in *'"tick"'*) n=$((n+1)); if [ $n -eq 1 ]; then echo '\#(answer)'; else echo '\#(rest)'; fi;; esac; done"#)
                .run(arrivals, stream: F.g711Stream)
        }
        let accelerated = try first(#"{"type":"accelerate","seq":0,"ms":5}"#, then: #"{"type":"expand"}"#, arrivals)
        #expect(accelerated.schedule.events.map(\.fate) == [.played, .played, .late, .late, .late])
        #expect(accelerated.schedule.events[0].playoutMs == 10)
        #expect(accelerated.schedule.events[1].playoutMs == 25)  // 20 ms of packet 0 less the 5 ms removed
        #expect(accelerated.ticks[0].removedMs == 5)
        #expect(accelerated.count { if case .accelerate = $0 { return true } else { return false } } == 1)
        #expect(accelerated.count { $0 == .expand } == accelerated.ticks.count - 1)
        let dropped = try first(#"{"type":"drop","seq":0}"#, then: #"{"type":"conceal"}"#, arrivals)
        #expect(dropped.schedule.events.map(\.fate) == [.late, .late, .late, .late, .late])
        #expect(dropped.ticks[0].decision == .drop(seq: 0) && dropped.ticks[0].drops == [0])
        // Only packet 0 has arrived at tick 0: nothing to compress it with.
        let alone = (0..<5).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: Double($0) * 20 + 10) }
        do {
            _ = try first(#"{"type":"accelerate","seq":0}"#, then: #"{"type":"expand"}"#, alone)
            Issue.record("accelerate with nothing buffered was accepted")
        } catch {
            #expect("\(error)".contains("tick 0 (now_ms 10): accelerate 0 needs packet 1 buffered too"), "\(error)")
        }
    }
}
