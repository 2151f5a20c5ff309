import Foundation
import LabCore

/// A small inline-SVG plot: a data rectangle with linear axes, ticks, labels and marks, written as text.
///
/// Coordinates are rounded to 0.1 px and marks that share a style go into one `<path>` (dots are zero-length
/// segments with round caps), so a plot of hundreds of packets is a handful of DOM nodes and a few KB.
struct SVGPlot {
    var width: Double
    var height: Double
    var left = 48.0, right = 14.0, top = 10.0, bottom = 34.0
    var xRange: ClosedRange<Double>
    var yRange: ClosedRange<Double>
    private(set) var body = ""

    init(width: Double, height: Double, x: ClosedRange<Double>, y: ClosedRange<Double>) {
        self.width = width
        self.height = height
        xRange = x.lowerBound < x.upperBound ? x : (x.lowerBound - 1)...(x.upperBound + 1)
        yRange = y.lowerBound < y.upperBound ? y : (y.lowerBound - 1)...(y.upperBound + 1)
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func x(_ value: Double) -> Double {
        left + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotWidth
    }

    func y(_ value: Double) -> Double {
        top + (1 - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)) * plotHeight
    }

    mutating func append(_ text: String) { body += text }

    /// Light MOS-band stripes behind a MOS axis, so a curve's colour zone reads at a glance.
    mutating func mosBandStripes() {
        for (band, low, high) in MOSBand.table {
            let lo = max(low, yRange.lowerBound), hi = min(high, yRange.upperBound)
            guard lo < hi else { continue }
            body += "<rect class=\"\(band.cssClass)\" x=\"\(n(left))\" y=\"\(n(y(hi)))\" width=\"\(n(plotWidth))\" height=\"\(n(y(lo) - y(hi)))\" opacity=\".22\"/>"
            body += "<text class=\"bandlabel\" x=\"\(n(left + plotWidth - 4))\" y=\"\(n(y(hi) + 11))\" text-anchor=\"end\">\(band.rawValue)</text>"
        }
    }

    /// Frame, grid lines, tick labels and axis titles.
    mutating func axes(xTicks: [Double], yTicks: [Double], xLabel: String, yLabel: String, xFormat: (Double) -> String = tick,
                       yFormat: (Double) -> String = tick) {
        var grid = ""
        for t in yTicks { grid += "M\(n(left)) \(n(y(t)))H\(n(left + plotWidth))" }
        for t in xTicks { grid += "M\(n(x(t))) \(n(top))V\(n(top + plotHeight))" }
        body += "<path class=\"grid\" d=\"\(grid)\"/>"
        body += "<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\"/>"
        for t in yTicks {
            body += "<text x=\"\(n(left - 5))\" y=\"\(n(y(t) + 4))\" text-anchor=\"end\">\(yFormat(t))</text>"
        }
        for t in xTicks {
            body += "<text x=\"\(n(x(t)))\" y=\"\(n(top + plotHeight + 14))\" text-anchor=\"middle\">\(xFormat(t))</text>"
        }
        body += "<text class=\"axis\" x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 4))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>"
        body += "<text class=\"axis\" transform=\"translate(12 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yLabel))</text>"
    }

    /// Connected points (sorted by the caller), each marked with a dot.
    mutating func line(_ points: [(Double, Double)], color: String, dashed: Bool = false, title: String? = nil) {
        guard !points.isEmpty else { return }
        var d = "", dots = ""
        for (index, (px, py)) in points.enumerated() {
            d += (index == 0 ? "M" : "L") + "\(n(x(px))) \(n(y(py)))"
            dots += "M\(n(x(px))) \(n(y(py)))h0"
        }
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        let tooltip = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        body += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)>\(tooltip)</path>"
        body += "<path d=\"\(dots)\" stroke=\"\(color)\" stroke-width=\"\(dashed ? 6 : 7)\" stroke-linecap=\"\(dashed ? "square" : "round")\"/>"
    }

    /// Dots in one path (zero-length segments with round caps).
    mutating func dots(_ points: [(Double, Double)], color: String, size: Double = 6, opacity: Double = 1) {
        guard !points.isEmpty else { return }
        var d = ""
        var last = ("", "")
        for (px, py) in points {
            let key = (n(x(px)), n(y(py)))
            if key == last { continue }
            last = key
            d += "M\(key.0) \(key.1)h0"
        }
        let alpha = opacity < 1 ? " stroke-opacity=\"\(opacity)\"" : ""
        body += "<path d=\"\(d)\" stroke=\"\(color)\" stroke-width=\"\(n(size))\" stroke-linecap=\"round\"\(alpha)/>"
    }

    func svg(id: String? = nil, label: String) -> String {
        let idAttribute = id.map { " id=\"\(HTML.escape($0))\"" } ?? ""
        return "<svg\(idAttribute) class=\"plot\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\">\(body)</svg>"
    }

    /// 0.1 px resolution, no trailing ".0", locale-free.
    func n(_ value: Double) -> String { SVGPlot.number(value) }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, fraction = abs(tenths % 10)
        if fraction == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    static func tick(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// About `count` round tick values (1, 2, 2.5 or 5 × 10^k) covering `range`.
    static func ticks(_ range: ClosedRange<Double>, count: Int = 5) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [range.lowerBound] }
        let raw = span / Double(max(1, count))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var t = (range.lowerBound / step).rounded(.up) * step
        while t <= range.upperBound + step * 1e-9 {
            values.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return values
    }
}

/// HTML text helpers.
enum HTML {
    /// The one markup escaper (HTML text and attributes, SVG, JUnit XML): `&<>"'` become entities (`&#39;` is valid
    /// in both HTML and XML).
    static func escape(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.count + 16)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A relative path for `src`/`href`: each segment percent-encoded (spaces, `#`, `?`, non-ASCII).
    static func url(_ relativePath: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~!$&'()*+,;=:@")
        let segments = relativePath.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0)
        }
        return escape(segments.joined(separator: "/"))
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        return LabCore.fixed(value, digits)
    }
}
