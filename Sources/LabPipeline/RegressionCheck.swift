import Foundation
import LabCore
import Reporting
import ScenarioSpecs

/// Compares fresh results with a baseline, field by field, in the direction that matters for each field.
public struct RegressionCheck: Sendable {
    /// A tracked field: higher is better (MOS) or lower is better (loss, delay), and the tolerance that applies.
    public struct Field: Sendable {
        public var name: String
        public var higherIsBetter: Bool
        public var tolerance: Double
    }

    public struct Tolerances: Sendable {
        /// MOS points (predicted and signal MOS).
        public var mos: Double = 0.05
        /// Absolute, for loss rates (0.005 = half a percentage point).
        public var rate: Double = 0.005
        /// Milliseconds, for delays.
        public var delayMs: Double = 5
        public init(mos: Double = 0.05, rate: Double = 0.005, delayMs: Double = 5) {
            self.mos = mos
            self.rate = rate
            self.delayMs = delayMs
        }
    }

    public var fields: [Field]

    public init(tolerances: Tolerances = Tolerances()) {
        fields = [
            Field(name: "predicted_mos", higherIsBetter: true, tolerance: tolerances.mos),
            Field(name: "signal_mos", higherIsBetter: true, tolerance: tolerances.mos),
            Field(name: "effective_loss_rate", higherIsBetter: false, tolerance: tolerances.rate),
            Field(name: "late_loss_rate", higherIsBetter: false, tolerance: tolerances.rate),
            Field(name: "mean_playout_delay_ms", higherIsBetter: false, tolerance: tolerances.delayMs),
            Field(name: "one_way_delay_ms", higherIsBetter: false, tolerance: tolerances.delayMs),
        ]
    }

    public struct Comparison: Sendable, Equatable {
        public var scenario: String
        public var clip: String
        public var field: String
        public var baseline: Double
        public var current: Double
        public var regressed: Bool
        public var change: Double { current - baseline }
    }

    public struct Report: Sendable {
        public var comparisons: [Comparison]
        /// Runs whose own `expect:` bounds failed.
        public var failedExpectations: [(scenario: String, clip: String, failures: [String])]
        /// Runs (scenario, clip, seed) the baseline has no entry for: listed, not an error.
        public var newRuns: [(scenario: String, clip: String, seed: UInt64)] = []
        public var regressions: [Comparison] { comparisons.filter(\.regressed) }
        public var passed: Bool { regressions.isEmpty && failedExpectations.isEmpty }
    }

    /// A spec whose parameters changed since the baseline (judged on the parsed spec: comments, key order and
    /// number spelling are not changes).
    public struct SpecChange: Sendable, Equatable {
        public var file: String
        /// `key: old → new`; empty for a spec the baseline does not have (`isNew`).
        public var changes: [String]
        public var isNew: Bool
    }

    /// The changed parameters of every spec file against the baseline.
    public static func specChanges(_ baseline: Baseline, specFiles: [String], baselinePath: String) throws -> [SpecChange] {
        try specFiles.compactMap { file in
            let current = try SpecParameters(text: try ScenarioLoader.text(of: file), file: file)
            guard let stored = baseline.record(for: file, baselinePath: baselinePath) else {
                return SpecChange(file: file, changes: [], isNew: true)
            }
            let old = try stored.parameters.map(SpecParameters.init(values:))
                ?? SpecParameters(text: stored.text, file: baselinePath)
            let changes = current.changes(from: old)
            return changes.isEmpty ? nil : SpecChange(file: file, changes: changes, isNew: false)
        }
    }

    /// `--same-spec`: refuses a baseline made from a spec whose parameters differ, listing them.
    public static func checkSpecsMatch(_ baseline: Baseline, specFiles: [String], baselinePath: String) throws {
        for change in try specChanges(baseline, specFiles: specFiles, baselinePath: baselinePath) {
            if change.isNew {
                throw InputError(file: baselinePath, "has no results for spec \(change.file)", hint: "re-create it with `moslab baseline` including this spec")
            }
            throw InputError(file: change.file, "differs from the spec the baseline was made from: \(change.changes.joined(separator: "; "))",
                             hint: "drop --same-spec to compare across the change, or re-create the baseline with `moslab baseline ... --out \(baselinePath)`")
        }
    }

    /// Compares by (scenario, clip, seed), also when the spec changed; runs the baseline lacks are listed as new.
    public func compare(current: [RunResult], baseline: Baseline) throws -> Report {
        var stored: [String: RunResult] = [:]
        for result in baseline.results { stored["\(result.scenario)\u{0}\(result.clip)\u{0}\(result.seed)"] = result }
        var comparisons: [Comparison] = []
        var failed: [(String, String, [String])] = []
        var newRuns: [(String, String, UInt64)] = []
        for result in current {
            if !result.failed_expectations.isEmpty { failed.append((result.scenario, result.clip, result.failed_expectations)) }
            guard let old = stored["\(result.scenario)\u{0}\(result.clip)\u{0}\(result.seed)"] else {
                newRuns.append((result.scenario, result.clip, result.seed))
                continue
            }
            for field in fields {
                guard let before = old.numericField(field.name), let now = result.numericField(field.name) else { continue }
                let worse = field.higherIsBetter ? before - now : now - before
                comparisons.append(Comparison(scenario: result.scenario, clip: result.clip, field: field.name,
                                              baseline: before, current: now, regressed: worse > field.tolerance + 1e-12))
            }
        }
        return Report(comparisons: comparisons, failedExpectations: failed, newRuns: newRuns)
    }
}
