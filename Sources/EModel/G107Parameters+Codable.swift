import LabCore

/// A JSON/YAML key that is an E-model symbol.
struct SymbolKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension G107Parameters {
    /// Decodes any subset of the symbols; missing ones keep their Table 3 default, unknown ones are refused
    /// (with the nearest symbol). Ranges are not checked here, so a saved out-of-range run still loads;
    /// see `outOfRangeSymbols()`.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: SymbolKey.self)
        for key in container.allKeys {
            let value = try container.decode(Double.self, forKey: key)
            do {
                self[try EModelSymbol.parse(key.stringValue, band: .narrowband)] = value
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(error)")
            }
        }
    }

    /// Encodes every symbol under its G.107 name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SymbolKey.self)
        for (key, value) in dictionary { try container.encode(value, forKey: SymbolKey(stringValue: key)) }
    }
}

extension WidebandParameters {
    /// As `G107Parameters.init(from:)`; Ie,WB and Bpl,WB are read from `Ie`/`Bpl` (as written) or `IeWB`/`BplWB`.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: SymbolKey.self)
        for key in container.allKeys {
            let value = try container.decode(Double.self, forKey: key)
            let name = key.stringValue == "Ie" || key.stringValue == "Bpl" ? key.stringValue + "WB" : key.stringValue
            do {
                self[try EModelSymbol.parse(name, band: .wideband)] = value
            } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(error)")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SymbolKey.self)
        for (key, value) in dictionary { try container.encode(value, forKey: SymbolKey(stringValue: key)) }
    }
}
