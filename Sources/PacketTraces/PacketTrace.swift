import ChannelModels
import LabCore

/// The per-packet trace of one run as the report reads it back from `DIR/<scenario>/<clip>.trace.csv`
/// (`seq,send_ms,arrival_ms,lost,playout_ms,fate`, written by `PacketTraceCSV`).
public struct PacketTrace: Sendable, Equatable {
    public typealias Fate = PacketFate

    public struct Packet: Sendable, Equatable {
        public var seq: Int
        public var sendMs: Double
        /// nil when the network dropped the packet.
        public var arrivalMs: Double?
        /// The playout deadline (whether met or not).
        public var playoutMs: Double
        public var fate: Fate

        public init(seq: Int, sendMs: Double, arrivalMs: Double?, playoutMs: Double, fate: Fate) {
            self.seq = seq
            self.sendMs = sendMs
            self.arrivalMs = arrivalMs
            self.playoutMs = playoutMs
            self.fate = fate
        }
    }

    public var packets: [Packet]

    public init(packets: [Packet]) { self.packets = packets }

    public struct ParseError: Error, CustomStringConvertible {
        public var line: Int
        public var text: String
        public var description: String { "trace line \(line): cannot read \"\(text)\"" }
    }

    /// Parses the CSV text with the trace reader every other trace goes through (`ChannelTrace.rows`); the report
    /// needs `seq`, `send_ms`, `playout_ms` and `fate` on every row.
    public init(csv: String) throws {
        let rows: [ChannelTrace.Row]
        do {
            rows = try ChannelTrace.rows(csv: csv, file: "trace", allowingEmpty: true).rows
        } catch let error as InputError {
            throw ParseError(line: error.line ?? 1, text: error.message)
        }
        packets = try rows.map { row in
            guard let seq = row.seq, let send = row.sendMs, let playout = row.playoutMs, let fate = row.fate else {
                throw ParseError(line: row.line, text: "a row without seq, send_ms, playout_ms or fate")
            }
            return Packet(seq: seq, sendMs: send, arrivalMs: row.arrivalMs, playoutMs: playout, fate: fate)
        }
    }
}
