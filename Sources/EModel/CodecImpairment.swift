import LabCore

/// A codec's E-model equipment values for one condition (packet size and concealment), each with its source:
/// `Ie` (Ie,WB for a wideband codec) and `Bpl` (Bpl,WB). Never feed a wideband value into G.107.
public struct CodecImpairment: Sendable, Codable, Equatable {
    public var codec: String
    public var wideband: Bool
    public var Ie: Double?
    public var ie_source: ImpairmentSource?
    public var Bpl: Double?
    public var bpl_source: ImpairmentSource?
    /// Packet size and concealment the Bpl belongs to (which may differ from the run's: `notes` then says so).
    public var bpl_packet_ms: Double?
    public var bpl_concealment: Concealment?
    /// True when a G.113 value used is borrowed from a bit-compatible codec or recollected (`*` in tables).
    public var provisional: Bool
    /// Table, packet size and corroboration of each value.
    public var source: String
    public var notes: [String]

    public init(codec: String, wideband: Bool, Ie: Double?, ie_source: ImpairmentSource?, Bpl: Double?,
                bpl_source: ImpairmentSource?, bpl_packet_ms: Double? = nil, bpl_concealment: Concealment? = nil,
                provisional: Bool = false, source: String = "", notes: [String] = []) {
        self.codec = codec
        self.wideband = wideband
        self.Ie = Ie
        self.ie_source = ie_source
        self.Bpl = Bpl
        self.bpl_source = bpl_source
        self.bpl_packet_ms = bpl_packet_ms
        self.bpl_concealment = bpl_concealment
        self.provisional = provisional
        self.source = source
        self.notes = notes
    }
}

/// Chooses a codec's Ie and Bpl for a run: G.113 where it publishes the value for this packet size and
/// concealment, else MOSLab's calibrated value for the condition, else the nearest condition with a note.
public enum CodecImpairments {
    /// The values for `codec` heard with `concealment` at `packetMs` packets; nil when neither G.113 nor the
    /// calibrated table knows the codec.
    ///
    /// Rules (in order): Ie is G.113's if published (Ie does not depend on packet size), else the calibrated Ie of
    /// the best-matching condition. Bpl is G.113's row for exactly this packet size and concealment, else the
    /// calibrated value for exactly this condition, else the calibrated value of the same concealment at the
    /// nearest packet size, else of any concealment (repeat first), else a G.113 row of another condition; the
    /// last three say so in `notes`.
    public static func lookup(codec: String, wideband: Bool, packetMs: Double, concealment: Concealment) -> CodecImpairment? {
        let name = codec.lowercased()
        let published = G113.ie(codec: name).flatMap { $0.wideband == wideband ? $0 : nil }
        let rows = G113.bplRows(codec: name).filter { $0.wideband == wideband }
        let calibrated = CalibratedImpairments.entries(codec: name).filter { $0.wideband == wideband }
        guard published != nil || !rows.isEmpty || !calibrated.isEmpty else { return nil }
        var notes: [String] = []
        var sources: [String] = []
        var provisional = false

        // Calibrated entries by closeness to the condition: same concealment first, then repeat, then nearest packet.
        let ranked = calibrated.sorted { a, b in
            func key(_ e: CalibratedImpairment) -> (Int, Double, String) {
                (e.concealment == concealment ? 0 : e.concealment == .repeat ? 1 : 2, abs(e.packetMs - packetMs), e.concealment.rawValue)
            }
            return key(a) < key(b)
        }

        var result = CodecImpairment(codec: name, wideband: wideband, Ie: nil, ie_source: nil, Bpl: nil, bpl_source: nil,
                                     bpl_packet_ms: nil, bpl_concealment: nil, provisional: false, source: "", notes: [])
        if let published, let value = published.Ie {
            result.Ie = value
            result.ie_source = .g113
            sources.append("Ie: \(published.citation)")
            provisional = provisional || published.provisional
        } else if let best = ranked.first {
            result.Ie = best.Ie
            result.ie_source = .calibrated
            sources.append("Ie: \(best.citation)")
        }

        if let exact = rows.first(where: { $0.packetMs == packetMs && $0.concealment == concealment }) {
            result.Bpl = exact.Bpl
            result.bpl_source = .g113
            result.bpl_packet_ms = exact.packetMs
            result.bpl_concealment = exact.concealment
            sources.append("Bpl: \(exact.citation)")
            provisional = provisional || exact.provisional
        } else if let best = ranked.first {
            result.Bpl = best.Bpl
            result.bpl_source = .calibrated
            result.bpl_packet_ms = best.packetMs
            result.bpl_concealment = best.concealment
            sources.append("Bpl: \(best.citation)")
            if best.concealment != concealment || best.packetMs != packetMs {
                notes.append("no Bpl for \(name) at \(formatNumber(packetMs)) ms with \(concealment.rawValue) concealment; "
                    + "used the calibrated value for \(formatNumber(best.packetMs)) ms with \(best.concealment.rawValue)")
            }
        } else if let other = rows.first {
            result.Bpl = other.Bpl
            result.bpl_source = .g113
            result.bpl_packet_ms = other.packetMs
            result.bpl_concealment = other.concealment
            sources.append("Bpl: \(other.citation)")
            provisional = provisional || other.provisional
            notes.append("G.113's Bpl \(formatNumber(other.Bpl ?? 0)) for \(name) is for \(formatNumber(other.packetMs ?? 0)) ms packets "
                + "with \(other.concealment?.rawValue ?? "?") concealment; this condition is \(formatNumber(packetMs)) ms with \(concealment.rawValue)")
        }
        result.provisional = provisional
        result.source = sources.joined(separator: "; ")
        result.notes = notes
        return result
    }
}
