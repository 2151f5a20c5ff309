import AudioIO
import Foundation
import LabCore
import Reporting
import ScenarioSpecs

/// Stored results that later runs are checked against (`moslab baseline`, `moslab check`).
///
/// The baseline keeps each spec file's text and each run's spec hash, so a check against a spec that has changed
/// since is refused with the difference rather than compared apples to oranges.
public struct Baseline: Codable, Sendable, Equatable {
    public static let formatVersion = 1

    public var moslab_baseline = Baseline.formatVersion
    public var specs: [SpecRecord]
    public var results: [RunResult]

    public struct SpecRecord: Codable, Sendable, Equatable {
        public var source: String
        public var text: String
    }

    public init(specFiles: [String], results: [RunResult]) throws {
        specs = try specFiles.map { SpecRecord(source: $0, text: try ScenarioLoader.text(of: $0)) }
        self.results = results
    }

    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, "cannot read the baseline", hint: "create it with `moslab baseline SPEC... --out \(path)`")
        }
        do {
            let baseline = try JSONDecoder().decode(Baseline.self, from: data)
            guard baseline.moslab_baseline == formatVersion else {
                throw InputError(file: path, "baseline format \(baseline.moslab_baseline) is not \(formatVersion)", hint: "re-create it with `moslab baseline`")
            }
            return baseline
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(file: path, "not a MOSLab baseline (\(error.localizedDescription))", hint: "create it with `moslab baseline`")
        }
    }

    public func write(to path: String) throws {
        try AtomicFile.write(try ResultWriters.json(self), to: path)
    }
}
