import ChannelModels
import Foundation
import LabCore

/// A team's own jitter buffer, run as a child process and driven over the line-delimited JSON protocol of
/// docs/jitter-buffer-protocol.md (version 1). It conforms to the same tick-driven `JitterBuffer` protocol as the
/// built-in buffers: `PlayoutDriver` walks the virtual clock, and at each tick this type writes the packets that
/// arrived and the tick, and returns the process's one-line decision.
///
/// The messages never depend on the answers (the tick clock is fixed), so `run` hands the buffer the whole
/// delivery schedule in advance and it writes up to `pipelineTicks` ticks ahead of the answer it waits for; the
/// process still reads them in order and must decide tick k from the lines before tick k only.
public struct ExternalJitterBuffer: JitterBuffer {
    public static let protocolVersion = 1
    /// Ticks go on at most this long after the last arrival; packets still unplayed then count as late.
    public static let drainMs = PlayoutDriver.drainMs
    /// Ticks MOSLab writes ahead of the answer it waits for. The messages do not depend on the answers, so this
    /// only saves round trips; a buffer must still decide tick k from the messages before tick k.
    public static let pipelineTicks = 32

    public typealias Decision = ReceiverDecision
    public typealias Tick = PlayoutTick
    public typealias Stream = ReceiverStream

    /// The executable: a path (absolute, or relative to `directory`), or a name looked up in PATH.
    public var command: String
    public var arguments: [String]
    /// Working directory of the child (the spec's folder); empty = MOSLab's own.
    public var directory: String
    /// Longest wait for any one answer, ms.
    public var timeoutMs: Double
    /// The process of the current run (a reference: the protocol's mutating calls share it).
    var session: Session?

    public init(command: String, arguments: [String] = [], directory: String = "", timeoutMs: Double = 5_000) {
        self.command = command
        self.arguments = arguments
        self.directory = directory
        self.timeoutMs = timeoutMs
    }

    /// Everything one run produced.
    public struct Run: Sendable {
        /// The name the buffer gave in its hello.
        public var bufferName: String
        public var ticks: [PlayoutTick]
        public var schedule: PlayoutSchedule

        public func count(_ matches: (ReceiverDecision) -> Bool) -> Int { ticks.filter { matches($0.decision) }.count }
    }

    /// A started buffer process (or why it could not start), handed to `run`. Starting early lets an interpreter's
    /// start-up overlap the rest of the pipeline; the process is stopped when this is released.
    public final class Launched: @unchecked Sendable {
        fileprivate let process: Result<ExternalBufferProcess, ExternalBufferError>
        fileprivate init(_ process: Result<ExternalBufferProcess, ExternalBufferError>) { self.process = process }
    }

    /// One run's conversation: the process, what is queued for it, and the schedule written ahead.
    final class Session: @unchecked Sendable {
        let process: ExternalBufferProcess
        var bufferName = ""
        var pending = ""
        /// Per tick: the packet lines delivered before it and the tick line (from `run`), for writing ahead.
        var feed: [String]?
        var sent = 0
        var lastLine = ""
        init(process: ExternalBufferProcess) { self.process = process }
    }

    /// Starts the command now; errors surface when `run` uses it.
    public func launch() -> Launched {
        do {
            return Launched(.success(try ExternalBufferProcess(executable: try resolvedExecutable(), arguments: arguments, directory: directory)))
        } catch let error as ExternalBufferError {
            return Launched(.failure(error))
        } catch {
            return Launched(.failure(fail("could not start: \(error)")))
        }
    }

    /// `command args…`, as messages name the buffer.
    public var label: String { ([command] + arguments).joined(separator: " ") }

