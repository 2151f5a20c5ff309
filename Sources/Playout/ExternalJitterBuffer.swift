import ChannelModels
import Foundation
import LabCore

/// A team's own jitter buffer, run as a child process and driven over the line-delimited JSON protocol of
/// docs/jitter-buffer-protocol.md (version 1).
///
/// MOSLab starts the command once per run, shakes hands, then walks a virtual clock: tick k is at
/// `first arrival + k·ptime`; before each tick it sends every packet that has arrived by then (arrival order), then
/// the tick, in one write, and waits for the buffer's one-line decision. The decisions become the same
/// `PlayoutSchedule` the built-in buffers produce (a fate and a playout time per packet), so the receiver renders
/// the audio and `BufferStatistics` computes the KPIs exactly as for them.
public struct ExternalJitterBuffer: Sendable {
    public static let protocolVersion = 1
    /// Ticks go on at most this long after the last arrival; packets still unplayed then count as late.
    public static let drainMs = 2_000.0
    /// Ticks MOSLab writes ahead of the answer it waits for. The messages do not depend on the answers, so this
    /// only saves round trips; a buffer must still decide tick k from the messages before tick k.
    public static let pipelineTicks = 32

    /// The executable: a path (absolute, or relative to `directory`), or a name looked up in PATH.
    public var command: String
    public var arguments: [String]
    /// Working directory of the child (the spec's folder); empty = MOSLab's own.
    public var directory: String
    /// Longest wait for any one answer line, ms.
    public var timeoutMs: Double

    public init(command: String, arguments: [String] = [], directory: String = "", timeoutMs: Double = 5_000) {
        self.command = command
        self.arguments = arguments
        self.directory = directory
        self.timeoutMs = timeoutMs
    }

    /// What the buffer is told about the stream in the handshake.
    public struct Stream: Sendable, Equatable {
        public var codec: String
        public var payloadType: UInt8
        public var sampleRate: Int
        /// RTP timestamp units per second (RFC 3551: 8000 for G.722 although it samples at 16 kHz).
        public var rtpClockRate: Int
        public var ptimeMs: Double

        public init(codec: String, payloadType: UInt8, sampleRate: Int, rtpClockRate: Int, ptimeMs: Double) {
            self.codec = codec
            self.payloadType = payloadType
            self.sampleRate = sampleRate
            self.rtpClockRate = rtpClockRate
            self.ptimeMs = ptimeMs
        }

        /// RTP timestamp increment per packet.
        public var timestampStep: Int { Int((ptimeMs * Double(rtpClockRate) / 1000).rounded()) }
    }

    /// One tick's answer.
    public enum Decision: Sendable, Equatable {
        case play(seq: Int)
        case conceal
        case accelerate(seq: Int)
        case expand
        case drop(seq: Int)

        /// The packet this decision plays, if any.
        public var playedSeq: Int? {
            switch self {
            case .play(let seq), .accelerate(let seq): return seq
            default: return nil
            }
        }
    }

    public struct Tick: Sendable, Equatable {
        public var index: Int
        public var nowMs: Double
        public var decision: Decision
        /// Packets discarded with this answer (its `drop` list, and the packet of a `drop` decision).
        public var drops: [Int]
    }

    /// Everything one run produced.
    public struct Run: Sendable {
        /// The name the buffer gave in its hello.
        public var bufferName: String
        public var ticks: [Tick]
        public var schedule: PlayoutSchedule

        public func count(_ matches: (Decision) -> Bool) -> Int { ticks.filter { matches($0.decision) }.count }
    }

    /// A started buffer process (or why it could not start), handed to `run`. Starting early lets an interpreter's
    /// start-up overlap the rest of the pipeline; the process is stopped when this is released.
    public final class Launched: @unchecked Sendable {
        fileprivate let process: Result<ExternalBufferProcess, ExternalBufferError>
        fileprivate init(_ process: Result<ExternalBufferProcess, ExternalBufferError>) { self.process = process }
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

