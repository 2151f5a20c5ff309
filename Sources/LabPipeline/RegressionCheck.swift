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
        public var regressions: [Comparison] { comparisons.filter(\.regressed) }
        public var passed: Bool { regressions.isEmpty && failedExpectations.isEmpty }
    }

    /// Refuses a baseline made from a different version of any spec, showing the first differing line.
    public static func checkSpecsMatch(_ baseline: Baseline, specFiles: [String], baselinePath: String) throws {
        for file in specFiles {
            let current = try ScenarioLoader.text(of: file)
            let name = (file as NSString).lastPathComponent
            guard let stored = baseline.specs.first(where: { $0.source == file })
                    ?? baseline.specs.first(where: { ($0.source as NSString).lastPathComponent == name }) else {
                throw InputError(file: baselinePath, "has no results for spec \(file)", hint: "re-create it with `moslab baseline` including this spec")
            }
            if stored.text != current {
                throw InputError(file: file, "differs from the spec the baseline was made from: \(firstDifference(stored.text, current))",
                                 hint: "if the change is intended, re-create the baseline with `moslab baseline ... --out \(baselinePath)`")
            }
        }
    }

    static func firstDifference(_ old: String, _ new: String) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : "(end of file)"
            let right = index < b.count ? String(b[index]) : "(end of file)"
            if left != right {
                return "line \(index + 1) was `\(left.trimmingCharacters(in: .whitespaces))`, now `\(right.trimmingCharacters(in: .whitespaces))`"
            }
        }
        return "whitespace only"
    }

    public func compare(current: [RunResult], baseline: Baseline) throws -> Report {
        var stored: [String: RunResult] = [:]
        for result in baseline.results { stored["\(result.scenario)\u{0}\(result.clip)"] = result }
        var comparisons: [Comparison] = []
        var failed: [(String, String, [String])] = []
        for result in current {
            guard let old = stored["\(result.scenario)\u{0}\(result.clip)"] else {
                throw InputError("the baseline has no run \(result.scenario)/\(result.clip)", hint: "re-create the baseline with `moslab baseline`")
            }
            if old.spec_hash != result.spec_hash || old.seed != result.seed {
                throw InputError("\(result.scenario)/\(result.clip): the baseline was made with another spec or seed (hash \(old.spec_hash), seed \(old.seed); now \(result.spec_hash), seed \(result.seed))",
                                 hint: "re-create the baseline, or check with the same --seed")
            }
            for field in fields {
                guard let before = old.numericField(field.name), let now = result.numericField(field.name) else { continue }
                let worse = field.higherIsBetter ? before - now : now - before
                comparisons.append(Comparison(scenario: result.scenario, clip: result.clip, field: field.name,
                                              baseline: before, current: now, regressed: worse > field.tolerance + 1e-12))
            }
            if !result.failed_expectations.isEmpty { failed.append((result.scenario, result.clip, result.failed_expectations)) }
        }
        return Report(comparisons: comparisons, failedExpectations: failed)
    }
}
