import Foundation

/// Two-sided 95 % confidence intervals of a mean, with Student's t quantiles from a published table.
public enum StudentT {
    /// t(0.975, df): the upper 2.5 % critical values of Student's t distribution, as printed (3 decimals) in the
    /// NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2 "Critical values of the Student's t
    /// distribution" (column 0.025), for df 1…30, 40, 60, 120 and ∞ (the normal quantile 1.960).
    public static let table975: [(df: Int, t: Double)] = [
        (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365), (8, 2.306), (9, 2.262),
        (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145), (15, 2.131), (16, 2.120), (17, 2.110),
        (18, 2.101), (19, 2.093), (20, 2.086), (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060),
        (26, 2.056), (27, 2.052), (28, 2.048), (29, 2.045), (30, 2.042), (40, 2.021), (60, 2.000), (120, 1.980),
    ]

    /// t(0.975, df); between tabulated df the next lower one (a slightly wider, conservative interval);
    /// beyond 120 the normal 1.960.
    public static func quantile975(df: Int) -> Double {
        precondition(df >= 1, "Student's t needs at least one degree of freedom")
        if df > 120 { return 1.960 }
        return table975.last { $0.df <= df }!.t
    }

    /// Mean and half-width of the two-sided 95 % confidence interval t(0.975, n−1)·s/√n (s: sample standard
    /// deviation); the half-width is nil for fewer than two values.
    public static func meanAndCI95(_ values: [Double]) -> (mean: Double, ci95: Double?)? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count >= 2 else { return (mean, nil) }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        return (mean, quantile975(df: values.count - 1) * (variance / n).squareRoot())
    }
}
