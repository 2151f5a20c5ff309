import LabCore

/// ITU-T G.113 planning values of Ie and Bpl ("provisional planning values" in the Recommendation itself), by
/// MOSLab codec name. Narrowband: Appendix I (Ie: Table I.1; Bpl: the Bpl table, I.3 in the 11/2007 edition, I.4 in
/// 09/2024, which gives Bpl per packet size and concealment). Wideband: Appendix IV (Ie,WB: Table IV.1, monotic).
///
/// The values were not read from the ITU-T text itself; each `citation` names the table and its corroboration
/// (shared/EMODEL.md §3–4, docs/emodel.md). Codecs G.113 has no row for get calibrated values
/// (`CalibratedImpairments`); `CodecImpairments.lookup` chooses between the two.
public enum G113 {
    /// One published row: Ie (or Ie,WB) of a codec, or a Bpl for one packet size and concealment.
    public struct Entry: Sendable, Equatable {
        public var codec: String
        public var wideband: Bool
        public var Ie: Double?
        public var Bpl: Double?
        /// The packet size and concealment the Bpl was published for.
        public var packetMs: Double?
        public var concealment: Concealment?
        /// True when the row is borrowed from a bit-compatible codec or rests on recollection only (marked `*`).
        public var provisional: Bool
        public var citation: String
    }

    private static let tableI1 = "G.113 App. I Table I.1"
    private static let bplTable = "G.113 App. I Bpl table (I.3 in 11/2007, I.4 in 09/2024)"
    private static let tableIV1 = "G.113 App. IV Table IV.1 (Ie,WB, monotic; single secondary source)"

    /// Every published row MOSLab uses. G.711's Ie (0) and its two Bpl rows are separate entries: Bpl depends on
    /// packet size and concealment, Ie does not.
    public static let entries: [Entry] = {
        var e: [Entry] = []
        func ie(_ codec: String, _ value: Double, wideband: Bool = false, provisional: Bool = false, _ citation: String) {
            e.append(Entry(codec: codec, wideband: wideband, Ie: value, Bpl: nil, packetMs: nil, concealment: nil,
                           provisional: provisional, citation: citation))
        }
        func bpl(_ codec: String, _ value: Double, packetMs: Double, _ concealment: Concealment, provisional: Bool = false,
                 _ citation: String) {
            e.append(Entry(codec: codec, wideband: false, Ie: nil, Bpl: value, packetMs: packetMs, concealment: concealment,
                           provisional: provisional, citation: citation))
        }
        // G.711 (µ-law and A-law are the same in the E-model): Ie 0; Bpl 4.3 for 10 ms packets without PLC and
        // 25.1 for 10 ms packets with G.711 Appendix I PLC, random loss. G.113 gives no 20 ms G.711 row.
        for law in ["g711u", "g711a"] {
            ie(law, 0, "\(tableI1): G.711 PCM 64 kbit/s")
            bpl(law, 4.3, packetMs: 10, .silence, "\(bplTable): G.711, 10 ms packets, no PLC, random loss")
            bpl(law, 25.1, packetMs: 10, .g711AppendixI, "\(bplTable): G.711, 10 ms packets, G.711 Appendix I PLC, random loss")
        }
        for (rate, value) in [("40", 2.0), ("32", 7.0), ("24", 25.0), ("16", 50.0)] {
            ie("g726-\(rate)", value, "\(tableI1): G.726/G.727 ADPCM \(rate) kbit/s")
        }
        ie("g728-16", 7, "\(tableI1): G.728 LD-CELP 16 kbit/s")
        ie("g728-12.8", 20, "\(tableI1): G.728 12.8 kbit/s")
        ie("g729", 10, "\(tableI1): G.729 CS-ACELP 8 kbit/s")
        ie("g729a", 11, "\(tableI1): G.729A + VAD 8 kbit/s")
        bpl("g729a", 19.0, packetMs: 20, .native, "\(bplTable): G.729A + VAD, 2 frames (20 ms) per packet, native PLC, random loss")
        ie("g723.1-6.3", 15, "\(tableI1): G.723.1 MP-MLQ 6.3 kbit/s + VAD")
        bpl("g723.1-6.3", 16.1, packetMs: 30, .native, "\(bplTable): G.723.1 6.3 kbit/s + VAD, 30 ms packets, native PLC")
        ie("g723.1-5.3", 19, "\(tableI1): G.723.1 ACELP 5.3 kbit/s")
        ie("gsm-fr", 20, "\(tableI1): GSM 06.10 full rate (RPE-LTP) 13 kbit/s")
        ie("gsm-hr", 23, "\(tableI1): GSM 06.20 half rate (VSELP) 5.6 kbit/s")
        ie("gsm-efr", 5, "\(tableI1): GSM 06.60 EFR (ACELP) 12.2 kbit/s")
        bpl("gsm-efr", 10, packetMs: 20, .native, "\(bplTable): GSM-EFR, 20 ms, native PLC (one secondary source)")
        // AMR-NB has no G.113 row. Two modes are bit-exact with codecs that have one (3GPP TS 26.090 / 26.071):
        // 12.2 kbit/s is GSM-EFR, 7.4 kbit/s is IS-641. Their rows are used, marked as borrowed.
        ie("amr-nb-12.2", 5, provisional: true, "\(tableI1): GSM-EFR row (AMR 12.2 is bit-exact with GSM-EFR, 3GPP TS 26.090)")
        bpl("amr-nb-12.2", 10, packetMs: 20, .native, provisional: true,
            "\(bplTable): GSM-EFR row, 20 ms, native PLC (AMR 12.2 is GSM-EFR; one secondary source)")
        ie("amr-nb-7.4", 10, provisional: true, "\(tableI1): IS-641 row (AMR 7.4 is bit-exact with IS-641, 3GPP TS 26.090)")
        // Wideband, Appendix IV: AMR-WB (G.722.2) Ie,WB, monotic. Not monotonic in bit rate (23.05 → 1,
        // 23.85 → 8): kept as published. No monotic Bpl,WB is published.
        for (mode, value) in [("6.60", 41.0), ("8.85", 26.0), ("12.65", 13.0), ("14.25", 10.0), ("15.85", 7.0),
                              ("18.25", 5.0), ("19.85", 3.0), ("23.05", 1.0), ("23.85", 8.0)] {
            ie("amr-wb-\(mode)", value, wideband: true, "\(tableIV1): G.722.2 (AMR-WB) \(mode) kbit/s")
        }
        // G.722 64 kbit/s, Ie,WB 13: the wideband anchor of the P.834.1 calibration. Recollection of App. IV, not
        // verified against the text (a Mitel planning guide quotes 14), so marked provisional.
        ie("g722-64", 13, wideband: true, provisional: true,
           "G.113 App. IV: G.722 64 kbit/s Ie,WB 13 (recollection, not verified; a Mitel guide quotes 14)")
        return e
    }()

