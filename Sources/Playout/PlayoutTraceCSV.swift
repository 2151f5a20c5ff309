import ChannelModels

/// The per-packet CSV `moslab network` writes: `seq,send_ms,arrival_ms,lost,playout_ms,fate` (arrival empty when
/// lost; times with three decimals). It can be read back by `ChannelTrace` for replay. Formatting is done by hand
/// into bytes (fixed-point, no Foundation), which keeps writing within a few times the cost of simulating.
public enum PlayoutTraceCSV {
    public static let header = "seq,send_ms,arrival_ms,lost,playout_ms,fate\n"

    public static func append(_ arrivals: [PacketArrival], _ events: [PlayoutEvent], to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + arrivals.count * 48)
        for (a, e) in zip(arrivals, events) {
            appendInt(a.seq, to: &bytes)
            bytes.append(0x2C)
            appendMs(a.sendMs, to: &bytes)
            bytes.append(0x2C)
            if let arrival = a.arrivalMs { appendMs(arrival, to: &bytes) }
            bytes.append(0x2C)
            bytes.append(a.isLost ? 0x31 : 0x30)
            bytes.append(0x2C)
            appendMs(e.playoutMs, to: &bytes)
            bytes.append(0x2C)
            switch e.fate {
            case .played: bytes.append(contentsOf: [0x70, 0x6C, 0x61, 0x79, 0x65, 0x64])   // played
            case .late: bytes.append(contentsOf: [0x6C, 0x61, 0x74, 0x65])                 // late
            case .lost: bytes.append(contentsOf: [0x6C, 0x6F, 0x73, 0x74])                 // lost
            }
            bytes.append(0x0A)
        }
    }

    @inline(__always)
    static func appendInt(_ value: Int, to bytes: inout [UInt8]) {
        var v = value
        if v < 0 { bytes.append(0x2D); v = -v }
        if v < 10 { bytes.append(UInt8(48 + v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while v > 0 {
                buffer[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    /// Milliseconds with exactly three decimals (rounded to the microsecond).
    @inline(__always)
    static func appendMs(_ ms: Double, to bytes: inout [UInt8]) {
        var micro = Int((ms * 1000).rounded())
        if micro < 0 { bytes.append(0x2D); micro = -micro }
        appendInt(micro / 1000, to: &bytes)
        bytes.append(0x2E)
        let frac = micro % 1000
        bytes.append(UInt8(48 + frac / 100))
        bytes.append(UInt8(48 + (frac / 10) % 10))
        bytes.append(UInt8(48 + frac % 10))
    }
}
