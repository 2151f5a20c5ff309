import EModel
import Foundation
import LabCore
@testable import Reporting
import ScenarioSpecs
import Testing
@testable import LabPipeline

/// The HTML report: structure, self-containedness, sweeps, gap explanations, and the PNG it embeds.
@Suite struct ReportTests {
    /// Two real scenarios (bursty loss on Wi-Fi, a clean LAN) run into a fresh directory.
    func runDirectory() throws -> (directory: String, results: [RunResult]) {
        let directory = TestSupport.temporaryDirectory()
        let yaml = """
            name: wifi
            seed: 9
            reference: [\(TestSupport.corpusClip), \(TestSupport.corpusClip2)]
            network:
              latency_ms: 60
              jitter: {distribution: normal, stddev_ms: 25}
              loss: {model: gilbert-elliott, p: 0.03, r: 0.3}
            jitter_buffer: {type: fixed, depth_ms: 30}
            """
        try TestSupport.write(yaml, to: directory + "/wifi.yaml")
        try TestSupport.write("name: lan\nreference: [\(TestSupport.corpusClip)]\nnetwork: {latency_ms: 5}\n", to: directory + "/lan.yaml")
        let out = directory + "/out"
        let summary = try ScenarioRunner(outputDirectory: out).run(try ScenarioLoader.load(paths: [directory]))
        return (out, summary.results)
    }

    /// Synthetic sweep: codecs × loss, signal MOS = predicted − a codec-dependent offset (so r is high).
    static func sweep(codecs: [String] = ["g711u", "g729a"], losses: [Double] = [0, 1, 2, 4, 8], signal: Bool = true) -> [RunResult] {
        var results: [RunResult] = []
        for (c, codec) in codecs.enumerated() {
            for loss in losses {
                var p = G107Parameters()
                p.Ie = Double(c) * 11
                p.Bpl = 20
                p.Ppl = loss
                p.Ta = 80
                let e = G107.evaluate(p)
                var result = RunResult(
                    scenario: "sweep-\(codec)-\(loss)", clip: "nb01-directory", codec: codec, seed: 1, ptime_ms: 20,
                    plc: "repeat", jitter_buffer: "fixed 40 ms", loss_model: "random \(loss) %",
                    reference_path: "Corpus/nb/nb01-directory.wav", sample_rate: 8000, duration_s: 3,
                    reference_level_dbov: -20, normalized_level_dbov: -26, activity_factor: 0.7, packets_sent: 150,
                    packets_lost: Int(1.5 * loss), packets_late: 0, loss_rate: loss / 100, late_loss_rate: 0,
                    effective_loss_rate: loss / 100, mean_burst_length: 1, burst_ratio: 1, mean_network_delay_ms: 40,
                    mean_playout_delay_ms: 20, one_way_delay_ms: 80, concealed_ms: 30 * loss, longest_concealment_ms: 20,
                    r_factor: e.R, predicted_mos: e.MOS, mos_band: MOSBand(mos: e.MOS).rawValue, emodel_model: G107.edition,
                    signal_mos: signal ? e.MOS - 0.1 * Double(c + 1) : nil, signal_band: signal ? "P.862.1" : nil,
                    emodel_inputs: p.dictionary, emodel: e.terms, degraded_path: "",
                    processed_reference_path: "", notes: [], failed_expectations: [])
                result.base_scenario = "sweep"
                result.matrix = ["codec.name": codec, "network.loss.rate": String(loss / 100)]
                results.append(result)
            }
        }
        return results
    }

    /// Tags whose openings (`<tag>`, `<tag …`) and closings (`</tag>`) do not pair up.
    static func balanced(_ html: String, _ tags: [String]) -> [String] {
        tags.filter { tag in
            let opened = html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
            return opened != html.components(separatedBy: "</\(tag)>").count - 1
        }
    }

    /// The markup of one run as the page script inserts it.
    static func runContent(_ html: String, run: Int) -> String? {
        guard let start = html.range(of: "<details class=\"run\" id=\"run-\(run)\">"),
              let open = html.range(of: "<script type=\"text/html\" class=\"runcontent\">", range: start.upperBound..<html.endIndex),
              let close = html.range(of: "</script>", range: open.upperBound..<html.endIndex) else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }

