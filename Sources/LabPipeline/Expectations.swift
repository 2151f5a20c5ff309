import LabCore
import Reporting
import ScenarioSpecs

/// Checks a spec's `expect:` bounds against a result. An unknown field is a spec error (with its location);
/// a bound not met is a failed expectation, reported in the result and by the exit status.
public enum Expectations {
    /// Refuses unknown fields (before any run starts: `validate` and `run` both call it).
    public static func checkFields(_ bounds: [ExpectBound]) throws {
        for bound in bounds where RunResult.numericFields[bound.field] == nil {
            let nearest = NearestName.nearest(to: bound.field, in: RunResult.numericFields.keys.sorted()) ?? ""
            throw bound.location.error("expect: unknown result field '\(bound.field)'",
                                       hint: "did you mean '\(nearest)'? numeric fields: \(RunResult.numericFields.keys.sorted().joined(separator: ", "))")
        }
    }

    public static func check(_ bounds: [ExpectBound], against result: RunResult) throws -> [String] {
        try checkFields(bounds)
        var failures: [String] = []
        for bound in bounds {
            guard let value = result.numericField(bound.field) else { continue }  // e.g. signal_mos not measured yet
            if let minimum = bound.min, value < minimum {
                failures.append("\(bound.field) = \(rounded(value)) < min \(minimum)")
            }
            if let maximum = bound.max, value > maximum {
                failures.append("\(bound.field) = \(rounded(value)) > max \(maximum)")
            }
        }
        return failures
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
