import PacketTraces
import Foundation
import LabCore

/// What the report shows for one run beyond its `RunResult`: links to its audio and the material for its plots.
/// Loaded one run at a time (see `HTMLReport.render(media:)`), so a 1,000-run report never holds all audio.
public struct ReportRunMedia: Sendable {
    /// `<audio src>` paths relative to the report's folder (never inlined: reports must stay small).
    public var referenceHref: String?
    public var degradedHref: String?
    public var trace: PacketTrace?
    public var reference: AudioBuffer?
    public var degraded: AudioBuffer?

    public init(referenceHref: String? = nil, degradedHref: String? = nil, trace: PacketTrace? = nil,
                reference: AudioBuffer? = nil, degraded: AudioBuffer? = nil) {
        self.referenceHref = referenceHref
        self.degradedHref = degradedHref
        self.trace = trace
        self.reference = reference
        self.degraded = degraded
    }
}

/// `report.html`: one self-contained page (inline CSS, inline SVG, PNG data URIs, a little vanilla JS; no network)
/// with the run table (predicted and signal MOS side by side, their difference, band colours and a one-line
/// explanation of the gap), MOS-versus-parameter curves and a predicted-vs-signal scatter for sweeps, and per run,
/// collapsed: audio players, a packet timeline over the degraded waveform, and reference vs degraded spectrograms.
///
/// Speed: each run's plots sit as text in a `<script type="text/html">` inside a closed `<details>`; the browser
/// keeps them as one text node (no DOM, layout, image decoding or media elements) and the page script inserts
/// them when the run is opened. A 1,000-run report therefore lays out only its table (docs/report.md has the figures).
public struct HTMLReport: Sendable {
    public var results: [RunResult]
    public var title: String
    /// Shown under the title (e.g. the run directory).
    public var source: String
    /// Per-run plots (timeline, spectrograms) for the first `plotLimit` runs; later runs keep players and figures.
    public var plotLimit: Int
    /// Threads used to compute per-run plots (output bytes do not depend on it).
    public var jobs: Int
    /// Further sections placed after the run table (the captures section, `CapturesPage.section`).
    public var extraSections: [String] = []

    public init(results: [RunResult], title: String = "MOSLab report", source: String = "", plotLimit: Int = .max,
                jobs: Int = 1) {
        self.results = results
        self.title = title
        self.source = source
        self.plotLimit = plotLimit
        self.jobs = max(1, jobs)
    }