    /// Drives the buffer over `arrivals` (one per packet, in seq order) through `PlayoutDriver`. `talkspurtStarts`
    /// sets the RTP marker (nil: only on the first packet).
    /// `launched`: the process started earlier with `launch()`, so its start-up overlaps the caller's work.
    public func run(_ arrivals: [PacketArrival], stream: ReceiverStream, talkspurtStarts: [Bool]? = nil,
                    launched: Launched? = nil) throws -> Run {
        var media = NominalMedia()
        return try run(arrivals, stream: stream, talkspurtStarts: talkspurtStarts, launched: launched, media: &media)
    }

    public func run<M: PlayoutMedia>(_ arrivals: [PacketArrival], stream: ReceiverStream, talkspurtStarts: [Bool]?,
                                     launched: Launched?, media: inout M) throws -> Run {
        var buffer = self
        let session = Session(process: try (launched ?? launch()).process.get())
        defer { session.process.terminate() }
        session.feed = Self.feed(arrivals, stream: stream, talkspurtStarts: talkspurtStarts)
        buffer.session = session
        var stream = stream
        stream.packets = arrivals.count
        let run = try PlayoutDriver.run(buffer, arrivals: arrivals, stream: stream, talkspurtStarts: talkspurtStarts,
                                        activity: nil, media: &media)
        return Run(bufferName: session.bufferName, ticks: run.ticks, schedule: run.schedule)
    }

    /// The lines before each tick, exactly as `PlayoutDriver` delivers (tick k at first arrival + k·ptime; packets
    /// with arrival ≤ now in arrival order, ties in send order), up to the drain time.
    static func feed(_ arrivals: [PacketArrival], stream: ReceiverStream, talkspurtStarts: [Bool]?) -> [String] {
        let order = arrivals.indices.filter { arrivals[$0].arrivalMs != nil }
            .sorted { (arrivals[$0].arrivalMs!, $0) < (arrivals[$1].arrivalMs!, $1) }
        guard let firstIndex = order.first else { return [] }
        let origin = arrivals[firstIndex].arrivalMs!
        let lastTickMs = arrivals[order.last!].arrivalMs! + drainMs
        var lines: [String] = []
        var next = 0
        var k = 0
        while true {
            let now = origin + Double(k) * stream.ptimeMs
            var batch = ""
            while next < order.count, arrivals[order[next]].arrivalMs! <= now {
                let index = order[next]
                batch += packetLine(arrivals[index], index: index, stream: stream, marker: talkspurtStarts.map { $0[index] } ?? (index == 0))
                next += 1
            }
            lines.append(batch + "{\"type\":\"tick\",\"tick\":\(k),\"now_ms\":\(number(now))}\n")
            if now >= lastTickMs { break }
            k += 1
        }
        return lines
    }

    static func packetLine(_ packet: PacketArrival, index: Int, stream: ReceiverStream, marker: Bool) -> String {
        "{\"type\":\"packet\",\"seq\":\(packet.seq),\"rtp_timestamp\":\(UInt32(truncatingIfNeeded: index * stream.timestampStep)),"
            + "\"arrival_ms\":\(number(packet.arrivalMs!)),\"payload_ms\":\(number(stream.ptimeMs)),\"marker\":\(marker)}\n"
    }

    // MARK: - The receiver protocol

    public mutating func start(_ stream: ReceiverStream) throws {
        if session == nil { session = Session(process: try launch().process.get()) }
        let process = session!.process
        let hello = "{\"type\":\"hello\",\"protocol\":\(Self.protocolVersion),\"codec\":\(Self.quoted(stream.codec)),"
            + "\"payload_type\":\(stream.payloadType),\"sample_rate\":\(stream.sampleRate),\"rtp_clock_rate\":\(stream.rtpClockRate),"
            + "\"ptime_ms\":\(Self.number(stream.ptimeMs)),\"packets\":\(stream.packets)}\n"
        try send(hello, to: process, at: "the handshake")
        session!.bufferName = try checkHello(try readAnswer(process, at: "the handshake"))
        streamForPackets = stream
    }

    var streamForPackets: ReceiverStream?