    /// Drives the buffer over `arrivals` (one per packet, in seq order). `talkspurtStarts` sets the RTP marker
    /// (nil: only on the first packet).
    /// `launched`: the process started earlier with `launch()`, so its start-up overlaps the caller's work.
    public func run(_ arrivals: [PacketArrival], stream: Stream, talkspurtStarts: [Bool]? = nil, launched: Launched? = nil) throws -> Run {
        let ptime = stream.ptimeMs
        let process = try (launched ?? launch()).process.get()
        defer { process.terminate() }

        // Handshake.
        let hello = "{\"type\":\"hello\",\"protocol\":\(Self.protocolVersion),\"codec\":\(Self.quoted(stream.codec)),"
            + "\"payload_type\":\(stream.payloadType),\"sample_rate\":\(stream.sampleRate),\"rtp_clock_rate\":\(stream.rtpClockRate),"
            + "\"ptime_ms\":\(Self.number(ptime)),\"packets\":\(arrivals.count)}\n"
        try send(hello, to: process, at: "the handshake")
        let answer = try readAnswer(process, at: "the handshake")
        let bufferName = try checkHello(answer)

        // Arrival order; ties keep send order.
        let order = arrivals.indices.filter { arrivals[$0].arrivalMs != nil }
            .sorted { (arrivals[$0].arrivalMs!, $0) < (arrivals[$1].arrivalMs!, $1) }
        var ticks: [Tick] = []
        var playoutMs = [Double?](repeating: nil, count: arrivals.count)
        if let firstIndex = order.first {
            let firstArrival = arrivals[firstIndex].arrivalMs!
            let lastTickMs = arrivals[order.last!].arrivalMs! + Self.drainMs
            // The tick at which each packet is delivered (sent before that tick's line), and how many packets have
            // been delivered by each tick. Both depend only on the arrivals, never on the answers.
            var deliveryTick = [Int](repeating: Int.max, count: arrivals.count)
            var deliveredBy: [Int] = []
            var resolved = [Bool](repeating: false, count: arrivals.count)
            var resolvedCount = 0
            var lastPlayed = -1
            var next = 0
            var sent = 0
            var k = 0
            func now(_ tick: Int) -> Double { firstArrival + Double(tick) * ptime }
            while true {
                // Write ahead up to `pipelineTicks` ticks beyond the answer awaited, refilling when half have been
                // answered (their lines fit in the pipes, so neither side can block the other).
                var batch = ""
                if sent - k <= Self.pipelineTicks / 2 {
                    while sent < k + Self.pipelineTicks, sent == 0 || now(sent - 1) < lastTickMs {
                        let time = now(sent)
                        while next < order.count, arrivals[order[next]].arrivalMs! <= time {
                            let index = order[next]
                            let packet = arrivals[index]
                            let marker = talkspurtStarts.map { $0[index] } ?? (index == 0)
                            batch += "{\"type\":\"packet\",\"seq\":\(packet.seq),\"rtp_timestamp\":\(UInt32(truncatingIfNeeded: index * stream.timestampStep)),"
                                + "\"arrival_ms\":\(Self.number(packet.arrivalMs!)),\"payload_ms\":\(Self.number(ptime)),\"marker\":\(marker)}\n"
                            deliveryTick[index] = sent
                            next += 1
                        }
                        deliveredBy.append(next)
                        batch += "{\"type\":\"tick\",\"tick\":\(sent),\"now_ms\":\(Self.number(time))}\n"
                        sent += 1
                    }
                }
                let place = "tick \(k) (now_ms \(Self.number(now(k))))"
                if !batch.isEmpty { try send(batch, to: process, at: place) }
                let line = try readAnswer(process, at: place)
                let (decision, drops) = try parseDecision(line, at: place)
                // Check against what the buffer holds at tick k, then apply.
                for seq in drops + (decision.playedSeq.map { [$0] } ?? []) {
                    guard seq >= 0, seq < arrivals.count, deliveryTick[seq] <= k else {
                        throw fail("\(place): packet \(seq) has not been delivered; received: \(Self.excerpt(line))")
                    }
                    guard !resolved[seq] else {
                        throw fail("\(place): packet \(seq) was already played or dropped; received: \(Self.excerpt(line))")
                    }
                    if seq == decision.playedSeq, seq <= lastPlayed {
                        throw fail("\(place): packet \(seq) played after packet \(lastPlayed); received: \(Self.excerpt(line))")
                    }
                    resolved[seq] = true
                    resolvedCount += 1
                }
                if let seq = decision.playedSeq {
                    playoutMs[seq] = now(k)
                    lastPlayed = seq
                }
                ticks.append(Tick(index: k, nowMs: now(k), decision: decision, drops: drops))
                // Done when every packet has been delivered and played or dropped, or the drain time is over.
                if deliveredBy[k] == order.count && (resolvedCount == order.count || now(k) >= lastTickMs) { break }
                k += 1
            }
        }
        _ = process.write("{\"type\":\"bye\",\"ticks\":\(ticks.count)}\n", timeoutMs: min(timeoutMs, 1_000))
        process.closeInput()
        _ = process.waitForExit(timeoutMs: 20)  // a moment to exit on its own before `terminate` (deferred) stops it
        return Run(bufferName: bufferName, ticks: ticks, schedule: Self.schedule(arrivals, playoutMs: playoutMs))
    }