    @Test func reportOfARealRunHasEveryPartAndNoNetworkReference() throws {
        let (directory, results) = try runDirectory()
        let path = try ReportBuilder(directory: directory).build()
        #expect(path == directory + "/report.html")
        let html = try String(contentsOfFile: path, encoding: .utf8)

        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(!html.contains("http://") && !html.contains("https://"), "the report must work offline")
        #expect(!html.contains("data:audio"), "audio is linked, never inlined")
        #expect(!html.contains("<link") && !html.contains(" src=\"//"))
        #expect(Self.balanced(html, ["html", "head", "body", "table", "tbody", "thead", "tr", "details", "summary", "section",
                                     "figure", "svg", "script", "style"]).isEmpty)
        for id in ["summary", "runs", "details", "run-0", "run-2"] { #expect(html.contains("id=\"\(id)\""), "\(id)") }
        // One row and one gap explanation per run; MOS badges carry band colours.
        #expect(html.components(separatedBy: "<td class=\"why c-why\"").count - 1 == results.count)
        #expect(html.components(separatedBy: "<details class=\"run\"").count - 1 == results.count)
        #expect(html.contains("class=\"mos band-excellent\""))

        // Per run: players with relative paths, the timeline over the waveform, spectrograms, every E-model term.
        let wifi = try #require(results.firstIndex { $0.scenario == "wifi" })
        let run = try #require(Self.runContent(html, run: wifi))
        let clip = results[wifi].clip
        #expect(run.contains("<audio controls preload=\"none\" src=\"wifi/\(clip).reference.wav\">"))
        #expect(run.contains("<audio controls preload=\"none\" src=\"wifi/\(clip).wav\">"))
        #expect(run.contains("id=\"timeline-\(wifi)\""))
        #expect(run.contains("<path class=\"wave\""))
        #expect(run.contains("<path class=\"dot\""))
        #expect(run.contains("<path class=\"deadline\""))
        if results[wifi].packets_lost > 0 { #expect(run.contains("<path class=\"lost\"") && run.contains("<path class=\"lostmark\"")) }
        if results[wifi].packets_late > 0 { #expect(run.contains("<path class=\"late\"") && run.contains("<path class=\"dotlate\"")) }
        #expect(run.contains("id=\"spec-\(wifi)\" src=\"data:image/png;base64,iVBORw0KGgo"))
        #expect(run.contains("Ie,eff") && run.contains("Idd") && run.contains("BurstR"))
        #expect(!run.contains("</script") && !run.contains("<!--"))
        #expect(Self.balanced(run, ["div", "figure", "svg", "table", "p", "figcaption"]).isEmpty)
    }

    @Test func reportIsRebuiltFromTheDirectoryAlone() throws {
        let (directory, results) = try runDirectory()
        let builder = ReportBuilder(directory: directory)
        #expect(try builder.loadResults().map(\.clip).sorted() == results.map(\.clip).sorted())
        let first = try builder.render(builder.loadResults())
        // Plots are computed in parallel; the bytes do not depend on it.
        #expect(ReportBuilder(directory: directory, jobs: 3).render(try builder.loadResults()) == first)
        // Missing audio and trace: the page still renders and says so.
        try FileManager.default.removeItem(atPath: directory + "/lan/nb01-directory.wav")
        try FileManager.default.removeItem(atPath: directory + "/lan/nb01-directory.trace.csv")
        let html = try builder.render(builder.loadResults())
        #expect(html.contains("file missing") && html.contains("degraded audio not found") && html.contains("packet trace not found"))
    }

    @Test func aFolderWithoutResultsIsRefusedInOneLine() throws {
        let empty = TestSupport.temporaryDirectory()
        #expect(throws: InputError.self) { try ReportBuilder(directory: empty).build() }
        #expect(throws: InputError.self) { try ReportBuilder(directory: empty + "/absent").build() }
    }

    @Test func sweepsGetCurvesPerCodecAndAScatterWithPearsonR() throws {
        let results = Self.sweep()
        let html = HTMLReport(results: results).render { _ in ReportRunMedia() }
        #expect(html.contains("id=\"sweeps\""))
        #expect(html.contains("id=\"sweep-matrix-network-loss-rate\""), "the matrix's loss rate varies over 5 values")
        #expect(html.contains("network.loss.rate (%)"))
        #expect(!html.contains("id=\"sweep-loss\""), "matrix axes replace those read from descriptions")
        #expect(html.contains("id=\"scatter\""))
        let pairs = results.map { ($0.predicted_mos!, $0.signal_mos!) }
        let r = try #require(Statistics.pearson(pairs))
        #expect(r > 0.99)
        #expect(html.contains("Pearson r = \(String(format: "%.3f", r)), n = 10"))
        // Two codecs: a solid (predicted) and a dashed (signal) curve each.
        let start = try #require(html.range(of: "id=\"sweep-matrix-network-loss-rate\""))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        let chart = html[start.upperBound..<end.lowerBound]
        #expect(chart.components(separatedBy: "stroke-dasharray=\"6 4\"").count - 1 >= 2)
        // Δ column: signal − predicted, signed.
        #expect(html.contains(">−0.10</td>") && html.contains(">−0.20</td>"))
    }

    @Test func categoricalMatrixPathsGetAChartAndSeedsAreNoAxis() {
        var results = Self.sweep(codecs: ["g711u"], losses: [1, 1, 1, 1])
        for (k, plc) in ["silence", "repeat", "silence", "repeat"].enumerated() {
            results[k].matrix = ["plc": plc, "seed": String(k)]
            results[k].plc = plc
        }
        let html = HTMLReport(results: results).render { _ in ReportRunMedia() }
        #expect(html.contains("id=\"by-plc\"") && html.contains("MOS by plc"))
        #expect(!html.contains("id=\"codecs\""), "one codec: no codec chart")
        #expect(!html.contains("sweep-matrix-seed"), "seeds replicate runs; they are not a parameter")
    }

    @Test func withoutSignalMOSTheReportSaysNotMeasured() {
        let html = HTMLReport(results: Self.sweep(signal: false)).render { _ in ReportRunMedia() }
        #expect(html.contains("no run has both a predicted and a signal MOS"))
        #expect(html.contains("title=\"not measured\""))
        #expect(!html.contains("Pearson r = "))
    }

    @Test func runsWithoutAPredictionAreShownAndExplained() throws {
        var results = Self.sweep(codecs: ["g711u"], losses: [0, 1, 2])
        results[1].predicted_mos = nil
        results[1].r_factor = nil
        results[1].mos_band = nil
        results[1].emodel = [:]
        results[1].emodel_inputs = [:]
        let html = HTMLReport(results: results).render { _ in ReportRunMedia() }
        #expect(html.contains("No prediction: the E-model has no published Ie/Bpl for g711u"))
        #expect(html.contains(">none 1</span>"))
        #expect(try #require(Self.runContent(html, run: 1)).contains("E-model: no prediction"))
    }

    @Test func gapExplanationNamesTheDominantTerm() {
        var delayed = Self.sweep(codecs: ["g711u"], losses: [0])[0]
        var p = G107Parameters()
        p.Ta = 400
        let e = G107.evaluate(p)
        delayed.emodel_inputs = p.dictionary
        delayed.emodel = e.terms
        delayed.predicted_mos = e.MOS
        delayed.signal_mos = 4.3
        let delay = PredictionGap(delayed)
        #expect(delay.dominant == .delay)
        #expect(delay.line.contains("cannot hear delay"), "\(delay.line)")

        var lossy = Self.sweep(codecs: ["g711u"], losses: [8])[0]
        lossy.signal_mos = lossy.predicted_mos! - 0.6
        let loss = PredictionGap(lossy)
        #expect(loss.dominant == .loss)
        #expect(loss.line.hasPrefix("Signal 0.60 lower") && loss.line.contains("Ie,eff − Ie"), "\(loss.line)")

        lossy.signal_mos = lossy.predicted_mos! + 0.05
        #expect(PredictionGap(lossy).line.hasPrefix("Agree (gap 0.05 < 0.15)"))
        lossy.signal_mos = nil
        #expect(PredictionGap(lossy).difference == nil)
        #expect(PredictionGap(lossy).line.contains("most to packet loss"))
    }

    @Test func userTextIsEscaped() throws {
        var result = Self.sweep(codecs: ["g711u"], losses: [1])[0]
        result.scenario = "<script>alert(1)</script>"
        result.notes = ["a </script> b & \"c\""]
        let html = HTMLReport(results: [result]).render { _ in ReportRunMedia(degradedHref: "a b/c#1.wav") }
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let run = try #require(Self.runContent(html, run: 0))
        #expect(run.contains("src=\"a%20b/c%231.wav\""))
        #expect(!run.contains("</script"))
    }

    @Test func pngIsAValidZlibStreamOfTheIndices() throws {
        let width = 37, height = 9
        let indices = (0..<(width * height)).map { UInt8(($0 / 5 + $0 % 3) % 16) }
        let png = PNGImage.encode(width: width, height: height, indices: indices, palette: Spectrogram.palette)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Walk the chunks, check each CRC, inflate IDAT and compare with the packed rows.
        var offset = 8, idat: [UInt8] = [], types: [String] = []
        while offset < png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typed = Array(png[(offset + 4)..<(offset + 8 + length)])
            let crc = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(crc == CRC32.checksum(typed))
            types.append(String(decoding: typed.prefix(4), as: UTF8.self))
            if types.last == "IDAT" { idat = Array(typed.dropFirst(4)) }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "PLTE", "IDAT", "IEND"])
        let raw = try FixedHuffmanInflater.inflate(zlib: idat)
        var expected: [UInt8] = []
        for y in 0..<height {
            expected.append(0)
            for x in stride(from: 0, to: width, by: 2) {
                let low = x + 1 < width ? indices[y * width + x + 1] : 0
                expected.append(indices[y * width + x] << 4 | low)
            }
        }
        #expect(raw == expected)
        // Long runs (silence) compress to almost nothing.
        let silent = Deflate.zlib([UInt8](repeating: 0, count: 10_000))
        #expect(silent.count < 200)
        #expect(try FixedHuffmanInflater.inflate(zlib: silent) == [UInt8](repeating: 0, count: 10_000))
    }

    @Test func spectrogramShowsWhereTheEnergyIs() {
        // A 1 kHz tone at 8 kHz: the brightest row is the one holding 1 kHz (rows run from Nyquist down to 0).
        let tone = AudioBuffer(samples: (0..<8000).map { Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }, sampleRate: 8000)
        let spectrogram = Spectrogram(tone, columns: 20, rows: 40)
        let column = (0..<40).map { spectrogram.powerDB[$0 * 20 + 10] }
        let brightest = column.indices.max { column[$0] < column[$1] }!
        #expect(brightest == 39 - 10, "row of 1 kHz: 1000 / 4000 × 40 = band 10 from the bottom")
        #expect(spectrogram.indices(peakDB: spectrogram.peakDB).max() == 15)
    }
}

