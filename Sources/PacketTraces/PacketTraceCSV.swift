import ChannelModels

/// The per-packet CSV of a run (`DIR/<scenario>/<clip>.trace.csv`) and of `moslab network`, the one writer:
/// `seq,send_ms,arrival_ms,lost,playout_ms,fate` (arrival empty when lost; times with three decimals). It is read
/// back by `PacketTrace` (the report) and by `ChannelTrace` (replay). Formatting is done by hand
/// into a byte buffer (fixed-point, no Foundation), which keeps writing within a few times the cost of simulating.
public enum PacketTraceCSV {
    public static let header = "seq,send_ms,arrival_ms,lost,playout_ms,fate\n"
    /// Longest row: three signed times of up to 19 digits + 4, a 20-digit seq, the flag, the fate, separators.
    static let maxRowBytes = 3 * 25 + 21 + 2 + 7 + 6

    /// The whole CSV, header included, as text (a run's trace file).
    public static func render(arrivals: [PacketArrival], events: [PlayoutEvent]) -> String {
        var bytes = Array(header.utf8)
        append(arrivals, events, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the rows to `bytes` (convenient for tests and small runs).
    public static func append(_ arrivals: [PacketArrival], _ events: [PlayoutEvent], to bytes: inout [UInt8]) {
        stream(arrivals, events) { bytes.append(contentsOf: $0) }
    }

    /// Formats the rows into one reused buffer of `rowsPerChunk` rows and hands each filled chunk to `sink`
    /// (so writing a long trace never holds it all in memory).
    public static func stream(_ arrivals: [PacketArrival], _ events: [PlayoutEvent], rowsPerChunk: Int = 4096,
                              _ sink: (UnsafeRawBufferPointer) -> Void) {
        let rows = min(arrivals.count, events.count)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: rowsPerChunk * maxRowBytes)
        defer { buffer.deallocate() }
        arrivals.withUnsafeBufferPointer { arrivals in
            events.withUnsafeBufferPointer { events in
                var start = 0
                while start < rows {
                    let end = min(rows, start + rowsPerChunk)
                    var p = buffer
                    for i in start..<end { writeRow(arrivals[i], events[i], &p) }
                    sink(UnsafeRawBufferPointer(start: buffer, count: p - buffer))
                    start = end
                }
            }
        }
    }

    @inline(__always)
    static func writeRow(_ a: PacketArrival, _ e: PlayoutEvent, _ p: inout UnsafeMutablePointer<UInt8>) {
        writeInt(a.seq, &p)
        p.pointee = 0x2C; p += 1
        writeMs(a.sendMs, &p)
        p.pointee = 0x2C; p += 1
        if let arrival = a.arrivalMs { writeMs(arrival, &p) }
        p.pointee = 0x2C; p += 1
        p.pointee = a.isLost ? 0x31 : 0x30; p += 1
        p.pointee = 0x2C; p += 1
        writeMs(e.playoutMs, &p)
        p.pointee = 0x2C; p += 1
        switch e.fate {
        case .played: write("played\n", &p)
        case .late: write("late\n", &p)
        case .lost: write("lost\n", &p)
        }
    }

    @inline(__always)
    static func write(_ text: StaticString, _ p: inout UnsafeMutablePointer<UInt8>) {
        let count = text.utf8CodeUnitCount
        p.update(from: text.utf8Start, count: count)
        p += count
    }

    @inline(__always)
    static func writeInt(_ value: Int, _ p: inout UnsafeMutablePointer<UInt8>) {
        var v = UInt(value.magnitude)
        if value < 0 { p.pointee = 0x2D; p += 1 }
        var digits = 1
        var probe = v
        while probe >= 10 { probe /= 10; digits += 1 }
        var q = p + digits - 1
        repeat {
            q.pointee = UInt8(48 + v % 10)
            v /= 10
            q -= 1
        } while v > 0
        p += digits
    }

    /// Milliseconds with exactly three decimals (rounded to the microsecond).
    @inline(__always)
    static func writeMs(_ ms: Double, _ p: inout UnsafeMutablePointer<UInt8>) {
        guard ms.isFinite, abs(ms) < 9e15 else { write("nan", &p); return }
        var micro = Int((ms * 1000).rounded())
        if micro < 0 { p.pointee = 0x2D; p += 1; micro = -micro }
        writeInt(micro / 1000, &p)
        let frac = micro % 1000
        p[0] = 0x2E
        p[1] = UInt8(48 + frac / 100)
        p[2] = UInt8(48 + (frac / 10) % 10)
        p[3] = UInt8(48 + frac % 10)
        p += 4
    }
}
