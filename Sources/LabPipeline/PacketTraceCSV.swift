import ChannelModels
import Playout

/// The per-packet trace of a run, `DIR/<scenario>/<clip>.trace.csv`: what the network and the jitter buffer did
/// to each packet. Header `seq,send_ms,arrival_ms,lost,playout_ms,fate` (arrival empty when lost), the same
/// columns `moslab network` prints.
public enum PacketTraceCSV {
    public static let header = "seq,send_ms,arrival_ms,lost,playout_ms,fate"

    public static func render(arrivals: [PacketArrival], events: [PlayoutEvent]) -> String {
        var lines = [header]
        lines.reserveCapacity(arrivals.count + 1)
        for (arrival, event) in zip(arrivals, events) {
            let arrivalText = arrival.arrivalMs.map(milliseconds) ?? ""
            lines.append("\(arrival.seq),\(milliseconds(arrival.sendMs)),\(arrivalText),\(arrival.isLost ? 1 : 0),\(milliseconds(event.playoutMs)),\(event.fate.rawValue)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Microsecond resolution, fixed notation, locale-free.
    static func milliseconds(_ value: Double) -> String {
        let micro = Int64((value * 1000).rounded())
        let sign = micro < 0 ? "-" : ""
        let magnitude = abs(micro)
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
