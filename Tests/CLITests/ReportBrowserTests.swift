import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`), when installed.
enum Chromium {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    static let missing = "chromium is not on PATH, so the report is not rendered in a real browser: `apt-get install chromium` to run this test"

    /// Runs headless Chromium with its own throw-away profile (tests run in parallel) and a time limit.
    static func run(_ arguments: [String], timeout: TimeInterval = 180) throws -> CLIRunner.Output {
        let profile = CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
                             "--user-data-dir=\(profile)"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var stderr = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return CLIRunner.Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// The report in a real browser: it loads from file:// with no console output (the page never logs, so any
/// console line is an error: an exception, a failed image), its script runs, opened runs get their plots, and
/// a screenshot is taken.
@Suite(.serialized) struct ReportBrowserTests {
    /// A run directory with two scenarios (6 runs) and its report, rebuilt by `moslab report`.
    func reportDirectory() throws -> String {
        let out = CLIRunner.temporaryDirectory() + "/out"
        let run = try CLIRunner.run(["run", "Scenarios/remote-agent-wifi.yaml", "Scenarios/office-lan-g711.yaml", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Report: \(out)/report.html"))
        let report = try CLIRunner.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == "Report: \(out)/report.html\n")
        return out
    }

    @Test func reportCommandRefusesAFolderWithoutResults() throws {
        let output = try CLIRunner.run(["report", CLIRunner.temporaryDirectory()])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: ") && output.stderr.contains("result.json"))
    }

    @Test(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    func reportRendersInHeadlessChromiumWithoutErrors() throws {
        let out = try reportDirectory()
        let url = "file://\(out)/report.html#open=0,3"
        let dom = try Chromium.run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", url])
        #expect(dom.status == 0, "\(dom.stderr)")
        let console = dom.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "console output from the page: \(console.joined(separator: "\n"))")
        let body = try #require(dom.stdout.range(of: "<body[^>]*>", options: .regularExpression).map { String(dom.stdout[$0]) })
        #expect(!body.contains("data-errors"), "the page recorded an error: \(body)")
        #expect(body.contains("data-ready=\"6\""), "the page script ran over 6 runs: \(body)")
        for id in ["summary", "runs", "sweeps", "scatter", "details", "run-5", "runbody-0", "timeline-0", "spec-0",
                   "runbody-3", "timeline-3", "spec-3"] {
            #expect(dom.stdout.contains("id=\"\(id)\""), "missing #\(id) after the script ran")
        }
        #expect(dom.stdout.contains("<details class=\"run\" id=\"run-0\" open=\"\" data-filled=\"1\">"))
        #expect(dom.stdout.contains("<details class=\"run\" id=\"run-1\">"), "closed runs stay unrendered")
        #expect(dom.stdout.contains("<audio controls=\"\" preload=\"none\" src=\"remote-agent-wifi/"))

        let screenshot = out + "/report.png"
        let shot = try Chromium.run(["--screenshot=\(screenshot)", "--window-size=1280,2000", url])
        #expect(shot.status == 0, "\(shot.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot \(screenshot) is \(size) bytes")
        print("report screenshot: \(screenshot)")
    }

    /// Issue 15: the report reads on a laptop and a projector. At 900, 1024, 1366 and 1920 px the page never scrolls
    /// sideways and no run-table row is taller than three lines, measured in the browser's layout (a copy of the
    /// report with a measuring script appended; chunks are forced visible so every row is laid out).
    @Test(.enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
    func reportFitsCommonScreenWidths() throws {
        let out = try reportDirectory()
        let page = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let probe = """
            <style>.chunk{content-visibility:visible !important}</style><script>
            (function(){var d=document.documentElement,rows=document.querySelectorAll("table.runs tbody tr"),max=0,line=0;
            rows.forEach(function(r){max=Math.max(max,r.getBoundingClientRect().height);});
            var td=document.querySelector("table.runs td");if(td)line=parseFloat(getComputedStyle(td).lineHeight);
            var wide=[];document.querySelectorAll("body *").forEach(function(e){var b=e.getBoundingClientRect();
              if(b.width>0&&b.right>d.clientWidth+1&&!e.closest("[hidden],details:not([open]),script"))wide.push(e.tagName+(e.id?"#"+e.id:"")+"."+e.className);});
            document.body.setAttribute("data-measure",JSON.stringify({scrollWidth:d.scrollWidth,clientWidth:d.clientWidth,rows:rows.length,maxRow:max,line:line,wide:wide.slice(0,5)}));})();
            </script></body>
            """
        let measured = out + "/report-measure.html"
        try page.replacingOccurrences(of: "</body>", with: probe).write(toFile: measured, atomically: true, encoding: .utf8)
        for width in [900, 1024, 1366, 1920] {
            let dom = try Chromium.run(["--window-size=\(width),900", "--virtual-time-budget=3000", "--dump-dom", "file://\(measured)"])
            #expect(dom.status == 0, "\(dom.stderr)")
            let attribute = try #require(dom.stdout.range(of: #"data-measure="[^"]*""#, options: .regularExpression).map { String(dom.stdout[$0]) },
                                         "no measurement at \(width) px")
            let json = attribute.dropFirst("data-measure=\"".count).dropLast().replacingOccurrences(of: "&quot;", with: "\"")
            let m = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            let scrollWidth = m["scrollWidth"] as! Double, clientWidth = m["clientWidth"] as! Double
            #expect(scrollWidth <= clientWidth, "\(width) px: the page scrolls sideways (\(scrollWidth) > \(clientWidth)): \(m["wide"] ?? "")")
            #expect(m["rows"] as? Double == 6)
            let maxRow = m["maxRow"] as! Double, line = m["line"] as! Double
            // Three lines of text plus the cell's vertical padding (4 px each side) and its border.
            #expect(line > 0 && maxRow <= 3 * line + 9, "\(width) px: a run row is \(maxRow) px tall, more than three \(line) px lines")
        }
    }
}
