import PacketTraces
import Foundation
import LabCore

extension HTMLReport {
    /// Table columns: header, tooltip, numeric (sorts by `data-v`), fixed width in px (nil: the rest).
    static let columns: [(String, String, Bool, Int?)] = [
        ("#", "run number; opens the run below", true, 44), ("scenario / clip", "", false, 200), ("codec", "", false, 96),
        ("network / buffer", "loss model and jitter buffer as configured", false, 140),
        ("lost+late", "(lost + late) / sent", true, 76), ("delay", "mouth-to-ear delay, the E-model's Ta", true, 66),
        ("R", "E-model rating", true, 50), ("predicted", "E-model MOS (G.107)", true, 86),
        ("signal", "P.862 MOS-LQO", true, 70), ("Δ", "signal − predicted", true, 60),
        ("why they differ", "the E-model term that dominates, and how the gap reads against it", false, nil),
    ]

    /// Rows per table chunk. The run table is split into chunks of this many rows (one shared fixed column layout,
    /// so they read as one table); each chunk is laid out only when scrolled near (`content-visibility: auto`).
    static let chunkRows = 50

    /// The table of runs: one row each, sortable by clicking a header.
    func runTable(gaps: [PredictionGap]) -> String {
        let colgroup = "<colgroup>" + Self.columns.map { $0.3.map { "<col style=\"width:\($0)px\">" } ?? "<col>" }.joined() + "</colgroup>"
        var html = "<section id=\"runs-section\"><h2>Runs</h2><p class=\"hint\">Click a header to sort; click a run number to open its detail.</p>\n<div id=\"runs\"><table class=\"runs head\">\(colgroup)<thead><tr>"
        for (name, tip, numeric, _) in Self.columns {
            html += "<th\(numeric ? " data-type=\"n\"" : "")\(tip.isEmpty ? "" : " title=\"\(HTML.escape(tip))\"")>\(HTML.escape(name))</th>"
        }
        html += "</tr></thead></table>\n"
        html.reserveCapacity(results.count * 900)
        for (i, r) in results.enumerated() {
            if i % Self.chunkRows == 0 {
                if i > 0 { html += "</tbody></table></div>\n" }
                let rows = min(Self.chunkRows, results.count - i)
                html += "<div class=\"chunk\" style=\"contain-intrinsic-size:auto \(rows * 46)px\"><table class=\"runs\">\(colgroup)<tbody>\n"
            }
            let gap = gaps[i]
            let delta = gap.difference.map { "<td class=\"num delta\($0 >= PredictionGap.agreement ? " up" : $0 <= -PredictionGap.agreement ? " down" : "")\" data-v=\"\(HTML.fixed($0, 3))\">\(Self.signed($0))</td>" }
                ?? "<td class=\"num nm\" data-v=\"\">—</td>"
            let scenario = HTML.escape(r.scenario), clip = HTML.escape(r.clip), loss = HTML.escape(r.loss_model)
            let buffer = HTML.escape(r.jitter_buffer)
            html += "<tr><td class=\"num\" data-v=\"\(i + 1)\"><a href=\"#run-\(i)\">\(i + 1)</a></td>"
            // Matrix runs show their spec's name; the full expanded name is the tooltip.
            let shown = r.matrix.isEmpty || r.base_scenario.isEmpty ? scenario : HTML.escape(r.base_scenario)
            html += "<td title=\"\(scenario) / \(clip)\">\(shown)<br><span class=\"nm\">\(clip)</span></td><td title=\"\(HTML.escape(r.codec))\">\(HTML.escape(r.codec))</td>"
            html += "<td title=\"\(loss), \(buffer)\">\(loss)<br><span class=\"nm\">\(buffer)</span></td>"
            html += "<td class=\"num\" data-v=\"\(HTML.fixed(100 * r.effective_loss_rate, 3))\">\(HTML.fixed(100 * r.effective_loss_rate, 1)) %</td>"
            html += "<td class=\"num\" data-v=\"\(HTML.fixed(r.one_way_delay_ms, 1))\">\(HTML.fixed(r.one_way_delay_ms, 0)) ms</td>"
            html += "<td class=\"num\" data-v=\"\(r.r_factor.map { HTML.fixed($0, 2) } ?? "")\">\(r.r_factor.map { HTML.fixed($0, 1) } ?? "—")</td>"
            html += "<td class=\"num\" data-v=\"\(r.predicted_mos.map { HTML.fixed($0, 3) } ?? "")\">\(Self.mosBadge(r.predicted_mos))</td>"
            html += "<td class=\"num\" data-v=\"\(r.signal_mos.map { HTML.fixed($0, 3) } ?? "")\">\(Self.mosBadge(r.signal_mos))</td>"
            html += delta
            html += "<td class=\"why\"><b>\(gap.shortLabel)</b> \(HTML.escape(gap.line))</td></tr>\n"
        }
        if !results.isEmpty { html += "</tbody></table></div>\n" }
        html += "</div></section>\n"
        return html
    }

    /// One run, collapsed: identity and MOS in the summary; players, plots and figures as inert markup that the
    /// page script inserts when the run is opened.
    func runSection(_ i: Int, gap: PredictionGap, media: ReportRunMedia) -> String {
        let r = results[i]
        var html = "<details class=\"run\" id=\"run-\(i)\"><summary><span class=\"idx\">#\(i + 1)</span> <b>\(HTML.escape(r.scenario))</b> / \(HTML.escape(r.clip)) · \(HTML.escape(r.codec)) · predicted \(Self.mosBadge(r.predicted_mos)) signal \(Self.mosBadge(r.signal_mos))"
        if let d = gap.difference { html += " Δ \(Self.signed(d))" }
        if !r.failed_expectations.isEmpty { html += " <span class=\"fail\">expectation failed</span>" }
        html += "</summary>"
        var content = "<div class=\"runbody\" id=\"runbody-\(i)\">"
        content += "<p class=\"gapline\"><b>Why:</b> \(gap.difference == nil ? "Signal MOS not measured. " : "")\(HTML.escape(gap.line))</p>"

        // Players: relative paths to the WAVs beside the report, loaded only when played.
        content += "<div class=\"players\">"
        for (label, href) in [("Reference (processed)", media.referenceHref), ("Degraded", media.degradedHref)] {
            if let href {
                content += "<figure><figcaption>\(label)</figcaption><audio controls preload=\"none\" src=\"\(HTML.url(href))\"></audio></figure>"
            } else {
                content += "<figure><figcaption>\(label)</figcaption><span class=\"nm\">file missing</span></figure>"
            }
        }
        content += "</div>"

        content += "<div class=\"runcols\"><div class=\"plots\">"
        if i < plotLimit {
            content += "<figure class=\"plotfig\">" + timeline(i, result: r, trace: media.trace, audio: media.degraded)
            content += "<figcaption class=\"legend\"><i class=\"sw wave\"></i>degraded · concealed: <i class=\"sw lost\"></i>lost <i class=\"sw late\"></i>late · per packet: <i class=\"sw dot\"></i>arrival − send <i class=\"sw dotlate\"></i>late <i class=\"sw lostmark\"></i>lost <i class=\"sw deadline\"></i>playout deadline</figcaption></figure>"
            content += spectrograms(i, reference: media.reference, degraded: media.degraded)
        } else {
            content += "<p class=\"nm\">Plots are drawn for the first \(plotLimit) runs only (moslab report --plots N).</p>"
        }
        content += "</div>" + figures(r) + "</div></div>"
        // Raw text inside <script type="text/html"> is one text node to the parser: no DOM, no layout, no
        // image decoding or media elements until the run is opened. User text is escaped, so "</script" cannot
        // occur; the guard keeps it that way.
        if content.contains("</script") { content = content.replacingOccurrences(of: "</script", with: "&lt;/script") }
        html += "<script type=\"text/html\" class=\"runcontent\">" + content + "</script></details>\n"
        return html
    }

    /// The packet timeline over the degraded waveform, both on the media time axis (the degraded file is aligned
    /// to the reference, so packet k carries [k·ptime, (k+1)·ptime) of it).
    func timeline(_ i: Int, result r: RunResult, trace: PacketTrace?, audio: AudioBuffer?) -> String {
        let duration = audio?.duration ?? r.duration_s
        let packets = trace?.packets ?? []
        let maxDelay = packets.reduce(0.0) { max($0, ($1.arrivalMs ?? $1.sendMs) - $1.sendMs, $1.playoutMs - $1.sendMs) }
        let delayTop = max(20, maxDelay * 1.1)
        var plot = SVGPlot(width: 760, height: 270, x: 0...max(duration, 0.1), y: 0...1)
        plot.bottom = 34
        let waveTop = plot.top, waveHeight = 120.0
        let delayTopPx = waveTop + waveHeight + 14, delayHeight = plot.plotHeight - waveHeight - 14
        let left = plot.left, width = plot.plotWidth
        func xs(_ seconds: Double) -> String { plot.n(plot.x(seconds)) }

        var svg = "<rect class=\"frame\" x=\"\(plot.n(left))\" y=\"\(plot.n(waveTop))\" width=\"\(plot.n(width))\" height=\"\(plot.n(waveHeight))\"/>"
        // Concealed spans: runs of consecutive lost / late packets.
        let ptime = r.ptime_ms / 1000
        for fate in [PacketTrace.Fate.lost, .late] {
            var d = ""
            var k = 0
            while k < packets.count {
                guard packets[k].fate == fate else { k += 1; continue }
                var end = k
                while end + 1 < packets.count && packets[end + 1].fate == fate { end += 1 }
                let x0 = plot.x(packets[k].sendMs / 1000), x1 = plot.x(min(duration, packets[end].sendMs / 1000 + ptime))
                d += "M\(plot.n(x0)) \(plot.n(waveTop))h\(plot.n(max(1, x1 - x0)))v\(plot.n(waveHeight))h\(plot.n(-max(1, x1 - x0)))z"
                k = end + 1
            }
            if !d.isEmpty { svg += "<path class=\"\(fate.rawValue)\" d=\"\(d)\"/>" }
        }
        // Waveform: min/max per 2-px column, one path.
        if let audio, !audio.samples.isEmpty {
            let columns = Int(width / 2)
            let samples = audio.samples
            let peak = max(1e-4, samples.reduce(Float(0)) { max($0, abs($1)) })
            let mid = waveTop + waveHeight / 2, half = waveHeight / 2 * 0.94
            var d = ""
            d.reserveCapacity(columns * 16)
            for c in 0..<columns {
                let a = c * samples.count / columns, b = max(a + 1, (c + 1) * samples.count / columns)
                var lo: Float = 0, hi: Float = 0
                for s in samples[a..<min(b, samples.count)] { lo = min(lo, s); hi = max(hi, s) }
                let x = Int((left + (Double(c) + 0.5) * width / Double(columns)).rounded())
                let y0 = Int((mid - Double(hi / peak) * half).rounded(.down))
                let y1 = max(y0 + 1, Int((mid - Double(lo / peak) * half).rounded(.up)))
                d += "M\(x) \(y0)V\(y1)"
            }
            svg += "<path class=\"wave\" d=\"\(d)\"/>"
        } else {
            svg += "<text x=\"\(plot.n(left + width / 2))\" y=\"\(plot.n(waveTop + waveHeight / 2))\" text-anchor=\"middle\" class=\"nm\">degraded audio not found</text>"
        }
        svg += "<text class=\"panel\" x=\"\(plot.n(left + width - 4))\" y=\"\(plot.n(waveTop + 12))\" text-anchor=\"end\">degraded</text>"

        // Delay panel.
        func yd(_ ms: Double) -> Double { delayTopPx + (1 - ms / delayTop) * delayHeight }
        svg += "<rect class=\"frame\" x=\"\(plot.n(left))\" y=\"\(plot.n(delayTopPx))\" width=\"\(plot.n(width))\" height=\"\(plot.n(delayHeight))\"/>"
        var grid = ""
        let delayTicks = SVGPlot.ticks(0...delayTop, count: 3)
        for t in delayTicks { grid += "M\(plot.n(left)) \(plot.n(yd(t)))H\(plot.n(left + width))" }
        svg += "<path class=\"grid\" d=\"\(grid)\"/>"
        for t in delayTicks {
            svg += "<text x=\"\(plot.n(left - 5))\" y=\"\(plot.n(yd(t) + 4))\" text-anchor=\"end\">\(SVGPlot.tick(t))</text>"
        }
        svg += "<text class=\"axis\" transform=\"translate(12 \(plot.n(delayTopPx + delayHeight / 2))) rotate(-90)\" text-anchor=\"middle\">ms</text>"
        // Dots on whole pixels (one per pixel is all the eye gets), each path in relative moves from its last dot;
        // the deadline as steps, since it is constant between buffer adaptations.
        var played = "", late = "", lost = "", deadline = ""
        var lastPlayed: (Int, Int)?, lastLate: (Int, Int)?
        var deadlineY = "", deadlineX = ""
        func dot(_ x: Int, _ y: Int, _ path: inout String, _ last: inout (Int, Int)?) {
            if let (lx, ly) = last {
                if lx == x && ly == y { return }
                path += "m\(x - lx) \(y - ly)h0"
            } else {
                path += "M\(x) \(y)h0"
            }
            last = (x, y)
        }
        for p in packets {
            let px = plot.x(p.sendMs / 1000 + ptime / 2)
            let x = String(Int(px.rounded()))
            switch p.fate {
            case .lost:
                lost += "M\(plot.n(px)) \(plot.n(delayTopPx + 1))v7"
            case .played:
                dot(Int(px.rounded()), Int(yd((p.arrivalMs ?? p.sendMs) - p.sendMs).rounded()), &played, &lastPlayed)
            case .late:
                dot(Int(px.rounded()), Int(yd((p.arrivalMs ?? p.sendMs) - p.sendMs).rounded()), &late, &lastLate)
            }
            let dy = plot.n(yd(p.playoutMs - p.sendMs))
            if deadline.isEmpty {
                deadline = "M\(x) \(dy)"
            } else if dy != deadlineY {
                deadline += "H\(deadlineX)V\(dy)"
            }
            deadlineY = dy
            deadlineX = x
        }
        if !deadline.isEmpty { deadline += "H\(deadlineX)" }
        if !deadline.isEmpty { svg += "<path class=\"deadline\" d=\"\(deadline)\"/>" }
        if !played.isEmpty { svg += "<path class=\"dot\" d=\"\(played)\"/>" }
        if !late.isEmpty { svg += "<path class=\"dotlate\" d=\"\(late)\"/>" }
        if !lost.isEmpty { svg += "<path class=\"lostmark\" d=\"\(lost)\"/>" }
        if packets.isEmpty {
            svg += "<text x=\"\(plot.n(left + width / 2))\" y=\"\(plot.n(delayTopPx + delayHeight / 2))\" text-anchor=\"middle\" class=\"nm\">packet trace not found</text>"
        }
        svg += "<text class=\"panel\" x=\"\(plot.n(left + width - 4))\" y=\"\(plot.n(delayTopPx + 20))\" text-anchor=\"end\">packets</text>"
        // Time axis.
        let timeTicks = SVGPlot.ticks(0...max(duration, 0.1), count: 8)
        var ticks = ""
        for t in timeTicks { ticks += "M\(xs(t)) \(plot.n(delayTopPx + delayHeight))v4" }
        svg += "<path class=\"tick\" d=\"\(ticks)\"/>"
        for t in timeTicks {
            svg += "<text x=\"\(xs(t))\" y=\"\(plot.n(delayTopPx + delayHeight + 15))\" text-anchor=\"middle\">\(SVGPlot.tick(t))</text>"
        }
        svg += "<text class=\"axis\" x=\"\(plot.n(left + width / 2))\" y=\"\(plot.n(plot.height - 3))\" text-anchor=\"middle\">time in the call (s)</text>"
        plot.append(svg)
        return plot.svg(id: "timeline-\(i)", label: "packet timeline over the degraded waveform")
    }

    /// Reference and degraded spectrograms on one colour scale (the reference's peak), stacked in one PNG data URI
    /// (the degraded half repeats much of the reference half, which DEFLATE then codes as back-references), on
    /// the timeline's time axis.
    func spectrograms(_ i: Int, reference: AudioBuffer?, degraded: AudioBuffer?) -> String {
        let parts = [("reference", reference), ("degraded", degraded)].compactMap { label, audio in
            audio.map { (label, Spectrogram($0), $0.sampleRate) }
        }
        guard let first = parts.first else { return "" }
        let peak = first.1.peakDB
        let indices = parts.flatMap { $0.1.indices(peakDB: peak) }
        let png = PNGImage.encode(width: first.1.columns, height: first.1.rows * parts.count, indices: indices,
                                  palette: Spectrogram.palette)
        let top = HTML.fixed(Double(first.2) / 2000, 0)
        var html = "<figure class=\"spec\" style=\"height:\(parts.count * 96 + 22)px\">"
        for (k, part) in parts.enumerated() {
            html += "<span class=\"flabel\" style=\"top:\(k * 96)px\">\(top) kHz</span><span class=\"flabel\" style=\"top:\(k * 96 + 40)px\">\(part.0 == "reference" ? "ref." : "deg.")</span><span class=\"flabel\" style=\"top:\(k * 96 + 82)px\">0</span>"
        }
        let names = parts.map(\.0).joined(separator: " (top) and ")
        html += "<img id=\"spec-\(i)\" src=\"\(PNGImage.dataURI(png))\" width=\"698\" height=\"\(parts.count * 96)\" alt=\"\(names) spectrograms\">"
        html += "<figcaption>spectrograms: \(names)\(parts.count == 2 ? " (bottom)" : ""), 0–\(top) kHz, 70 dB range on the reference's scale</figcaption></figure>"
        return html
    }

    /// Configuration, network figures and every E-model term.
    func figures(_ r: RunResult) -> String {
        let e = r.emodel, p = r.emodel_inputs
        func row(_ k: String, _ v: String) -> String { "<tr><th>\(k)</th><td>\(v)</td></tr>" }
        var html = "<div class=\"figs\"><table class=\"kv\"><caption>run</caption>"
        html += row("codec", "\(HTML.escape(r.codec)), ptime \(HTML.fixed(r.ptime_ms, 0)) ms, PLC \(HTML.escape(r.plc))")
        html += row("network", HTML.escape(r.loss_model))
        html += row("jitter buffer", HTML.escape(r.jitter_buffer))
        html += row("seed", "\(r.seed)")
        html += row("packets", "\(r.packets_sent) sent, \(r.packets_lost) lost, \(r.packets_late) late (\(HTML.fixed(100 * r.effective_loss_rate, 2)) %), mean burst \(HTML.fixed(r.mean_burst_length, 1))")
        html += row("delay", "network \(HTML.fixed(r.mean_network_delay_ms, 1)) ms, buffer \(HTML.fixed(r.mean_playout_delay_ms, 1)) ms, mouth-to-ear \(HTML.fixed(r.one_way_delay_ms, 1)) ms")
        var network: [String] = []
        if let v = r.interarrival_jitter_ms { network.append("jitter (RFC 3550) \(HTML.fixed(v, 1)) ms") }
        if let v = r.p95_network_delay_ms { network.append("p95 network \(HTML.fixed(v, 1)) ms") }
        if let v = r.p95_playout_delay_ms { network.append("p95 buffer \(HTML.fixed(v, 1)) ms") }
        if let v = r.jitter_buffer_adaptations { network.append("\(v) buffer adaptation\(v == 1 ? "" : "s")") }
        if !network.isEmpty { html += row("variation", network.joined(separator: ", ")) }
        if let b = r.burst_density, let g = r.gap_density {
            html += row("RFC 3611", "burst density \(HTML.fixed(100 * b, 1)) %, gap density \(HTML.fixed(100 * g, 1)) %" + (r.burst_duration_ms.map { ", burst \(HTML.fixed($0, 0)) ms" } ?? ""))
        }
        html += row("concealed", "\(HTML.fixed(r.concealed_ms, 0)) ms, longest \(HTML.fixed(r.longest_concealment_ms, 0)) ms")
        if let delay = r.jitter_buffer_delay_ms, let target = r.jitter_buffer_target_delay_ms, let concealed = r.concealed_samples,
           let removed = r.removed_samples_for_acceleration, let inserted = r.inserted_samples_for_deceleration {
            // webrtc-stats names, so the figures compare with getStats() (docs/jitter-buffers.md).
            html += row("receiver", "jitter buffer delay \(HTML.fixed(delay, 1)) ms (target \(HTML.fixed(target, 1)) ms), concealed samples \(concealed) in \(r.concealment_events ?? 0) events, removed for acceleration \(removed), inserted for deceleration \(inserted)")
        }
        html += row("reference", "\(HTML.escape(r.reference_path)), \(HTML.fixed(r.duration_s, 2)) s at \(r.sample_rate) Hz, \(HTML.fixed(r.reference_level_dbov, 1)) → \(HTML.fixed(r.normalized_level_dbov, 1)) dBov")
        if let band = r.signal_band { html += row("signal MOS", "\(r.signal_mos.map { HTML.fixed($0, 3) } ?? "—") (\(HTML.escape(band)))") }
        if r.predicted_mos == nil {
            html += "</table><table class=\"kv terms\"><caption>E-model: no prediction</caption>"
            html += row("why", "no published Ie/Bpl for \(HTML.escape(r.codec))")
        } else {
            func t(_ symbol: String, _ digits: Int = 1) -> String { e[symbol].map { HTML.fixed($0, digits) } ?? "–" }
            func i(_ symbol: String, _ digits: Int = 1) -> String { p[symbol].map { HTML.fixed($0, digits) } ?? "–" }
            html += "</table><table class=\"kv terms\"><caption>E-model (\(HTML.escape(r.emodel_model))): R = Ro − Is − Id − Ie,eff + A</caption>"
            html += row("R", "\(t("R")) = \(t("Ro")) − \(t("Is")) − \(t("Id")) − \(t("Ie_eff")) + \(t("A")) → MOS \(t("MOS", 2))")
            html += row("Id", "\(t("Id", 2)): Idd \(t("Idd", 2)) (Ta \(i("Ta", 0)) ms), Idte \(t("Idte", 2)), Idle \(t("Idle", 2))")
            html += row("Ie,eff", "\(t("Ie_eff", 2)): Ie \(i("Ie")), Ppl \(i("Ppl", 2)) %, BurstR \(i("BurstR", 2)), Bpl \(i("Bpl"))")
            html += row("Is", "\(t("Is", 2))" + (e["Iolr"] == nil ? "" : ": Iolr \(t("Iolr", 2)), Ist \(t("Ist", 2)), Iq \(t("Iq", 2))"))
        }
        html += "</table>"
        if !r.notes.isEmpty {
            html += "<ul class=\"notes\">" + r.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        if !r.failed_expectations.isEmpty {
            html += "<ul class=\"notes fail\">" + r.failed_expectations.map { "<li>expectation failed: \(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        return html + "</div>"
    }
}