    public mutating func receive(_ packet: ReceivedPacket) {
        guard let session, session.feed == nil, let stream = streamForPackets else { return }
        let arrival = PacketArrival(seq: packet.seq, sendMs: packet.sendMs, arrivalMs: packet.arrivalMs)
        session.pending += Self.packetLine(arrival, index: packet.seq, stream: stream, marker: packet.marker)
    }

    public mutating func tick(_ context: TickContext) throws -> TickAnswer {
        guard let session else { throw fail("not started") }
        let k = context.index
        let place = "tick \(k) (now_ms \(Self.number(context.nowMs)))"
        var batch = ""
        if let feed = session.feed {
            // Write ahead up to `pipelineTicks` ticks beyond the answer awaited, refilling when half have been
            // answered (their lines fit in the pipes, so neither side can block the other).
            if session.sent - k <= Self.pipelineTicks / 2 {
                while session.sent < min(feed.count, k + Self.pipelineTicks) {
                    batch += feed[session.sent]
                    session.sent += 1
                }
            }
        } else {
            batch = session.pending + "{\"type\":\"tick\",\"tick\":\(k),\"now_ms\":\(Self.number(context.nowMs))}\n"
            session.pending = ""
        }
        if !batch.isEmpty { try send(batch, to: session.process, at: place) }
        let line = try readAnswer(session.process, at: place)
        session.lastLine = line
        return try parseDecision(line, at: place)
    }

    public mutating func finish(ticks: Int) {
        guard let session else { return }
        _ = session.process.write("{\"type\":\"bye\",\"ticks\":\(ticks)}\n", timeoutMs: min(timeoutMs, 1_000))
        session.process.closeInput()
        _ = session.process.waitForExit(timeoutMs: 20)  // a moment to exit on its own before `terminate` stops it
    }

    public func failure(_ message: String) -> any Error {
        fail("\(message); received: \(Self.excerpt(session?.lastLine ?? ""))")
    }

    /// Per-packet events from the played times (kept for callers of protocol 1's first API).
    public static func schedule(_ arrivals: [PacketArrival], playoutMs: [Double?]) -> PlayoutSchedule {
        PlayoutSchedule(arrivals: arrivals, playoutMs: playoutMs)
    }

    // MARK: - Messages

    func checkHello(_ line: String) throws -> String {
        guard let object = Self.object(line), object["type"] as? String == "hello" else {
            throw fail("the handshake: expected {\"type\":\"hello\",\"protocol\":1,…}; received: \(Self.excerpt(line))")
        }
        guard let version = Self.integer(object["protocol"]), version == Self.protocolVersion else {
            throw fail("the handshake: the buffer speaks protocol \(object["protocol"].map { "\($0)" } ?? "(none)"), MOSLab speaks \(Self.protocolVersion); received: \(Self.excerpt(line))")
        }
        return object["name"] as? String ?? command
    }

