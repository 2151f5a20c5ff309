import EModel
import Foundation
import Reporting
import Testing

/// Bandwidth on the wire, the 95 % interval, and the comparison summary of a matrix run.
@Suite struct BandwidthTests {
    /// G.711 at 20 ms: 160 payload bytes → 64 kbit/s; + 40 B IPv4/UDP/RTP (RFC 791/768/3550) → 200 B every 20 ms
    /// = 80 kbit/s; + 18 B Ethernet II header and FCS → 87.2; IPv6 (RFC 8200) 60 B of headers → 88 kbit/s.
    @Test func g711At20ms() {
        let b = Bandwidth(payloadBytesPerPacket: 160, ptimeMs: 20)
        #expect(b.payloadKbps == 64)
        #expect(b.ipv4Kbps == 80)
        #expect(abs(b.ethernetKbps - 87.2) < 1e-12)
        #expect(b.ipv6Kbps == 88)
    }

    /// G.729 at 20 ms: 2 × 10-byte frames → 8 kbit/s payload, 24 kbit/s on IPv4 (headers are 2/3 of the stream);
    /// at 40 ms the headers cost half as much: 16 kbit/s.
    @Test func g729HeadersDominate() {
        #expect(Bandwidth(payloadBytesPerPacket: 20, ptimeMs: 20).ipv4Kbps == 24)
        #expect(Bandwidth(payloadBytesPerPacket: 40, ptimeMs: 40).ipv4Kbps == 16)
        #expect(Bandwidth(bitrate: 8000, ptimeMs: 20).payloadBytesPerPacket == 20)
        #expect(Bandwidth.meanPayloadBytes([[[1, 2], [3]], [[4]]]) == 2)  // FEC/redundant bytes count as payload
    }
}

@Suite struct StudentTTests {
    /// Published t(0.975, df) (NIST/SEMATECH e-Handbook §1.3.6.7.2): df 1 → 12.706, 4 → 2.776, 10 → 2.228,
    /// 30 → 2.042; between rows the lower df (35 → 2.042); beyond 120 the normal 1.960.
    @Test func quantiles() {
        #expect(StudentT.quantile975(df: 1) == 12.706)
        #expect(StudentT.quantile975(df: 4) == 2.776)
        #expect(StudentT.quantile975(df: 10) == 2.228)
        #expect(StudentT.quantile975(df: 35) == 2.042)
        #expect(StudentT.quantile975(df: 500) == 1.960)
    }

    /// Sample 1, 2, 3, 4, 5: mean 3, s = √2.5, s/√5 = 0.70711; half-width 2.776 · 0.70711 = 1.96293.
    @Test func knownSample() throws {
        let (mean, ci) = try #require(StudentT.meanAndCI95([1, 2, 3, 4, 5]))
        #expect(mean == 3)
        #expect(abs(try #require(ci) - 1.96293) < 1e-5)
        #expect(StudentT.meanAndCI95([4.2])?.ci95 == nil)
    }
}

@Suite struct ComparisonSummaryTests {
    static func run(codec: String, clip: String, predicted: Double, signal: Double, rate: Int = 8000,
                    payload: Double = 64) -> RunResult {
        var r = RunResult(
            scenario: "shootout-codec.name=\(codec)", clip: clip, codec: codec, seed: 1, ptime_ms: 20, plc: "repeat",
            jitter_buffer: "fixed 40 ms", loss_model: "random 2 %", reference_path: "", sample_rate: rate, duration_s: 3,
            reference_level_dbov: -26, normalized_level_dbov: -26, activity_factor: 0.7, packets_sent: 150, packets_lost: 3,
            packets_late: 0, loss_rate: 0.02, late_loss_rate: 0, effective_loss_rate: 0.02, mean_burst_length: 1,
            burst_ratio: 1, mean_network_delay_ms: 40, mean_playout_delay_ms: 20, one_way_delay_ms: 80, concealed_ms: 60,
            longest_concealment_ms: 20, r_factor: nil, predicted_mos: predicted, mos_band: nil,
            emodel_model: rate == 16000 ? G1071.edition : G107.edition, signal_mos: signal, signal_band: nil,
            emodel_inputs: [:], emodel: [:], degraded_path: "", processed_reference_path: "", notes: [], failed_expectations: [])
        r.base_scenario = "shootout"
        r.matrix = ["codec.name": codec]
        r.payload_kbps = payload
        r.ip_kbps = payload + 16
        r.ie_source = "g113"
        r.bpl_source = codec == "g711u" ? "calibrated" : "g113"
        return r
    }

    /// Per value: runs, mean ± t·s/√n of both MOS over clips, bandwidth; NB and WB ranked apart.
    @Test func ranksWithinEachBand() throws {
        let results = [
            Self.run(codec: "g711u", clip: "a", predicted: 4.1, signal: 4.0),
            Self.run(codec: "g711u", clip: "b", predicted: 4.3, signal: 4.2),
            Self.run(codec: "g729a", clip: "a", predicted: 3.8, signal: 3.5, payload: 8),
            Self.run(codec: "g729a", clip: "b", predicted: 3.8, signal: 3.7, payload: 8),
            Self.run(codec: "g722-64", clip: "a", predicted: 4.4, signal: 4.4, rate: 16000),
        ]
        let summary = ComparisonSummary(results: results)
        #expect(summary.rows.count == 3)
        let nb = summary.rows.filter { $0.band == "narrowband" }
        #expect(nb.map(\.value) == ["g711u", "g729a"])
        #expect(nb.map(\.rank) == [1, 2])
        let wb = try #require(summary.rows.first { $0.band == "wideband" })
        #expect(wb.rank == 1)  // alone on its scale, never above or below a narrowband codec
        let g711 = nb[0]
        #expect(g711.runs == 2)
        #expect(abs(try #require(g711.signal_mos_mean) - 4.1) < 1e-12)
        // Two values 4.0, 4.2: s = 0.14142, s/√2 = 0.1; t(0.975, 1) = 12.706 → 1.2706.
        #expect(abs(try #require(g711.signal_mos_ci95) - 1.2706) < 1e-9)
        #expect(g711.ip_kbps == 80)
        #expect(abs(try #require(g711.ethernet_kbps) - 87.2) < 1e-9)
        #expect(g711.bpl_source == "calibrated")
        let csv = summary.csv
        #expect(csv.hasPrefix("scenario,axis,value,band,runs,predicted_mos_mean,predicted_mos_ci95,signal_mos_mean,signal_mos_ci95,payload_kbps,ip_kbps"))
        #expect(summary.text().contains("Best narrowband codec.name by signal MOS: g711u"))
    }

    @Test func noMatrixNoSummary() {
        var r = Self.run(codec: "g711u", clip: "a", predicted: 4, signal: 4)
        r.matrix = [:]
        #expect(ComparisonSummary(results: [r]).rows.isEmpty)
    }
}