    /// Renders the page. `media(i)` is called once per run index, possibly concurrently.
    public func render(media: @escaping @Sendable (Int) -> ReportRunMedia) -> String {
        let gaps = results.map(PredictionGap.init)
        let sections = renderRunSections(gaps: gaps, media: media)
        var page = ""
        page.reserveCapacity(sections.reduce(0) { $0 + $1.utf8.count } + 200_000)
        page += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="moslab report">
            <title>\(HTML.escape(title)) — \(results.count) run\(results.count == 1 ? "" : "s")</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header id="top"><h1>\(HTML.escape(title))</h1>
            <p class="sub">\(results.count) run\(results.count == 1 ? "" : "s")\(source.isEmpty ? "" : " from <code>\(HTML.escape(source))</code>") · <b>predicted</b> = ITU-T G.107 E-model (conversational, includes delay) · <b>signal</b> = ITU-T P.862 MOS-LQO measured on the degraded audio (listening only) · Δ = signal − predicted</p>
            </header>
            <noscript><p class="warn">Per-run plots appear when a run is opened, which needs JavaScript; the tables work without it.</p></noscript>

            """
        page += summaryCards(gaps: gaps)
        page += sweepSection()
        page += runTable(gaps: gaps)
        for extra in extraSections { page += extra }
        page += "<section id=\"details\"><h2>Runs in detail</h2><p class=\"hint\">Open a run to hear it and see its packet timeline and spectrograms.</p>\n"
        for section in sections { page += section }
        page += "</section>\n"
        page += Self.footer
        page += "<script>\(Self.script)</script>\n</body>\n</html>\n"
        return page
    }

    func renderRunSections(gaps: [PredictionGap], media: @escaping @Sendable (Int) -> ReportRunMedia) -> [String] {
        let count = results.count
        let slots = Slots(count: count)
        let next = Slots.Counter()
        let workers = min(jobs, max(1, count))
        let work = { @Sendable in
            while true {
                let index = next.take()
                guard index < count else { return }
                slots.set(index, self.runSection(index, gap: gaps[index], media: media(index)))
            }
        }
        if workers == 1 { work() } else { DispatchQueue.concurrentPerform(iterations: workers) { _ in work() } }
        return slots.values
    }

    /// (run, predicted, signal) for runs with both figures.
    static func pairs(_ results: [RunResult]) -> [(RunResult, Double, Double)] {
        results.compactMap { r in r.predicted_mos.flatMap { p in r.signal_mos.map { (r, p, $0) } } }
    }

    /// Band CSS class for a MOS value.
    static func bandClass(_ mos: Double) -> String { "band-" + MOSBand(mos: mos).rawValue.lowercased() }

    /// A MOS cell/badge with band colour, or "not measured".
    static func mosBadge(_ mos: Double?) -> String {
        guard let mos else { return "<span class=\"mos nm\" title=\"not measured\">—</span>" }
        return "<span class=\"mos \(bandClass(mos))\" title=\"\(MOSBand(mos: mos).rawValue)\">\(HTML.fixed(mos, 2))</span>"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "−") + HTML.fixed(abs(value), 2)
    }

    func summaryCards(gaps: [PredictionGap]) -> String {
        let predicted = results.compactMap(\.predicted_mos)
        let measured = results.compactMap(\.signal_mos)
        let pairs = Self.pairs(results).map { ($0.1, $0.2) }
        func range(_ values: [Double]) -> String {
            guard let lo = values.min(), let hi = values.max() else { return "" }
            return "\(HTML.fixed(lo, 2)) – \(HTML.fixed(hi, 2))"
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(1, values.count)) }
        var html = "<section id=\"summary\" class=\"cards\">"
        html += "<div class=\"card\"><div class=\"k\">runs</div><div class=\"v\">\(results.count)</div><div class=\"s\">\(Self.count(Set(results.map(\.scenario)).count, "scenario")) · \(Self.count(Set(results.map(\.codec)).count, "codec"))</div></div>"
        html += "<div class=\"card\"><div class=\"k\">predicted MOS (mean)</div><div class=\"v\">\(predicted.isEmpty ? "—" : Self.mosBadge(mean(predicted)))</div><div class=\"s\">\(predicted.count == results.count ? range(predicted) : "\(predicted.count) predicted · " + range(predicted))</div></div>"
        html += "<div class=\"card\"><div class=\"k\">signal MOS (mean)</div><div class=\"v\">\(measured.isEmpty ? "—" : Self.mosBadge(mean(measured)))</div><div class=\"s\">\(measured.isEmpty ? "not measured" : "\(measured.count) measured · " + range(measured))</div></div>"
        let r = Statistics.pearson(pairs)
        html += "<div class=\"card\"><div class=\"k\">Pearson r (predicted, signal)</div><div class=\"v\" id=\"pearson\">\(r.map { HTML.fixed($0, 3) } ?? "—")</div><div class=\"s\">\(pairs.count < 3 ? "needs ≥ 3 measured runs" : "\(pairs.count) runs · mean Δ \(Self.signed(mean(pairs.map { $0.1 - $0.0 })))")</div></div>"
        // Predicted band distribution as a stacked bar.
        var bar = ""
        for band in MOSBand.allCases {
            let n = results.filter { $0.predicted_mos.map(MOSBand.init(mos:)) == band }.count
            guard n > 0 else { continue }
            bar += "<span class=\"band-\(band.rawValue.lowercased())\" style=\"flex:\(n)\" title=\"\(band.rawValue): \(n)\">\(band.rawValue) \(n)</span>"
        }
        let unpredicted = results.count - predicted.count
        if unpredicted > 0 {
            bar += "<span class=\"nmband\" style=\"flex:\(unpredicted)\" title=\"no prediction: \(unpredicted)\">none \(unpredicted)</span>"
        }
        html += "<div class=\"card wide\"><div class=\"k\">predicted bands</div><div class=\"bandbar\">\(bar)</div><div class=\"s\">Excellent ≥ 4.3 · Good ≥ 4.0 · Fair ≥ 3.5 · Poor ≥ 3.0 · Bad</div></div>"
        html += "</section>\n"
        return html
    }

    static let footer = """
        <footer><p><b>Reading the report.</b> MOS bands: <span class="mos band-excellent">Excellent ≥ 4.3</span> <span class="mos band-good">Good ≥ 4.0</span> <span class="mos band-fair">Fair ≥ 3.5</span> <span class="mos band-poor">Poor ≥ 3.0</span> <span class="mos band-bad">Bad &lt; 3.0</span>.
        The E-model's R = Ro − Is − Id − Ie,eff + A: Id charges mouth-to-ear delay and echo, Ie,eff the codec (Ie) and the packet loss (Ppl, BurstR, Bpl).
        P.862 hears only the audio (time-aligned), so delay never lowers the signal MOS. See docs/report.md and docs/results.md.</p></footer>

        """
}

/// Pearson correlation and small summaries.
public enum Statistics {
    /// Pearson's r over (x, y) pairs; nil with fewer than 3 pairs or no variance.
    public static func pearson(_ pairs: [(Double, Double)]) -> Double? {
        guard pairs.count >= 3 else { return nil }
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

/// Per-index results written by concurrent workers.
final class Slots: @unchecked Sendable {
    private var storage: [String]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: "", count: count) }
    func set(_ index: Int, _ value: String) { lock.lock(); storage[index] = value; lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return storage }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take() -> Int { lock.lock(); defer { value += 1; lock.unlock() }; return value }
    }
}
