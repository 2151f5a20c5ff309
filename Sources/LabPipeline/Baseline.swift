import Foundation
import LabCore
import Reporting
import ScenarioSpecs

/// Stored results that later runs are checked against (`moslab baseline`, `moslab check`).
///
/// The baseline keeps each spec file's text, its parsed parameters and their hash, so `check` can say which
/// parameters changed since (`jitter_buffer.depth_ms: 60 → 20`) and compare anyway. It holds no temporary paths:
/// spec sources, clips and (when the runs were kept with `--runs`) the runs' audio are relative to the baseline
/// file's folder. It records the MOSLab version that made it.
public struct Baseline: Codable, Sendable, Equatable {
    /// 2: relative paths, MOSLab version, spec parameters and hashes. Format 1 baselines are still read.
    public static let formatVersion = 2
    /// The MOSLab release (kept equal to `moslab --version`).
    public static let moslabVersion = MOSLabVersion.current

    public var moslab_baseline = Baseline.formatVersion
    public var moslab_version: String?
    public var specs: [SpecRecord]
    public var results: [RunResult]

    public struct SpecRecord: Codable, Sendable, Equatable {
        /// The spec file, relative to the baseline's folder.
        public var source: String
        public var text: String
        /// The parsed parameters and their hash (`SpecParameters`); nil in format 1 baselines.
        public var spec_hash: String?
        public var parameters: [String: String]?
    }

    /// `runsDirectory`: where the runs were written when they are kept (`--runs`), so their audio can be found from
    /// the baseline; nil when they were temporary (the paths are then left empty).
    public init(specFiles: [String], results: [RunResult], baselinePath: String, runsKept: Bool) throws {
        let folder = Self.folder(of: baselinePath)
        specs = try specFiles.map { file in
            let text = try ScenarioLoader.text(of: file)
            let parameters = try SpecParameters(text: text, file: file)
            return SpecRecord(source: Self.relative(file, to: folder), text: text, spec_hash: parameters.hash, parameters: parameters.values)
        }
        self.results = results.map { result in
            var stored = result
            stored.reference_path = Self.relative(result.reference_path, to: folder)
            stored.degraded_path = runsKept && !result.degraded_path.isEmpty ? Self.relative(result.degraded_path, to: folder) : ""
            stored.processed_reference_path = runsKept && !result.processed_reference_path.isEmpty
                ? Self.relative(result.processed_reference_path, to: folder) : ""
            stored.output_files = nil  // machine-specific digests of the run's files: only `--resume` needs them
            return stored
        }
        moslab_version = Self.moslabVersion
    }

    /// Reads a baseline. One made by another MOSLab is read when its format allows, with a note saying so;
    /// otherwise the error names both versions.
    public static func load(path: String) throws -> (baseline: Baseline, notes: [String]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the baseline", hint: "create it with `moslab baseline SPEC... --out \(path)`")
        }
        struct Header: Decodable { var moslab_baseline: Int?; var moslab_version: String? }
        let header = try? JSONDecoder().decode(Header.self, from: data)
        guard let format = header?.moslab_baseline else {
            throw InputError(file: path, "not a MOSLab baseline (no \"moslab_baseline\" format number)", hint: "create it with `moslab baseline`")
        }
        let made = header?.moslab_version.map { "MOSLab \($0)" } ?? "an older MOSLab"
        var notes: [String] = []
        if format != formatVersion || (header?.moslab_version.map { $0 != moslabVersion } ?? true) {
            notes.append("\(path): made by \(made) (baseline format \(format)); this is MOSLab \(moslabVersion) (format \(formatVersion)): compared anyway")
        }
        do {
            return (try JSONDecoder().decode(Baseline.self, from: data), notes)
        } catch {
            if format > formatVersion {
                throw InputError(file: path, "baseline format \(format) from \(made) is newer than this MOSLab \(moslabVersion) reads (format \(formatVersion))",
                                 hint: "upgrade MOSLab, or re-create the baseline with this one")
            }
            throw InputError(file: path, "not a MOSLab baseline (\(error.localizedDescription))", hint: "create it with `moslab baseline`")
        }
    }

    public func write(to path: String) throws {
        try AtomicFile.write(try ResultWriters.json(self), to: path)
    }

    /// The stored record of `file` (by path relative to the baseline, else by file name).
    public func record(for file: String, baselinePath: String) -> SpecRecord? {
        let relative = Self.relative(file, to: Self.folder(of: baselinePath))
        let name = (file as NSString).lastPathComponent
        return specs.first { $0.source == relative || $0.source == file }
            ?? specs.first { ($0.source as NSString).lastPathComponent == name }
    }

    static func folder(of path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return ((absolute as NSString).standardizingPath as NSString).deletingLastPathComponent
    }

    /// `path` relative to `folder` (both made absolute), with `..` where needed.
    static func relative(_ path: String, to folder: String) -> String {
        guard !path.isEmpty else { return path }
        let absolute = ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString).standardizingPath
        let from = folder.split(separator: "/").map(String.init)
        let to = absolute.split(separator: "/").map(String.init)
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let parts = [String](repeating: "..", count: from.count - common) + to[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
