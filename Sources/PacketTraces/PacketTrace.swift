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

    /// Parses the CSV text; the header line is required and checked.
    public init(csv: String) throws {
        var packets: [Packet] = []
        var lineNumber = 0
        for line in csv.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            if lineNumber == 1 {
                guard line.hasPrefix("seq,send_ms,arrival_ms") else { throw ParseError(line: 1, text: String(line)) }
                continue
            }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count >= 6, let seq = Int(cells[0]), let send = Double(cells[1]), let playout = Double(cells[4]),
                  let fate = Fate(rawValue: String(cells[5]))
            else { throw ParseError(line: lineNumber, text: String(line)) }
            packets.append(Packet(seq: seq, sendMs: send, arrivalMs: Double(cells[2]), playoutMs: playout, fate: fate))
        }
        self.packets = packets
    }
}
