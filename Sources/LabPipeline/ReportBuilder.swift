import PacketTraces
import AudioIO
import Foundation
import LabCore
import Reporting

/// Builds `DIR/report.html` from a run directory: the results, and per run its trace and audio, read from
/// `DIR/<scenario>/<clip>.{wav,reference.wav,trace.csv}` one run at a time (audio is only linked from the page,
/// and read here just to draw the waveform and spectrograms).
public struct ReportBuilder: Sendable {
    public var directory: String
    public var plotLimit: Int
    public var jobs: Int

    public init(directory: String, plotLimit: Int = .max, jobs: Int = 1) {
        self.directory = directory
        self.plotLimit = plotLimit
        self.jobs = max(1, jobs)
    }

    public static let fileName = "report.html"

    /// Every `DIR/<scenario>/result.json`, scenarios in name order, runs in file order.
    ///
    /// `skipping`: folders not read at all (a sweep that just wrote its own scenarios' files looks only for the
    /// other specs' earlier runs: decoding its own results back was a tenth of a network-only run, issue 16).
    public func loadResults(skipping: Set<String> = []) throws -> [RunResult] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(file: directory, "is not a run directory", hint: "give the --out folder of `moslab run`")
        }
        guard access(directory, R_OK | X_OK) == 0, let listed = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw InputError(file: directory, "cannot read the folder: \(String(cString: strerror(errno)))", hint: "check its permissions")
        }
        let folders = listed.sorted()
        var results: [RunResult] = []
        for folder in folders where !skipping.contains(folder) {
            let path = "\(directory)/\(folder)/result.json"
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                results += try JSONDecoder().decode([RunResult].self, from: data)
            } catch {
                throw InputError(file: path, "cannot read results: \(error)", hint: "re-run `moslab run` to rewrite it")
            }
        }
        guard !results.isEmpty else {
            throw InputError(file: directory, "holds no <scenario>/result.json", hint: "run `moslab run SPEC --out \(directory)` first")
        }
        return results
    }

    /// The media of one run, found by the run-directory layout (paths in the results may be relative to
    /// another working directory). Missing or unreadable files leave their part empty; the page says so.
    public func media(for result: RunResult) -> ReportRunMedia {
        let base = "\(result.scenario)/\(result.clip)"
        func existing(_ relative: String) -> String? {
            FileManager.default.fileExists(atPath: "\(directory)/\(relative)") ? relative : nil
        }
        var media = ReportRunMedia(referenceHref: existing(base + ".reference.wav"), degradedHref: existing(base + ".wav"))
        if let text = try? String(contentsOfFile: "\(directory)/\(base).trace.csv", encoding: .utf8) {
            media.trace = try? PacketTrace(csv: text)
        }
        media.reference = media.referenceHref.flatMap { try? AudioFile.read(path: "\(directory)/\($0)") }
        media.degraded = media.degradedHref.flatMap { try? AudioFile.read(path: "\(directory)/\($0)") }
        return media
    }

    /// Renders the page for `results` (those of this directory).
    public func render(_ results: [RunResult]) -> String {
        var report = HTMLReport(results: results, title: "MOSLab report", source: directory, plotLimit: plotLimit, jobs: jobs)
        if let data = FileManager.default.contents(atPath: "\(directory)/\(CapturesPage.dataFileName)"),
           let captures = try? JSONDecoder().decode(CapturesPage.Data.self, from: data) {
            report.extraSections.append(CapturesPage.section(captures))
        }
        return report.render { index in self.media(for: results[index]) }
    }

    /// Writes `DIR/report.html` atomically and returns its path.
    @discardableResult
    public func write(_ results: [RunResult]) throws -> String {
        let path = "\(directory)/\(Self.fileName)"
        try AtomicFile.write(render(results), to: path)
        return path
    }

    /// Reads the directory's results and writes its report.
    @discardableResult
    public func build() throws -> String { try write(loadResults()) }
}
