import EModel
import Foundation
import Testing

/// G.113 codec values by MOSLab name, each against its table: Ie from G.113 Appendix I Table I.1, Bpl from the
/// Appendix I Bpl table (I.3 in 11/2007, I.4 in 09/2024) for the packet size and concealment it is published for,
/// Ie,WB from Appendix IV Table IV.1 (shared/EMODEL.md §3–4 records the corroboration of each).
@Suite struct CodecTableTests {
    /// Every published Ie (Ie,WB), as printed in Table I.1 / Table IV.1.
    static let publishedIe: [String: Double] = [
        "g711u": 0, "g711a": 0, "g726-40": 2, "g726-32": 7, "g726-24": 25, "g726-16": 50, "g728-16": 7, "g728-12.8": 20,
        "g729": 10, "g729a": 11, "g723.1-6.3": 15, "g723.1-5.3": 19, "gsm-fr": 20, "gsm-hr": 23, "gsm-efr": 5,
        "amr-nb-12.2": 5, "amr-nb-7.4": 10,  // the GSM-EFR and IS-641 rows (bit-exact codecs)
        "amr-wb-6.60": 41, "amr-wb-8.85": 26, "amr-wb-12.65": 13, "amr-wb-14.25": 10, "amr-wb-15.85": 7,
        "amr-wb-18.25": 5, "amr-wb-19.85": 3, "amr-wb-23.05": 1, "amr-wb-23.85": 8, "g722-64": 13,
    ]

    /// Every published Bpl with its packet size and concealment.
    static let publishedBpl: [(String, Double, Concealment, Double)] = [
        ("g711u", 10, .silence, 4.3), ("g711a", 10, .silence, 4.3),  // G.711, 10 ms, no PLC
        ("g711u", 10, .g711AppendixI, 25.1), ("g711a", 10, .g711AppendixI, 25.1),  // G.711 + Appendix I PLC
        ("g729a", 20, .native, 19.0),  // G.729A + VAD, 2 frames per packet
        ("g723.1-6.3", 30, .native, 16.1),  // G.723.1 6.3 kbit/s, 30 ms
        ("gsm-efr", 20, .native, 10), ("amr-nb-12.2", 20, .native, 10),  // GSM-EFR, 20 ms
    ]

    @Test func everyPublishedIeMatchesItsTable() throws {
        let ieEntries = G113.entries.filter { $0.Ie != nil }
        #expect(ieEntries.count == Self.publishedIe.count)
        for entry in ieEntries {
            #expect(entry.Ie == Self.publishedIe[entry.codec], "\(entry.codec)")
            #expect(entry.wideband == (entry.codec.hasPrefix("amr-wb") || entry.codec == "g722-64"), "\(entry.codec)")
        }
    }

    @Test func everyPublishedBplMatchesItsTable() throws {
        let bplEntries = G113.entries.filter { $0.Bpl != nil }
        #expect(bplEntries.count == Self.publishedBpl.count)
        for (codec, packet, concealment, bpl) in Self.publishedBpl {
            let row = try #require(bplEntries.first { $0.codec == codec && $0.packetMs == packet && $0.concealment == concealment })
            #expect(row.Bpl == bpl, "\(codec)")
            // The lookup returns it as `g113` exactly for its own condition.
            let looked = try #require(CodecImpairments.lookup(codec: codec, wideband: false, packetMs: packet, concealment: concealment))
            #expect(looked.Bpl == bpl && looked.bpl_source == .g113, "\(codec)")
        }
    }

    /// G.113's G.711 Bpl is for 10 ms packets: at 20 ms the lookup does not silently reuse it.
    @Test func g711BplMatchesThePacketSize() throws {
        let at20 = try #require(CodecImpairments.lookup(codec: "g711u", wideband: false, packetMs: 20, concealment: .g711AppendixI))
        #expect(at20.Ie == 0 && at20.ie_source == .g113)
        if at20.bpl_source == .g113 {
            #expect(!at20.notes.isEmpty)  // only with a note saying the condition differs
        } else {
            #expect(at20.bpl_source == .calibrated && at20.bpl_packet_ms == 20)
        }
    }

    /// AMR-WB is wideband; the narrowband lookup does not see it.
    @Test func widebandValuesStayWideband() throws {
        #expect(CodecImpairments.lookup(codec: "amr-wb-12.65", wideband: false, packetMs: 20, concealment: .native) == nil)
        #expect(CodecImpairments.lookup(codec: "amr-wb-12.65", wideband: true, packetMs: 20, concealment: .native)?.Ie == 13)
    }

    /// Codec through the model: G.729A at otherwise default settings, no loss: R = 93.2062 − 11 = 82.2062.
    @Test func g729aRating() throws {
        var p = G107Parameters()
        p.Ie = try #require(G113.ie(codec: "g729a")?.Ie)
        #expect(abs(G107.evaluate(p).R - 82.2062) <= 0.01)
    }
}

/// The calibrated table compiled into MOSLab against the committed docs/emodel-calibration.csv that `make
/// calibration` writes with it (values, residuals and conditions must agree row for row).
@Suite struct CalibratedTableTests {
    static let csvPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/emodel-calibration.csv").path

    @Test func everyCalibratedValueMatchesTheCommittedTable() throws {
        let text = try String(contentsOfFile: Self.csvPath, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (codec, packet, concealment, ie, bpl, rmse) = (try column("codec"), try column("packet_ms"), try column("concealment"),
                                                           try column("ie"), try column("bpl"), try column("fit_rmse"))
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == CalibratedImpairments.table.count)
        for row in rows {
            let entry = try #require(CalibratedImpairments.table.first {
                $0.codec == row[codec] && $0.packetMs == Double(row[packet]) && $0.concealment.rawValue == row[concealment]
            }, "\(row[codec]) \(row[packet]) \(row[concealment])")
            #expect(entry.Ie == Double(row[ie]), "\(entry.codec)")
            #expect(entry.Bpl == Double(row[bpl]), "\(entry.codec)")
            #expect(entry.fitRMSE == Double(row[rmse]), "\(entry.codec)")
            #expect(entry.Ie >= 0 && entry.Bpl > 0)
        }
    }
}
