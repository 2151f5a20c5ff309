import LabCore

extension WidebandParameters {
    // Computed: key paths are not Sendable, so they cannot be a stored static under Swift 6.
    private static var keyPaths: [String: WritableKeyPath<WidebandParameters, Double>] {
        [
            "SLR": \.SLR, "RLR": \.RLR, "LSTR": \.LSTR, "Ds": \.Ds, "TELR": \.TELR, "WEPL": \.WEPL, "T": \.T,
            "Tr": \.Tr, "Ta": \.Ta, "Ie": \.Ie, "Bpl": \.Bpl, "Ppl": \.Ppl, "BurstR": \.BurstR, "Nc": \.Nc,
            "Nfor": \.Nfor, "Ps": \.Ps, "Pr": \.Pr, "A": \.A, "mT": \.mT, "sT": \.sT,
        ]
    }

    /// Permitted ranges: those of G.107 Table 3 for the shared symbols, with Ie,WB on the 0…129 scale.
    public static let permittedRanges: [String: ClosedRange<Double>] = {
        var ranges = G107Parameters.permittedRanges
        ranges["Ie"] = 0...129
        return ranges.filter { symbols.contains($0.key) }
    }()

    /// The value of a symbol, or nil when the symbol does not exist.
    public func value(of symbol: String) -> Double? {
        Self.keyPaths[symbol].map { self[keyPath: $0] }
    }

    /// Sets one parameter by symbol; unknown symbols and out-of-range values throw `InputError`.
    public mutating func set(symbol: String, value: Double, allowOutOfRange: Bool = false) throws {
        guard let path = Self.keyPaths[symbol] else {
            let hint = G107Parameters.symbols.contains(symbol)
                ? "\(symbol) is a narrowband (G.107) symbol that G.107.1 (06/2019) does not model"
                : nearestSymbol(to: symbol, in: Self.symbols)
            throw InputError("unknown G.107.1 symbol '\(symbol)'", hint: hint)
        }
        guard value.isFinite else { throw InputError("\(symbol) must be a finite number, not \(value)") }
        if !allowOutOfRange, let range = Self.permittedRanges[symbol], !range.contains(value) {
            throw InputError(
                "\(symbol)=\(formatNumber(value)) is outside the permitted range "
                    + "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))",
                hint: "use a value in range, or --allow-out-of-range to compute anyway")
        }
        self[keyPath: path] = value
    }

    /// Symbols whose value lies outside the permitted range (for warnings).
    public func outOfRangeSymbols() -> [String] {
        Self.symbols.filter { symbol in
            guard let range = Self.permittedRanges[symbol], let v = value(of: symbol) else { return false }
            return !range.contains(v)
        }
    }
}
