import Foundation
import LabCore

/// A per-packet trace to replay: loss and/or one-way delay of each packet, in send order (e.g. exported from a
/// capture, or the CSV `moslab network` writes).
///
/// File format: CSV with a header row. Recognised columns (any order; at least `lost`, `delay_ms` or
/// `arrival_ms` must be present): `seq`, `send_ms`, `arrival_ms`, `lost`, `delay_ms`, `playout_ms`, `fate`.
/// `lost` is 0/1 or false/true; with no `lost` column a packet is lost when `arrival_ms` (or `delay_ms`) is empty.
/// `delay_ms` is the one-way delay; without it the delay is `arrival_ms − send_ms`. Blank lines and lines starting
/// with `#` are skipped. A bad row is an error naming the file and line.
public struct ChannelTrace: Sendable, Equatable {
    /// Whether each packet was lost.
    public var lost: [Bool]
    /// Delay of each packet in ms; nil when the trace gives none (lost, or a loss-only trace).
    public var delayMs: [Double?]
    public var hasDelays: Bool

    public init(lost: [Bool], delayMs: [Double?], hasDelays: Bool) {
        self.lost = lost
        self.delayMs = delayMs
        self.hasDelays = hasDelays
    }

    public static let knownColumns = ["seq", "send_ms", "arrival_ms", "lost", "delay_ms", "playout_ms", "fate"]

    public static func load(path: String) throws -> ChannelTrace {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the trace file", hint: "check the path (relative to the spec's folder)")
        }
        return try parse(csv: text, file: path)
    }

    public static func parse(csv text: String, file: String) throws -> ChannelTrace {
        let (rows, columns) = try self.rows(csv: text, file: file)
        return ChannelTrace(lost: rows.map(\.lost), delayMs: rows.map(\.delayMs),
                            hasDelays: columns.contains("delay_ms") || columns.contains("arrival_ms"))
    }

    /// One packet row of a trace file, with every column the file has (nil when the column is absent or the cell
    /// empty). `lost` and `delayMs` are checked and derived as `parse` documents; `seq`, `playout_ms` and `fate` are
    /// kept as read (nil when unreadable) for readers that need them (`PacketTrace`, the report).
    public struct Row: Sendable, Equatable {
        /// 1-based line of the row in the file.
        public var line: Int
        public var seq: Int?
        public var sendMs: Double?
        public var arrivalMs: Double?
        public var playoutMs: Double?
        public var fate: PacketFate?
        public var lost: Bool
        /// One-way delay (`delay_ms`, or `arrival_ms − send_ms`); nil when lost or not given.
        public var delayMs: Double?
    }

