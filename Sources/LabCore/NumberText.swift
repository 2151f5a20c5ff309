import Foundation

/// The one formatter for figures MOSLab prints with a fixed number of decimals (terminal tables, CSV, JSON
/// summaries, messages): `fixed(4.1234, 2)` is `"4.12"`.
///
/// C's `%.Nf` conversion (ISO C §7.21.6.1): the exact binary value rounded to N decimals, "." as decimal point
/// whatever the locale (Foundation formats without a locale here). Outputs are compared byte for byte by tests and
/// by `moslab check`, so every fixed-decimal figure goes through this one function. `nan`/`inf` as C writes them.
public func fixed(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// A number written as briefly as it reads back exactly: whole values without ".0" (`3`, not `3.0`), others as
/// Swift's shortest round-trip text (`0.1`, `1e-07`). Used where a figure is echoed rather than rounded (spec
/// ranges, the external-buffer protocol, result tables after their 1e-6 rounding).
public func plainNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
}
