/// RFC 3551 §6 Table 4/5: the static payload types' encoding names and RTP clock rates. Dynamic types (96–127)
/// are learnt from SDP `a=rtpmap` lines found in the capture or given by the user (`--pt 96=opus`).
public enum RTPPayloadTypes {
    public static let staticTypes: [UInt8: (encoding: String, clockRate: Int)] = [
        0: ("PCMU", 8000), 3: ("GSM", 8000), 4: ("G723", 8000), 5: ("DVI4", 8000), 6: ("DVI4", 16000),
        7: ("LPC", 8000), 8: ("PCMA", 8000), 9: ("G722", 8000), 10: ("L16", 44100), 11: ("L16", 44100),
        12: ("QCELP", 8000), 13: ("CN", 8000), 14: ("MPA", 90000), 15: ("G728", 8000), 16: ("DVI4", 11025),
        17: ("DVI4", 22050), 18: ("G729", 8000), 25: ("CelB", 90000), 26: ("JPEG", 90000), 28: ("nv", 90000),
        31: ("H261", 90000), 32: ("MPV", 90000), 33: ("MP2T", 90000), 34: ("H263", 90000),
    ]

    /// Common RTP clock rates, to snap an estimated rate to (`estimatedClockRate`).
    static let commonRates = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 90000]

    /// Timestamp ticks per second measured over a few packets, snapped to the nearest common rate (log distance);
    /// nil when the span is too short to tell.
    public static func estimatedClockRate(timestampTicks: Int64, seconds: Double) -> Int? {
        guard seconds > 0.005, timestampTicks > 0 else { return nil }
        let rate = Double(timestampTicks) / seconds
        return commonRates.min { abs(log2(Double($0) / rate)) < abs(log2(Double($1) / rate)) }
    }

    /// `a=rtpmap:<pt> <encoding>/<clock>[/<channels>]` lines of an SDP body (RFC 4566 §6), e.g. in a SIP INVITE.
    /// (Lines end in CRLF, which Swift reads as one Character: split on `isNewline`.)
    public static func rtpmaps(in text: Substring) -> [UInt8: (encoding: String, clockRate: Int)] {
        var out: [UInt8: (String, Int)] = [:]
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("a=rtpmap:") {
            let body = line.dropFirst("a=rtpmap:".count)
            let parts = body.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let pt = UInt8(parts[0]), pt <= 127 else { continue }
            let codec = parts[1].split(separator: "/")
            guard codec.count >= 2, let clock = Int(codec[1].trimmingCharacters(in: .whitespaces)), clock > 0 else { continue }
            out[pt] = (String(codec[0]), clock)
        }
        return out
    }
}

import Foundation