    /// The published Ie (Ie,WB) row of a codec, or nil.
    public static func ie(codec: String) -> Entry? {
        entries.first { $0.codec == codec.lowercased() && $0.Ie != nil }
    }

    /// The published Bpl rows of a codec (one per packet size and concealment).
    public static func bplRows(codec: String) -> [Entry] {
        entries.filter { $0.codec == codec.lowercased() && $0.Bpl != nil }
    }

    /// Every codec name with a published row.
    public static var codecs: [String] {
        var seen: Set<String> = []
        return entries.map(\.codec).filter { seen.insert($0).inserted }
    }

    /// Frame and look-ahead of a codec family (from each codec's specification), for the delay budget;
    /// nil where MOSLab does not know them (iLBC, Codec 2).
    public static func timing(codec name: String) -> CodecTiming? {
        let key = name.lowercased()
        let families: [(String, CodecTiming)] = [
            ("g711", .init(frameMs: 0.125, lookaheadMs: 0, source: "G.711: sample-by-sample")),
            ("g726", .init(frameMs: 0.125, lookaheadMs: 0, source: "G.726: sample-by-sample")),
            ("g728", .init(frameMs: 0.625, lookaheadMs: 0, source: "G.728: 5-sample vectors, no look-ahead")),
            ("g729", .init(frameMs: 10, lookaheadMs: 5, source: "G.729: 10 ms frames, 5 ms look-ahead")),
            ("g723.1", .init(frameMs: 30, lookaheadMs: 7.5, source: "G.723.1: 30 ms frames, 7.5 ms look-ahead")),
            ("gsm", .init(frameMs: 20, lookaheadMs: 0, source: "GSM 06.10/06.20/06.60: 20 ms frames")),
            ("amr-nb", .init(frameMs: 20, lookaheadMs: 5, source: "3GPP TS 26.090: 20 ms frames, 5 ms look-ahead")),
            ("amr-wb", .init(frameMs: 20, lookaheadMs: 5, source: "3GPP TS 26.190: 20 ms frames, 5 ms look-ahead")),
            ("g722", .init(frameMs: 0.125, lookaheadMs: 1.5, source: "G.722: sub-band QMF, about 1.5 ms")),
            ("opus", .init(frameMs: 20, lookaheadMs: 6.5, source: "RFC 6716: 20 ms default frames, 6.5 ms look-ahead")),
            ("speex", .init(frameMs: 20, lookaheadMs: 10, source: "Speex narrowband: 20 ms frames, 10 ms look-ahead")),
        ]
        return families.first { key.hasPrefix($0.0) }?.1
    }
}