    /// The one reader of MOSLab's trace format (`seq,send_ms,arrival_ms,lost,playout_ms,fate`, written by
    /// `PacketTraceCSV`, or any subset with `delay_ms`): RFC 4180 records from `CSV`, then per-column checks.
    /// A header without rows is an error unless `allowingEmpty` (a run's own trace of no packets).
    public static func rows(csv text: String, file: String, allowingEmpty: Bool = false) throws -> (rows: [Row], columns: Set<String>) {
        var header: [String]? = nil
        var rows: [Row] = []
        var column: [String: Int] = [:]
        for record in try CSV.records(text, file: file) where !record.isBlank && !record.isComment {
            let lineNumber = record.line
            let cells = record.fields
            guard let names = header else {
                for (i, name) in cells.enumerated() {
                    guard knownColumns.contains(name) else {
                        throw InputError(file: file, line: lineNumber, column: 1, "unknown trace column '\(name)'",
                                         hint: "columns: \(knownColumns.joined(separator: ", "))")
                    }
                    column[name] = i
                }
                guard column["lost"] != nil || column["delay_ms"] != nil || column["arrival_ms"] != nil else {
                    throw InputError(file: file, line: lineNumber, column: 1, "trace header has no lost, delay_ms or arrival_ms column",
                                     hint: "e.g. `seq,lost,delay_ms`")
                }
                header = cells
                continue
            }
            guard cells.count == names.count else {
                throw InputError(file: file, line: lineNumber, column: 1, "trace row has \(cells.count) fields, the header has \(names.count)",
                                 hint: "one value per header column, separated by commas")
            }
            func number(_ name: String) throws -> Double? {
                guard let i = column[name] else { return nil }
                let cell = cells[i]
                if cell.isEmpty { return nil }
                guard let value = Double(cell), value.isFinite else {
                    throw InputError(file: file, line: lineNumber, column: 1, "\(name) '\(cell)' is not a number", hint: "give milliseconds, e.g. 42.5")
                }
                return value
            }
            var isLost: Bool
            if let i = column["lost"] {
                switch cells[i].lowercased() {
                case "1", "true": isLost = true
                case "0", "false": isLost = false
                default:
                    throw InputError(file: file, line: lineNumber, column: 1, "lost '\(cells[i])' must be 0, 1, true or false")
                }
            } else {
                isLost = false
            }
            let send = try number("send_ms")
            let arrival = try number("arrival_ms")
            var delay = try number("delay_ms")
            if delay == nil, let arrival {
                guard let send else {
                    throw InputError(file: file, line: lineNumber, column: 1, "arrival_ms without send_ms", hint: "add send_ms or give delay_ms")
                }
                delay = arrival - send
            }
            if column["lost"] == nil && delay == nil { isLost = true }
            if let d = delay, d < 0 {
                throw InputError(file: file, line: lineNumber, column: 1, "negative delay \(d) ms", hint: "a packet cannot arrive before it is sent")
            }
            if !isLost && delay == nil && (column["delay_ms"] != nil || column["arrival_ms"] != nil) {
                throw InputError(file: file, line: lineNumber, column: 1, "received packet without a delay", hint: "fill delay_ms/arrival_ms or mark it lost")
            }
            func cell(_ name: String) -> String? { column[name].map { cells[$0] } }
            rows.append(Row(line: lineNumber, seq: cell("seq").flatMap { Int($0) }, sendMs: send, arrivalMs: arrival,
                            playoutMs: cell("playout_ms").flatMap { Double($0) }, fate: cell("fate").flatMap { PacketFate(rawValue: $0) },
                            lost: isLost, delayMs: isLost ? nil : delay))
        }
        guard header != nil, !rows.isEmpty || allowingEmpty else {
            throw InputError(file: file, line: 1, column: 1, "trace has no packets", hint: "a header row, then one row per packet")
        }
        return (rows, Set(column.keys))
    }
}

/// Replays a trace's loss flags, packet after packet, cycling when the run is longer than the trace.
public struct TraceLoss: LossModel {
    public let lost: [Bool]
    var index = 0
    public init(lost: [Bool]) {
        precondition(!lost.isEmpty, "empty loss trace")
        self.lost = lost
    }
    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool {
        let value = lost[index]
        index = index + 1 == lost.count ? 0 : index + 1
        return value
    }
    public var stationaryLossRate: Double { Double(lost.lazy.filter { $0 }.count) / Double(lost.count) }
    public var meanBurstLength: Double { LossPatternStatistics(lostFlags: lost).meanBurstLength }
}

/// Replays a trace's delays, cycling; packets the trace has no delay for (lost there) take the previous delay.
public struct TraceDelay: DelayModel {
    public let delays: [Double]
    var index = 0
    public init(delays: [Double?]) {
        var last = delays.compactMap { $0 }.first ?? 0
        self.delays = delays.map { value in
            if let value { last = value }
            return last
        }
    }
    public mutating func nextDelayMs(sendMs: Double, using random: inout SeededRandom) -> Double {
        let value = delays[index]
        index = index + 1 == delays.count ? 0 : index + 1
        return value
    }
}
