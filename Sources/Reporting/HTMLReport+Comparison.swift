extension HTMLReport {
    /// The comparison summary (`ComparisonSummary`) as the report's first section: per matrix axis and band, the
    /// ranked values with mean ± 95 % CI of predicted and signal MOS and the bandwidth. Empty when no run came from
    /// a `matrix:`. Narrowband and wideband are separate tables (never ranked on one scale).
    func comparisonSection() -> String {
        let summary = ComparisonSummary(results: results)
        guard !summary.rows.isEmpty else { return "" }
        var html = "<section id=\"comparison\"><h2>Comparison</h2><p class=\"hint\">Per value of each matrix axis: "
            + "mean ± 95 % confidence interval (Student's t) over clips × seeds, ranked within its band; "
            + "kbit/s on the wire (payload with FEC; IPv4 = + 40 B/packet IPv4/UDP/RTP; Ethernet + 18 B; IPv6 + 60 B). "
            + "<b>c</b> marks Ie/Bpl calibrated by MOSLab (P.834 / P.834.1) rather than published in G.113. Also in <code>summary.csv</code>.</p>\n"
        for s in summary.sections {
            html += "<table class=\"kv comparison\"><caption>\(HTML.escape(s.axis)) — \(HTML.escape(s.scenario)), \(s.band), ranked by \(s.rankedBy)</caption>"
            html += "<thead><tr><th>#</th><th>\(HTML.escape(s.axis))</th><th>runs</th><th>predicted MOS</th><th>signal MOS</th>"
                + "<th>payload kbit/s</th><th>IPv4 kbit/s</th><th>Ethernet kbit/s</th><th>IPv6 kbit/s</th><th>Ie / Bpl source</th></tr></thead><tbody>"
            for r in s.rows {
                func k(_ x: Double?) -> String { x.map { HTML.fixed($0, 1) } ?? "—" }
                let calibrated = r.ie_source.contains("calibrated") || r.bpl_source.contains("calibrated")
                html += "<tr><td>\(r.rank)</td><td>\(HTML.escape(r.value))</td><td>\(r.runs)</td>"
                    + "<td>\(ComparisonSummary.meanText(r.predicted_mos_mean, r.predicted_mos_ci95))</td>"
                    + "<td>\(ComparisonSummary.meanText(r.signal_mos_mean, r.signal_mos_ci95))</td>"
                    + "<td>\(k(r.payload_kbps))</td><td>\(k(r.ip_kbps))</td><td>\(k(r.ethernet_kbps))</td><td>\(k(r.ipv6_kbps))</td>"
                    + "<td>\(HTML.escape(r.ie_source)) / \(HTML.escape(r.bpl_source))\(calibrated ? " <b title=\"calibrated by MOSLab\">c</b>" : "")</td></tr>"
            }
            html += "</tbody></table>\n"
        }
        return html + "</section>\n"
    }
}
