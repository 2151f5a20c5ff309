import LabCore

extension G107Parameters {
    /// Every settable G.107 symbol, in the order of G.107 Table 3 (then `mT`, `sT` from Table 1).
    public static let symbols: [String] = [
        "SLR", "RLR", "STMR", "LSTR", "Ds", "Dr", "TELR", "WEPL", "T", "Tr", "Ta", "qdu", "Ie", "Bpl", "Ppl",
        "BurstR", "Nc", "Nfor", "Ps", "Pr", "A", "mT", "sT",
    ]

    /// The permitted range of each symbol (G.107 (06/2015) Table 3; `mT`, `sT` span the Table 1 classes).
    ///
    /// `Nfor` has no range in Table 3. `Bpl` is given the older edition's lower bound 1 (06/2015 Table 3 starts
    /// at 4.3, the G.711-without-PLC value) so that Bpl values from older G.113 tables are not refused.
    public static let permittedRanges: [String: ClosedRange<Double>] = [
        "SLR": 0...18, "RLR": -5...14, "STMR": 10...20, "LSTR": 13...23, "Ds": -3...3, "Dr": -3...3,
        "TELR": 5...65, "WEPL": 5...110, "T": 0...500, "Tr": 0...1000, "Ta": 0...500, "qdu": 1...14,
        "Ie": 0...40, "Bpl": 1...40, "Ppl": 0...20, "BurstR": 1...8, "Nc": -80...(-40),
        "Ps": 35...85, "Pr": 35...85, "A": 0...20, "mT": 100...150, "sT": 0.4...1,
    ]

    // Computed (key paths are not Sendable, so they cannot be a stored static under Swift 6).
    private static var keyPaths: [String: WritableKeyPath<G107Parameters, Double>] {
        [
        "SLR": \.SLR, "RLR": \.RLR, "STMR": \.STMR, "LSTR": \.LSTR, "Ds": \.Ds, "Dr": \.Dr, "TELR": \.TELR,
        "WEPL": \.WEPL, "T": \.T, "Tr": \.Tr, "Ta": \.Ta, "qdu": \.qdu, "Ie": \.Ie, "Bpl": \.Bpl, "Ppl": \.Ppl,
        "BurstR": \.BurstR, "Nc": \.Nc, "Nfor": \.Nfor, "Ps": \.Ps, "Pr": \.Pr, "A": \.A, "mT": \.mT, "sT": \.sT,
        ]
    }

    /// The value of a symbol, or nil when the symbol does not exist.
    public func value(of symbol: String) -> Double? {
        Self.keyPaths[symbol].map { self[keyPath: $0] }
    }

    /// Sets one parameter by its G.107 symbol, refusing unknown symbols and values outside Table 3's range.
    ///
    /// - Throws: `InputError` naming the nearest symbol for an unknown one, or the permitted range.
    public mutating func set(symbol: String, value: Double) throws {
        try set(symbol: symbol, value: value, allowOutOfRange: false)
    }

    /// Sets one parameter; with `allowOutOfRange` a value outside Table 3's range is accepted
    /// (the E-model's accuracy is not established there: G.107 Annex A).
    public mutating func set(symbol: String, value: Double, allowOutOfRange: Bool) throws {
        guard let path = Self.keyPaths[symbol] else {
            throw InputError("unknown G.107 symbol '\(symbol)'", hint: Self.suggestion(for: symbol))
        }
        guard value.isFinite else {
            throw InputError("\(symbol) must be a finite number, not \(value)")
        }
        if !allowOutOfRange, let range = Self.permittedRanges[symbol], !range.contains(value) {
            throw InputError(
                "\(symbol)=\(formatNumber(value)) is outside G.107 Table 3's permitted range "
                    + "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))",
                hint: "use a value in range, or --allow-out-of-range to compute anyway")
        }
        self[keyPath: path] = value
    }

    /// Whether a set value lies outside Table 3's permitted range (for warnings).
    public func outOfRangeSymbols() -> [String] {
        Self.symbols.filter { symbol in
            guard let range = Self.permittedRanges[symbol], let v = value(of: symbol) else { return false }
            return !range.contains(v)
        }
    }

    /// "did you mean …" for a misspelt symbol: exact case-insensitive match first, then the closest by edit distance.
    static func suggestion(for symbol: String) -> String {
        nearestSymbol(to: symbol, in: symbols)
    }
}

/// The nearest name by case-insensitive edit distance, phrased as a hint.
func nearestSymbol(to symbol: String, in names: [String]) -> String {
    if let same = names.first(where: { $0.lowercased() == symbol.lowercased() }) {
        return "did you mean '\(same)'? symbols are case-sensitive"
    }
    let best = NearestName.nearest(to: symbol, in: names)
    return "did you mean '\(best ?? "")'? valid symbols: \(names.joined(separator: " "))"
}

/// A number without a needless trailing ".0" (for messages).
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}