/// Just enough RFC 1951 to check our encoder: stored and fixed-Huffman blocks.
enum FixedHuffmanInflater {
    struct Failure: Error {}

    static func inflate(zlib data: [UInt8]) throws -> [UInt8] {
        guard data.count > 6, (Int(data[0]) << 8 | Int(data[1])) % 31 == 0 else { throw Failure() }
        var bit = 16
        func read(_ n: Int) throws -> Int {
            var value = 0
            for k in 0..<n {
                guard bit / 8 < data.count else { throw Failure() }
                value |= Int(data[bit / 8] >> UInt8(bit % 8) & 1) << k
                bit += 1
            }
            return value
        }
        func code(_ n: Int) throws -> Int { var v = 0; for _ in 0..<n { v = v << 1 | (try read(1)) }; return v }
        func symbol() throws -> Int {
            var v = try code(7)
            if v <= 0x17 { return v + 256 }
            v = v << 1 | (try read(1))
            if v >= 0x30 && v <= 0xBF { return v - 0x30 }
            if v >= 0xC0 && v <= 0xC7 { return v - 0xC0 + 280 }
            v = v << 1 | (try read(1))
            return v - 0x190 + 144
        }
        var out: [UInt8] = []
        var final = 0
        repeat {
            final = try read(1)
            let type = try read(2)
            guard type == 1 else { throw Failure() }
            while true {
                let s = try symbol()
                if s < 256 { out.append(UInt8(s)); continue }
                if s == 256 { break }
                let lc = s - 257
                let length = Deflate.lengthBase[lc] + (try read(Deflate.lengthExtra[lc]))
                let dc = try code(5)
                let distance = Deflate.distanceBase[dc] + (try read(Deflate.distanceExtra[dc]))
                guard distance <= out.count else { throw Failure() }
                for _ in 0..<length { out.append(out[out.count - distance]) }
            }
        } while final == 0
        bit = (bit + 7) / 8 * 8
        let adler = data[(bit / 8)..<(bit / 8 + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in out { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        guard adler == b << 16 | a else { throw Failure() }
        return out
    }
}
