import LabCore

/// ITU-T G.113 planning values of Ie and Bpl ("provisional planning values" in the Recommendation itself),
/// by MOSLab codec name. Narrowband: Appendix I (Ie: Table I.1; Bpl: the Bpl table, I.3 in the 11/2007 edition,
/// I.4 in 09/2024). Wideband: Appendix IV (Ie,WB: Table IV.1, monotic listening).
///
/// The values were not read from the ITU-T text itself; each `source` names the table and its corroboration
/// (see docs/emodel.md). Codecs with no published value are listed in `unpublished` and refused by `impairment`.
public enum G113 {
    private static let appI = "G.113 App. I Table I.1"
    private static let bplTable = "G.113 App. I Bpl table (I.3 in 11/2007, I.4 in 09/2024)"
    private static let appIV = "G.113 App. IV Table IV.1 (Ie,WB, monotic); single secondary source"

    /// Narrowband and wideband entries by MOSLab codec name. G.711 is listed twice: without and with PLC.
    public static let table: [String: CodecImpairment] = {
        var t: [String: CodecImpairment] = [:]
        func add(_ e: CodecImpairment) { t[e.codec] = e }
        // G.711: Ie 0; Bpl 4.3 for 10 ms packets without PLC, 25.1 with G.711 Appendix I PLC (random loss).
        for law in ["g711u", "g711a"] {
            add(.init(codec: law, Ie: 0, Bpl: 4.3, plc: false, bplPacketMs: 10,
                      source: "\(appI) (Ie 0); \(bplTable): 10 ms packets, no PLC, random loss"))
            add(.init(codec: law + "+plc", Ie: 0, Bpl: 25.1, plc: true, bplPacketMs: 10,
                      source: "\(appI) (Ie 0); \(bplTable): 10 ms packets, G.711 Appendix I PLC, random loss"))
        }
        // Linear PCM (L16) has no G.113 row: it adds no coding distortion (Ie 0) and, with the same waveform
        // concealment as G.711, takes G.711's Bpl values. Provisional.
        add(.init(codec: "l16", Ie: 0, Bpl: 4.3, provisional: true, plc: false, bplPacketMs: 10,
                  source: "no G.113 row for L16; Ie 0 (no coding) and G.711's Bpl without PLC, provisional"))
        add(.init(codec: "l16+plc", Ie: 0, Bpl: 25.1, provisional: true, plc: true, bplPacketMs: 10,
                  source: "no G.113 row for L16; Ie 0 (no coding) and G.711's Bpl with Appendix I PLC, provisional"))
        // G.726 / G.727 ADPCM: Ie only.
        for (rate, ie) in [("40", 2.0), ("32", 7.0), ("24", 25.0), ("16", 50.0)] {
            add(.init(codec: "g726-\(rate)", Ie: ie, Bpl: nil, plc: false, source: "\(appI): G.726/G.727 \(rate) kbit/s; no Bpl published"))
        }
        add(.init(codec: "g728-16", Ie: 7, Bpl: nil, source: "\(appI): G.728 LD-CELP 16 kbit/s; no Bpl published"))
        add(.init(codec: "g728-12.8", Ie: 20, Bpl: nil, source: "\(appI): G.728 12.8 kbit/s; no Bpl published"))
        add(.init(codec: "g729", Ie: 10, Bpl: nil, source: "\(appI): G.729 CS-ACELP 8 kbit/s; no Bpl published for G.729 without Annex A"))
        add(.init(codec: "g729a", Ie: 11, Bpl: 19.0, bplPacketMs: 20,
                  source: "\(appI): G.729A + VAD 8 kbit/s (Ie 11); \(bplTable): 2 frames (20 ms) per packet, native PLC, random loss (Bpl 19.0)"))
        add(.init(codec: "g723.1-6.3", Ie: 15, Bpl: 16.1, bplPacketMs: 30,
                  source: "\(appI): G.723.1 MP-MLQ 6.3 kbit/s + VAD (Ie 15); \(bplTable): 30 ms packets, native PLC (Bpl 16.1)"))
        add(.init(codec: "g723.1-5.3", Ie: 19, Bpl: nil, source: "\(appI): G.723.1 ACELP 5.3 kbit/s; no Bpl published"))
        add(.init(codec: "gsm-fr", Ie: 20, Bpl: nil, source: "\(appI): GSM 06.10 full rate (RPE-LTP) 13 kbit/s; no Bpl published"))
        add(.init(codec: "gsm-hr", Ie: 23, Bpl: nil, source: "\(appI): GSM 06.20 half rate (VSELP) 5.6 kbit/s; no Bpl published"))
        add(.init(codec: "gsm-efr", Ie: 5, Bpl: 10, bplPacketMs: 20,
                  source: "\(appI): GSM 06.60 EFR 12.2 kbit/s (Ie 5); Bpl 10 (20 ms, native PLC) from \(bplTable), one secondary source"))
        // AMR-NB has no G.113 row. Two modes are bit-compatible with codecs that have one (3GPP TS 26.071):
        // 12.2 kbit/s is GSM-EFR, 7.4 kbit/s is IS-641. Their values are borrowed and flagged provisional.
        add(.init(codec: "amr-nb-12.2", Ie: 5, Bpl: 10, provisional: true, bplPacketMs: 20,
                  source: "no G.113 row for AMR; borrowed from GSM-EFR (\(appI)), the same algorithm as AMR 12.2"))
        add(.init(codec: "amr-nb-7.4", Ie: 10, Bpl: nil, provisional: true,
                  source: "no G.113 row for AMR; borrowed from IS-641 (\(appI)), the same algorithm as AMR 7.4; no Bpl"))
        // Opus: no ITU-T value. One research value (Alahmadi et al., via mohaoahmadi/Opus_Codec_Quality_Evaluation,
        // "empirically derived"; scale not stated) for narrowband CBR 11 kbit/s.
        add(.init(codec: "opus-nb-11", Ie: 2.03, Bpl: 15.95, provisional: true,
                  source: "no ITU-T value; research value for Opus NB CBR 11 kbit/s, random loss (Alahmadi et al.)"))
        // Wideband, G.113 Appendix IV, AMR-WB (G.722.2) Ie,WB, monotic. Published, but not monotonic in bit rate
        // (23.05 → 1, 23.85 → 8): kept as published. No monotic Bpl,WB is published.
        for (mode, ie) in [("6.60", 41.0), ("8.85", 26.0), ("12.65", 13.0), ("14.25", 10.0), ("15.85", 7.0),
                           ("18.25", 5.0), ("19.85", 3.0), ("23.05", 1.0), ("23.85", 8.0)] {
            add(.init(codec: "amr-wb-\(mode)", Ie: ie, Bpl: nil, wideband: true,
                      source: "\(appIV): G.722.2 (AMR-WB) \(mode) kbit/s; no monotic Bpl,WB published"))
        }
        add(.init(codec: "g722-64", Ie: 13, Bpl: nil, provisional: true, wideband: true, plc: false,
                  source: "G.722 64 kbit/s Ie,WB 13 is recollection of G.113 App. IV, not verified (a Mitel guide quotes 14); no Bpl,WB"))
        return t
    }()

