/// A JSON/YAML key that is a G.107 symbol.
struct SymbolKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension G107Parameters {
    /// Decodes any subset of the symbols; missing ones keep their Table 3 default, unknown ones are refused
    /// (with the nearest symbol). Ranges are not checked here, so a saved out-of-range run still loads;
    /// validate with `outOfRangeSymbols()`.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: SymbolKey.self)
        for key in container.allKeys {
            let value = try container.decode(Double.self, forKey: key)
            do {
                try set(symbol: key.stringValue, value: value, allowOutOfRange: true)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(error)")
            }
        }
    }

    /// Encodes every symbol under its G.107 name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SymbolKey.self)
        for symbol in Self.symbols {
            try container.encode(value(of: symbol)!, forKey: SymbolKey(stringValue: symbol))
        }
    }
}

extension WidebandParameters {
    /// As `G107Parameters.init(from:)`: a subset of symbols, defaults for the rest, unknown symbols refused.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: SymbolKey.self)
        for key in container.allKeys {
            let value = try container.decode(Double.self, forKey: key)
            do {
                try set(symbol: key.stringValue, value: value, allowOutOfRange: true)
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(error)")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SymbolKey.self)
        for symbol in Self.symbols {
            try container.encode(value(of: symbol)!, forKey: SymbolKey(stringValue: symbol))
        }
    }
}
