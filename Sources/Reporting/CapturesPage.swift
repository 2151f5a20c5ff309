import LabCore

/// The captures section of the report (`moslab analyze --report DIR` writes it as `DIR/captures.html`): a table per
/// stream, and per route a table and a MOS histogram (streams per MOS band), the per-route tracking call centres
/// keep. Self-contained HTML; `section(_:)` is the fragment the run report embeds when the run directory holds a
/// `captures.json` (written beside `captures.html` by `moslab analyze --report DIR`).
public enum CapturesPage {
    public struct Stream: Sendable, Equatable, Codable {
        public var ssrc: String, source: String, destination: String, codec: String, route: String
        public var received: Int, lost: Int, lossRate: Double, meanBurst: Double, jitterMs: Double, delayP99Ms: Double
        public var mos: Double?
        /// Packets per 1 ms of relative delay, for a small distribution plot.
        public var delayHistogram: [Int]

        public init(ssrc: String, source: String, destination: String, codec: String, route: String, received: Int, lost: Int,
                    lossRate: Double, meanBurst: Double, jitterMs: Double, delayP99Ms: Double, mos: Double?, delayHistogram: [Int]) {
            self.ssrc = ssrc; self.source = source; self.destination = destination; self.codec = codec; self.route = route
            self.received = received; self.lost = lost; self.lossRate = lossRate; self.meanBurst = meanBurst
            self.jitterMs = jitterMs; self.delayP99Ms = delayP99Ms; self.mos = mos; self.delayHistogram = delayHistogram
        }
    }

    public struct Route: Sendable, Equatable, Codable {
        public var name: String, streams: Int, packets: Int, lossRate: Double, meanJitterMs: Double
        public var mosMean: Double?, mosMin: Double?
        public var bands: [String: Int]
        public init(name: String, streams: Int, packets: Int, lossRate: Double, meanJitterMs: Double, mosMean: Double?, mosMin: Double?, bands: [String: Int]) {
            self.name = name; self.streams = streams; self.packets = packets; self.lossRate = lossRate
            self.meanJitterMs = meanJitterMs; self.mosMean = mosMean; self.mosMin = mosMin; self.bands = bands
        }
    }

    public struct Data: Sendable, Equatable, Codable {
        public var title: String
        public var assumptions: String
        public var streams: [Stream]
        public var routes: [Route]
        public init(title: String, assumptions: String, streams: [Stream], routes: [Route]) {
            self.title = title; self.assumptions = assumptions; self.streams = streams; self.routes = routes
        }
    }

    /// The section's data file in a report directory.
    public static let dataFileName = "captures.json"

    public static func html(_ data: Data) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(HTML.escape(data.title))</title>
        <style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
        td,th{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}
        .bar{fill:#4a7fb0}</style></head><body>
        \(section(data))
        </body></html>

        """
    }

    /// The section alone (a `<section id="captures">`).
    public static func section(_ data: Data) -> String {
        var out = "<section id=\"captures\"><h1>\(HTML.escape(data.title))</h1>\n<p>\(HTML.escape(data.assumptions))</p>\n"
        out += "<h2>Routes</h2>\n<table><tr><th>route</th><th>streams</th><th>packets</th><th>loss %</th><th>mean jitter ms</th><th>MOS mean</th><th>MOS min</th><th>MOS histogram</th></tr>\n"
        for route in data.routes {
            out += "<tr><td>\(HTML.escape(route.name))</td><td>\(route.streams)</td><td>\(route.packets)</td><td>\(HTML.fixed(100 * route.lossRate, 2))</td>"
            out += "<td>\(HTML.fixed(route.meanJitterMs, 2))</td><td>\(route.mosMean.map { HTML.fixed($0, 2) } ?? "–")</td>"
            out += "<td>\(route.mosMin.map { HTML.fixed($0, 2) } ?? "–")</td><td>\(bandHistogram(route.bands))</td></tr>\n"
        }
        out += "</table>\n<h2>Streams</h2>\n<table><tr><th>SSRC</th><th>source</th><th>destination</th><th>codec</th><th>route</th><th>received</th><th>lost</th><th>loss %</th><th>mean burst</th><th>jitter ms</th><th>delay p99 ms</th><th>MOS</th><th>relative delay</th></tr>\n"
        for s in data.streams {
            out += "<tr><td>\(HTML.escape(s.ssrc))</td><td>\(HTML.escape(s.source))</td><td>\(HTML.escape(s.destination))</td><td>\(HTML.escape(s.codec))</td>"
            out += "<td>\(HTML.escape(s.route))</td><td>\(s.received)</td><td>\(s.lost)</td><td>\(HTML.fixed(100 * s.lossRate, 2))</td>"
            out += "<td>\(HTML.fixed(s.meanBurst, 1))</td><td>\(HTML.fixed(s.jitterMs, 2))</td><td>\(HTML.fixed(s.delayP99Ms, 1))</td>"
            out += "<td>\(s.mos.map { HTML.fixed($0, 2) } ?? "–")</td><td>\(sparkline(s.delayHistogram))</td></tr>\n"
        }
        return out + "</table></section>\n"
    }

    /// Streams per MOS band as five small bars (Excellent … Bad), with counts in the tooltip.
    static func bandHistogram(_ bands: [String: Int]) -> String {
        let names = MOSBand.allCases.map(\.rawValue)
        let top = max(1, names.map { bands[$0] ?? 0 }.max() ?? 1)
        var svg = "<svg width=\"110\" height=\"24\" role=\"img\" aria-label=\"streams per MOS band\">"
        for (i, name) in names.enumerated() {
            let count = bands[name] ?? 0
            let h = 22.0 * Double(count) / Double(top)
            svg += "<rect class=\"bar\" x=\"\(i * 22)\" y=\"\(SVGPlot.number(23 - h))\" width=\"18\" height=\"\(SVGPlot.number(h))\"><title>\(name): \(count)</title></rect>"
        }
        return svg + "</svg>"
    }

    /// The relative delay distribution as a tiny bar chart (1 ms bins, at most 200 shown).
    static func sparkline(_ histogram: [Int]) -> String {
        let bins = Array(histogram.prefix(200))
        let top = max(1, bins.max() ?? 1)
        var path = ""
        for (i, count) in bins.enumerated() where count > 0 {
            let h = 22.0 * Double(count) / Double(top)
            path += "M\(i) 23v-\(SVGPlot.number(h))"
        }
        return "<svg width=\"\(max(20, bins.count))\" height=\"24\" role=\"img\" aria-label=\"relative delay histogram\"><path d=\"\(path)\" stroke=\"#4a7fb0\" fill=\"none\"/></svg>"
    }
}