    /// Codecs MOSLab knows that have no published Ie: name → why.
    public static let unpublished: [String: String] = [
        "opus": "ITU-T publishes no Ie/Bpl (nor Ie,WB) for Opus",
        "speex": "ITU-T publishes no Ie/Bpl for Speex",
        "ilbc": "G.113 has no iLBC row",
        "codec2": "ITU-T publishes no Ie/Bpl for Codec 2",
        "amr-nb": "G.113 has no AMR-NB row (only the 12.2 and 7.4 modes borrow GSM-EFR and IS-641 values)",
    ]

    /// The impairment values for a MOSLab codec name. For G.711 (`g711u`, `g711a`) `plc` chooses between the
    /// no-PLC Bpl (4.3) and the G.711 Appendix I PLC Bpl (25.1); other codecs carry their native concealment.
    ///
    /// - Throws: `InputError` for an unknown codec (suggesting the nearest) or one without a published value
    ///   (telling the user to give `Ie=` and `Bpl=`).
    public static func impairment(codec name: String, plc: Bool = false) throws -> CodecImpairment {
        let key = name.lowercased()
        if (key == "g711u" || key == "g711a" || key == "l16"), plc, let entry = table[key + "+plc"] { return entry }
        if let entry = table[key] { return entry }
        if let reason = unpublishedReason(key) {
            throw InputError(
                "no published E-model values for codec '\(name)': \(reason)",
                hint: "give Ie=VALUE and Bpl=VALUE for your configuration (e.g. from P.834 with a PESQ score)")
        }
        let names = table.keys.sorted() + unpublished.keys.sorted()
        throw InputError("unknown codec '\(name)'", hint: nearestSymbol(to: key, in: names))
    }

    /// The reason a known codec has no published value (any `codec2-…` or `amr-nb-…` mode counts), or nil.
    public static func unpublishedReason(_ name: String) -> String? {
        let key = name.lowercased()
        if let reason = unpublished[key] { return reason }
        for family in ["codec2", "speex", "opus", "amr-nb", "ilbc"] where key.hasPrefix(family + "-") {
            return unpublished[family]
        }
        return nil
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
