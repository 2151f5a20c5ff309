import Foundation
import LabCore

/// A parameter runs may differ in, read from a result.
struct SweepAxis: Sendable {
    var id: String
    var label: String
    /// Configured (from the spec) rather than measured.
    var configured: Bool
    var value: @Sendable (RunResult) -> Double?

    /// Configured axes first: a sweep varies these. The loss and buffer figures are read from the result's
    /// short descriptions ("GE 6.3 % (burst 3.3)", "fixed 60 ms"); "none" reads as 0 % loss.
    static let all: [SweepAxis] = [
        SweepAxis(id: "loss", label: "configured packet loss (%)", configured: true) { r in
            r.loss_model.lowercased() == "none" ? 0 : firstNumber(in: r.loss_model)
        },
        SweepAxis(id: "buffer", label: "jitter buffer depth (ms)", configured: true) { firstNumber(in: $0.jitter_buffer) },
        SweepAxis(id: "ptime", label: "ptime (ms)", configured: true) { $0.ptime_ms },
        SweepAxis(id: "effective-loss", label: "lost + late, measured (%)", configured: false) { 100 * $0.effective_loss_rate },
        SweepAxis(id: "delay", label: "mouth-to-ear delay Ta (ms)", configured: false) { $0.one_way_delay_ms },
    ]

    /// Numeric `matrix:` paths (from `RunResult.matrix`), e.g. `network.loss.rate`; rates (0…1) read as percent.
    /// Matrix paths that replicate a run rather than change it: never a sweep axis.
    static let replicates: Set<String> = ["seed", "clip", "reference"]

    static func matrixAxes(_ results: [RunResult]) -> [SweepAxis] {
        let paths = Set(results.flatMap(\.matrix.keys)).subtracting(replicates).sorted()
        return paths.compactMap { path in
            let texts = results.compactMap { $0.matrix[path] }
            let values = texts.compactMap(Double.init)
            // A path with any text value (codec modes 1200, 700C, MR122, q30) is categorical: never a numeric axis.
            guard values.count == texts.count, Set(values).count >= 2 else { return nil }
            let percent = path.hasSuffix("rate") && values.allSatisfy { (0...1).contains($0) }
            return SweepAxis(id: "matrix-" + path.replacingOccurrences(of: ".", with: "-"),
                             label: percent ? "\(path) (%)" : path, configured: true) { r in
                r.matrix[path].flatMap(Double.init).map { percent ? 100 * $0 : $0 }
            }
        }
    }

    /// The axes to plot: the matrix's numeric paths when the runs come from a matrix, else the configured figures
    /// read from the descriptions; then the measured ones. Axes need 2 (matrix) or 3 (others) distinct values.
    static func candidates(_ results: [RunResult]) -> [SweepAxis] {
        func varies(_ axis: SweepAxis, _ minimum: Int) -> Bool {
            Set(results.compactMap { axis.value($0).map { ($0 * 1000).rounded() } }).count >= minimum
        }
        let matrix = matrixAxes(results)
        let configured = matrix.isEmpty ? all.filter { $0.configured && varies($0, 3) } : matrix
        return Array((configured + all.filter { !$0.configured && varies($0, 3) }).prefix(4))
    }

    static func firstNumber(in text: String) -> Double? {
        var digits = ""
        for character in text {
            if character.isASCII && (character.isNumber || (character == "." && !digits.isEmpty && !digits.contains("."))) {
                digits.append(character)
            } else if !digits.isEmpty {
                break
            }
        }
        return Double(digits)
    }
}

