extension CodecDescriptor {
    /// RTP payload type: the static assignment of RFC 3551 §6 (Table 4) where the codec has one, else 96
    /// (the first dynamic type, which a receiver learns from signalling).
    public var rtpPayloadType: UInt8 {
        switch family {
        case "g711u": return 0
        case "gsm-fr": return 3
        case "g711a": return 8
        case "g722": return 9
        case "g729a": return 18
        default: return 96
        }
    }

    /// RTP timestamp rate in Hz. RFC 3551 §4.5.2 keeps G.722 at 8000 for historical reasons although it samples at
    /// 16 kHz; every other codec here counts its own samples.
    public var rtpClockRate: Int { family == "g722" ? 8000 : sampleRate }
}