    /// Per-packet events from the played times: a played packet plays at its tick; every other packet is late
    /// (it arrived) or lost, with the nominal playout time of the nearest played packet's offset (the previous one,
    /// else the next), as a fixed buffer's deadline would be.
    public static func schedule(_ arrivals: [PacketArrival], playoutMs: [Double?]) -> PlayoutSchedule {
        var nominal = [Double?](repeating: nil, count: arrivals.count)
        var offset: Double? = nil
        var adaptations = 0
        for (index, packet) in arrivals.enumerated() {
            if let time = playoutMs[index] {
                let now = time - packet.sendMs
                if let offset, abs(now - offset) >= 1 { adaptations += 1 }
                offset = now
            }
            nominal[index] = offset.map { packet.sendMs + $0 }
        }
        offset = nil
        for index in arrivals.indices.reversed() {
            if let time = playoutMs[index] { offset = time - arrivals[index].sendMs }
            if nominal[index] == nil { nominal[index] = arrivals[index].sendMs + (offset ?? 0) }
        }
        let events = arrivals.enumerated().map { index, packet in
            PlayoutEvent(seq: packet.seq, fate: playoutMs[index] != nil ? .played : (packet.isLost ? .lost : .late),
                         playoutMs: playoutMs[index] ?? nominal[index]!)
        }
        return PlayoutSchedule(events: events, adaptations: adaptations)
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

    func parseDecision(_ line: String, at place: String) throws -> (Decision, [Int]) {
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
        var drops: [Int] = []
        if let list = object["drop"] {
            guard let values = list as? [Any], let seqs = Optional(values.compactMap(Self.integer)), seqs.count == values.count else {
                throw fail("\(place): \"drop\" must be a list of integer seqs; received: \(Self.excerpt(line))")
            }
            drops = seqs
        }
        let decision: Decision
        switch type {
        case "play": decision = .play(seq: try seq())
        case "accelerate": decision = .accelerate(seq: try seq())
        case "conceal": decision = .conceal
        case "expand": decision = .expand
        case "drop":
            let value = try seq()
            decision = .drop(seq: value)
            drops.append(value)
        default:
            throw fail("\(place): unknown decision \"\(type)\" (expected play, conceal, accelerate, expand or drop); received: \(Self.excerpt(line))")
        }
        if Set(drops).count != drops.count || (decision.playedSeq.map { drops.contains($0) } ?? false) {
            throw fail("\(place): a packet is named twice; received: \(Self.excerpt(line))")
        }
        return (decision, drops)
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
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

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