extension HTMLReport {
    static let codecColors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                              "#7f7f7f", "#bcbd22", "#393b79", "#637939", "#a55194", "#843c39", "#3182bd", "#e6550d"]

    /// MOS-versus-parameter charts, one panel per audio band: narrowband (8 kHz, P.862.1 mapping) and wideband
    /// (16 kHz, P.862.2 mapping) scores are on different scales and never share an axis.
    func sweepSection() -> String {
        let bands = [(8000, "Narrowband (8 kHz): signal MOS by P.862 + P.862.1, predicted by G.107", ""),
                     (16000, "Wideband (16 kHz): signal MOS by P.862.2, predicted by G.107.1", "-wb")]
        let present = bands.filter { band in results.contains { $0.sample_rate == band.0 } }
        guard present.count > 1 else { return sweepPanel(results, suffix: "", heading: nil) }
        let panels = present.map { band in
            sweepPanel(results.filter { $0.sample_rate == band.0 }, suffix: band.2, heading: band.1)
        }.joined()
        return panels.isEmpty ? "" : "<section id=\"sweeps\"><h2>MOS versus parameter</h2>" + panels + "</section>\n"
    }

    /// Codec families (`g711u` and `g711a` are G.711; `opus-wb-24` is Opus wideband): one hue per family, shades
    /// within it, so 27 codecs never reuse a colour and a family reads as one colour group.
    static let families = ["g711", "g722", "g726", "g729", "gsm", "amr-nb", "amr-wb", "opus-nb", "opus-wb", "speex-nb",
                           "speex-wb", "codec2", "mnru-wb", "mnru", "l16", "ilbc"]

    static func family(of codec: String) -> String {
        families.first { codec.lowercased().hasPrefix($0) } ?? codec
    }

    /// HSL colours: families spread round the hue circle (golden-angle steps), members from dark to light.
    static func familyColours(_ codecs: [String]) -> [String: String] {
        let families = Array(Set(codecs.map(family(of:)))).sorted()
        var colours: [String: String] = [:]
        for (f, name) in families.enumerated() {
            let hue = (Double(f) * 137.508).truncatingRemainder(dividingBy: 360)
            let members = codecs.filter { family(of: $0) == name }.sorted()
            for (m, codec) in members.enumerated() {
                let lightness = members.count == 1 ? 42.0 : 28 + 34 * Double(m) / Double(members.count - 1)
                colours[codec] = "hsl(\(Int(hue)),70%,\(Int(lightness))%)"
            }
        }
        return colours
    }

    /// One band's charts: MOS-versus-parameter curves per codec along the swept parameters (up to 4 charts,
    /// `SweepAxis.candidates`), and the predicted-vs-signal scatter with Pearson r. Absent for fewer than 3 runs.
    func sweepPanel(_ results: [RunResult], suffix: String, heading: String?) -> String {
        guard results.count >= 3 else {
            return heading.map { "<h3>\(HTML.escape($0))</h3><p class=\"hint\">\(results.count) run\(results.count == 1 ? "" : "s"): too few to chart.</p>" } ?? ""
        }
        var report = self
        report.results = results
        return report.sweepCharts(suffix: suffix, heading: heading)
    }

    func sweepCharts(suffix: String, heading: String?) -> String {
        let codecs = Array(Set(results.map(\.codec))).sorted()
        let color = Self.familyColours(codecs)
        // Categorical parameters (the codec, and non-numeric matrix paths such as `plc`) get a MOS-by-value chart.
        var categorical: [(id: String, name: String, key: @Sendable (RunResult) -> String?)] = []
        if codecs.count >= 2 { categorical.append(("codecs", "codec", { $0.codec })) }
        for path in Set(results.flatMap(\.matrix.keys)).sorted() where path != "codec.name" && !SweepAxis.replicates.contains(path) {
            let values = Set(results.compactMap { $0.matrix[path] })
            if values.count >= 2 && values.contains(where: { Double($0) == nil }) {
                categorical.append(("by-" + path.replacingOccurrences(of: ".", with: "-"), path, { $0.matrix[path] }))
            }
        }
        var charts = categorical.prefix(2).map { categoryChart(id: $0.id + suffix, name: $0.name, key: $0.key, codecColor: $0.id == "codecs" ? color : nil) }
        charts += SweepAxis.candidates(results).prefix(max(1, 4 - charts.count)).map { curveChart($0, codecs: codecs, color: color, suffix: suffix) }
        let legend = codecs.map { "<span class=\"sw line\" style=\"background:\(color[$0]!)\"></span>\(HTML.escape($0))" }.joined(separator: " ")
        var html = heading == nil ? "<section id=\"sweeps\"><h2>MOS versus parameter</h2>" : "<h3>\(HTML.escape(heading!))</h3>"
        html += "<p class=\"legend\">\(legend) · solid line: predicted (E-model) · dashed: signal (P.862) · each point is the mean over runs with that codec and value (other parameters, clips and seeds pooled; measured axes binned)</p>"
        html += "<div class=\"charts\">" + charts.joined() + scatter(codecs: codecs, color: color, suffix: suffix) + "</div>"
        return html + (heading == nil ? "</section>\n" : "")
    }

    func curveChart(_ axis: SweepAxis, codecs: [String], color: [String: String], suffix: String = "") -> String {
        let xs = results.compactMap(axis.value)
        let lo = min(0, xs.min() ?? 0), hi = xs.max() ?? 1
        let lowest = results.map { min($0.predicted_mos ?? 5, $0.signal_mos ?? 5) }.min() ?? 1
        let bottom = max(1, ((lowest - 0.2) * 2).rounded(.down) / 2)
        var plot = SVGPlot(width: 560, height: 300, x: lo...(hi > lo ? hi : lo + 1), y: bottom...4.6)
        plot.mosBandStripes()
        plot.axes(xTicks: SVGPlot.ticks(plot.xRange, count: 6), yTicks: stride(from: bottom, through: 4.5, by: bottom < 2.5 ? 0.5 : 0.25).map { $0 },
                  xLabel: axis.label, yLabel: "MOS")
        for codec in codecs {
            let runs = results.filter { $0.codec == codec }
            let predicted = Self.means(runs.compactMap { r in axis.value(r).flatMap { x in r.predicted_mos.map { (x, $0) } } }, span: hi - lo)
            let signal = Self.means(runs.compactMap { r in axis.value(r).flatMap { x in r.signal_mos.map { (x, $0) } } }, span: hi - lo)
            plot.line(predicted, color: color[codec]!, title: "\(codec) predicted")
            plot.line(signal, color: color[codec]!, dashed: true, title: "\(codec) signal")
        }
        return "<figure class=\"chart\" style=\"width:\(Int(plot.width) + 18)px\">" + plot.svg(id: "sweep-\(axis.id)\(suffix)", label: "MOS versus \(axis.label)")
            + "<figcaption>MOS versus \(HTML.escape(axis.label))\(axis.configured ? "" : " (as measured)")</figcaption></figure>"
    }

    /// Mean predicted (dot) and signal (square) MOS per value of a categorical parameter (the codec, `plc`, …),
    /// ordered by predicted MOS; the stem between them is the gap.
    func categoryChart(id: String, name: String, key: (RunResult) -> String?, codecColor: [String: String]?) -> String {
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        let values = Array(Set(results.compactMap(key))).sorted()
        let color = codecColor ?? Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, Self.codecColors[$0 % Self.codecColors.count]) })
        let rows = values.map { value -> (String, Double?, Double?) in
            let runs = results.filter { key($0) == value }
            return (value, mean(runs.compactMap(\.predicted_mos)), mean(runs.compactMap(\.signal_mos)))
        }.sorted { ($0.1 ?? $0.2 ?? 0) > ($1.1 ?? $1.2 ?? 0) }
        let lowest = rows.flatMap { [$0.1, $0.2].compactMap { $0 } }.min() ?? 1
        let bottom = max(1, ((lowest - 0.2) * 2).rounded(.down) / 2)
        var plot = SVGPlot(width: 560, height: 300, x: -0.5...(Double(rows.count) - 0.5), y: bottom...4.6)
        plot.bottom = 24 + 4.6 * Double(min(24, rows.map(\.0.count).max() ?? 0))  // labels turned 40°
        plot.right = 44
        plot.mosBandStripes()
        plot.axes(xTicks: [], yTicks: stride(from: bottom, through: 4.5, by: bottom < 2.5 ? 0.5 : 0.25).map { $0 },
                  xLabel: "", yLabel: "MOS")
        for (k, row) in rows.enumerated() {
            let x = plot.x(Double(k)), c = color[row.0]!
            if let p = row.1, let s = row.2 {
                plot.append("<path d=\"M\(plot.n(x)) \(plot.n(plot.y(p)))V\(plot.n(plot.y(s)))\" stroke=\"\(c)\" stroke-width=\"2\"/>")
            }
            if let p = row.1 { plot.dots([(Double(k), p)], color: c, size: 9) }
            if let s = row.2 {
                plot.append("<rect x=\"\(plot.n(x - 4.5))\" y=\"\(plot.n(plot.y(s) - 4.5))\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\"\(c)\" stroke-width=\"2.5\"><title>\(HTML.escape(row.0)) signal \(HTML.fixed(s, 2))</title></rect>")
            }
            plot.append("<text transform=\"translate(\(plot.n(x + 4)) \(plot.n(plot.top + plot.plotHeight + 8))) rotate(40)\">\(HTML.escape(row.0))</text>")
        }
        return "<figure class=\"chart\" style=\"width:\(Int(plot.width) + 18)px\">" + plot.svg(id: id, label: "MOS by \(name)")
            + "<figcaption>MOS by \(HTML.escape(name)) (mean over runs): ● predicted, □ signal; the stem is the gap</figcaption></figure>"
    }

    /// Mean y per distinct x, sorted by x; more than 15 distinct values are pooled into 15 equal-width bins.
    static func means(_ points: [(Double, Double)], span: Double) -> [(Double, Double)] {
        var groups: [Double: (x: Double, y: Double, n: Double)] = [:]
        let distinct = Set(points.map { ($0.0 * 1000).rounded() }).count
        let binWidth = distinct > 15 && span > 0 ? span / 15 : 0
        for (x, y) in points {
            let key = binWidth > 0 ? (x / binWidth).rounded(.down) : (x * 1000).rounded()
            let g = groups[key] ?? (0, 0, 0)
            groups[key] = (g.x + x, g.y + y, g.n + 1)
        }
        return groups.keys.sorted().map { key in let g = groups[key]!; return (g.x / g.n, g.y / g.n) }
    }

    func scatter(codecs: [String], color: [String: String], suffix: String = "") -> String {
        let pairs = Self.pairs(results)
        var plot = SVGPlot(width: 380, height: 300, x: 1...4.6, y: 1...4.6)
        plot.mosBandStripes()
        let ticks = [1.0, 2, 3, 4]
        plot.axes(xTicks: ticks + [4.5], yTicks: ticks + [4.5], xLabel: "predicted MOS (E-model)", yLabel: "signal MOS (P.862)")
        plot.append("<path class=\"diag\" d=\"M\(plot.n(plot.x(1))) \(plot.n(plot.y(1)))L\(plot.n(plot.x(4.6))) \(plot.n(plot.y(4.6)))\"/>")
        for codec in codecs {
            plot.dots(pairs.filter { $0.0.codec == codec }.map { ($0.1, $0.2) }, color: color[codec]!, size: 6, opacity: 0.75)
        }
        let r = Statistics.pearson(pairs.map { ($0.1, $0.2) })
        let rText = r.map { "Pearson r = \(HTML.fixed($0, 3)), n = \(pairs.count)" } ?? (pairs.isEmpty ? "no run has both a predicted and a signal MOS" : "Pearson r needs ≥ 3 runs with both figures")
        return "<figure class=\"chart narrow\" style=\"width:\(Int(plot.width) + 18)px\">" + plot.svg(id: "scatter\(suffix)", label: "predicted versus signal MOS")
            + "<figcaption><b class=\"rlabel\">\(rText)</b><br>Predicted versus signal MOS (diagonal: agreement; above it, the audio sounds better than predicted)</figcaption></figure>"
    }
}
