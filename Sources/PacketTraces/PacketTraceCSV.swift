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

    /// Appends the rows to `bytes` (a run's trace file): formatted straight into a new array that holds `bytes`
    /// and room for every row at its longest, not into a chunk buffer copied after (issue 16, fifth pass: a
    /// 450 KB buffer allocated and each run's trace copied once more). The same rows as `stream`.
    public static func append(_ arrivals: [PacketArrival], _ events: [PlayoutEvent], to bytes: inout [UInt8]) {
        let rows = min(arrivals.count, events.count)
        guard rows > 0 else { return }
        let head = bytes
        bytes = [UInt8](unsafeUninitializedCapacity: head.count + rows * maxRowBytes) { buffer, initialized in
            let start = buffer.baseAddress!
            var p = start
            head.withUnsafeBufferPointer { head in
                if let source = head.baseAddress { p.initialize(from: source, count: head.count) }
            }
            p += head.count
            arrivals.withUnsafeBufferPointer { arrivals in
                events.withUnsafeBufferPointer { events in
                    for i in 0..<rows { writeRow(arrivals[i], events[i], &p) }
                }
            }
            initialized = p - start
        }
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
        // Digits counted by comparisons and written two at a time (a division per digit, twice, was most of
        // formatting a trace; issue 16). The same decimal digits.
        let digits = digitCount(v)
        var q = p + digits
        let pairs = digitPairs.utf8Start
        while v >= 100 {
            let r = Int(v % 100)
            v /= 100
            q -= 2
            q[0] = pairs[2 * r]
            q[1] = pairs[2 * r + 1]
        }
        if v >= 10 {
            q -= 2
            q[0] = pairs[2 * Int(v)]
            q[1] = pairs[2 * Int(v) + 1]
        } else {
            q -= 1
            q[0] = UInt8(48 + v)
        }
        p += digits
    }

    /// "00", "01", … "99" in a row.
    static var digitPairs: StaticString { "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899" }

    /// Decimal digits of `v` (1 for 0).
    @inline(__always)
    static func digitCount(_ v: UInt) -> Int {
        var digits = 1
        var bound: UInt = 10
        while v >= bound {
            digits += 1
            if digits == 20 { break }  // UInt.max has 20 digits; 10^20 does not fit
            bound &*= 10
        }
        return digits
    }

    /// `Int(x.rounded())` (half away from zero) for |x| < 9.2·10¹⁸ without the libm `round` call (three a row;
    /// issue 16, runcost3): truncate, then move by one when the dropped fraction is at least a half. The fraction
    /// `x − trunc(x)` is exact (for |x| ≥ 1 the two are within a factor of two, Sterbenz; below, trunc is 0; from
    /// 2⁵³ on, x is an integer), so the comparison decides exactly as `rounded()` does.
    @inline(__always)
    static func roundedToInt(_ x: Double) -> Int {
        var whole = Int(x)
        let fraction = x - Double(whole)
        if fraction >= 0.5 { whole += 1 } else if fraction <= -0.5 { whole -= 1 }
        return whole
    }

    /// Milliseconds with exactly three decimals (rounded to the microsecond).
    @inline(__always)
    static func writeMs(_ ms: Double, _ p: inout UnsafeMutablePointer<UInt8>) {
        guard ms.isFinite, abs(ms) < 9e15 else { write("nan", &p); return }
        var micro = roundedToInt(ms * 1000)
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