    func parseDecision(_ line: String, at place: String) throws -> TickAnswer {
        guard let object = Self.object(line) else {
            throw fail("\(place): the answer is not a JSON object; received: \(Self.excerpt(line))")
        }
        guard let type = object["type"] as? String else {
            throw fail("\(place): the answer has no \"type\"; received: \(Self.excerpt(line))")
        }
        func seq() throws -> Int {
            guard let value = Self.integer(object["seq"]) else {
                throw fail("\(place): \"\(type)\" needs an integer \"seq\"; received: \(Self.excerpt(line))")
            }
            return value
        }
        func ms() throws -> Double? {
            guard let value = object["ms"] else { return nil }
            guard let number = value as? NSNumber, String(cString: number.objCType) != "c", number.doubleValue >= 0,
                  number.doubleValue.isFinite else {
                throw fail("\(place): \"ms\" must be a number ≥ 0; received: \(Self.excerpt(line))")
            }
            return number.doubleValue
        }
        var drops: [Int] = []
        if let list = object["drop"] {
            guard let values = list as? [Any], let seqs = Optional(values.compactMap(Self.integer)), seqs.count == values.count else {
                throw fail("\(place): \"drop\" must be a list of integer seqs; received: \(Self.excerpt(line))")
            }
            drops = seqs
        }
        let decision: ReceiverDecision
        switch type {
        case "play": decision = .play(seq: try seq())
        case "merge": decision = .merge(seq: try seq())
        case "accelerate": decision = .accelerate(seq: try seq(), ms: try ms())
        case "preemptive_expand": decision = .preemptiveExpand(seq: try seq(), ms: try ms())
        case "conceal": decision = .conceal
        case "expand": decision = .expand
        case "idle": decision = .idle
        case "drop":
            let value = try seq()
            decision = .drop(seq: value)
            drops.append(value)
        default:
            throw fail("\(place): unknown decision \"\(type)\" (expected play, merge, accelerate, preemptive_expand, conceal, expand, drop or idle); received: \(Self.excerpt(line))")
        }
        var named = drops + (decision.playedSeq.map { [$0] } ?? [])
        if case .accelerate(let first, _) = decision { named.append(first + 1) }
        if Set(named).count != named.count {
            throw fail("\(place): a packet is named twice; received: \(Self.excerpt(line))")
        }
        return TickAnswer(decision, drops: drops)
    }

    private func readAnswer(_ process: ExternalBufferProcess, at place: String) throws -> String {
        while true {
            switch process.readLine(timeoutMs: timeoutMs) {
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return line
            case .endOfFile:
                throw died(process, at: place)
            case .timedOut:
                throw fail("\(place): no answer within \(Self.number(timeoutMs)) ms (timeout_ms); the buffer was stopped")
            }
        }
    }

    /// Writes to the buffer within `timeoutMs` (issue 14: writes were unbounded, so a buffer that stopped reading
    /// blocked MOSLab forever).
    private func send(_ text: String, to process: ExternalBufferProcess, at place: String) throws {
        switch process.write(text, timeoutMs: timeoutMs) {
        case .written: return
        case .closed: throw died(process, at: place)
        case .timedOut:
            throw fail("\(place): stopped reading its input for \(Self.number(timeoutMs)) ms (timeout_ms); the buffer was stopped")
        }
    }

    private func died(_ process: ExternalBufferProcess, at place: String) -> ExternalBufferError {
        let how = process.exitDescription(timeoutMs: 1_000)
        let stderr = process.lastErrorLine.map { "; its last stderr line: \(Self.excerpt($0))" } ?? ""
        return fail("\(how) before answering \(place)\(stderr)")
    }

    func fail(_ message: String) -> ExternalBufferError {
        ExternalBufferError(message: "external jitter buffer '\(label)': \(message)")
    }

    /// The command as an executable path: with a slash, relative to `directory`; otherwise searched in PATH.
    public func resolvedExecutable() throws -> String {
        if command.contains("/") {
            let path = command.hasPrefix("/") || directory.isEmpty ? command : directory + "/" + command
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw fail("could not start: \(path) is not an executable file")
            }
            return path
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(command)") {
            return "\(folder)/\(command)"
        }
        throw fail("could not start: '\(command)' is not in PATH")
    }

    // MARK: - JSON helpers

    static func object(_ line: String) -> [String: Any]? {
        guard let data = line.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func integer(_ value: Any?) -> Int? {
        // JSON true/false also arrive as NSNumber; their objCType is "c".
        if let number = value as? NSNumber, String(cString: number.objCType) != "c" {
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 1e15 ? Int(double) : nil
        }
        return nil
    }

    /// A JSON number: the shortest text that reads back as the same Double.
    static func number(_ value: Double) -> String { plainNumber(value) }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A received line as messages quote it: at most 120 characters.
    static func excerpt(_ line: String) -> String {
        let flat = line.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 120 ? String(flat.prefix(120)) + "…" : flat
    }
}

/// A buffer that crashed, hung or answered out of protocol: one line naming the tick and the line received.
public struct ExternalBufferError: LabError, Equatable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
