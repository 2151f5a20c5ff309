import Foundation
import LabCore

/// A value the user gave for one symbol (a spec's `emodel:` entry, `moslab emodel SYMBOL=VALUE`).
public struct EModelOverride: Sendable, Equatable {
    public var symbol: EModelSymbol
    public var value: Double

    public init(symbol: EModelSymbol, value: Double) {
        self.symbol = symbol
        self.value = value
    }

    /// Reads a user-written symbol and value for a model of `band`. Refused (bad input, exit 2): an unknown symbol,
    /// a symbol of the other scale (`Ie` for a wideband codec, `IeWB` for a narrowband one), a value that is not
    /// finite or lies outside what the equations can take (`EModelSymbol.domain`: negative delays, Bpl ≤ 0, …).
    /// A value merely outside G.107's validated range is accepted; `EModelInput.warnings` reports it.
    public static func parse(key: String, value: Double, band: EModelBand) throws -> EModelOverride {
        let symbol = try EModelSymbol.parse(key, band: band)
        guard value.isFinite else { throw InputError("\(key) must be a finite number, not \(value)") }
        guard symbol.domain.contains(value) else {
            let what = symbol.domain.lowerBound > 0 ? "greater than 0" : symbol.domain.upperBound < 1e300
                ? "between \(formatNumber(symbol.domain.lowerBound)) and \(formatNumber(symbol.domain.upperBound))" : "0 or more"
            throw InputError("\(key) = \(formatNumber(value)) is impossible: \(key) must be \(what)",
                             hint: symbol.validatedRange.map { "G.107's validated range is \(rangeText($0, symbol.unit))" })
        }
        return EModelOverride(symbol: symbol, value: value)
    }
}

/// The one way MOSLab assembles E-model inputs, used by `moslab run`, `moslab emodel` (and its network calculator),
/// `moslab calibrate` and the report. Precedence, per symbol:
///
///     user value (spec `emodel:` / SYMBOL=VALUE)  →  measured (the run's trace, the network calculator)
///     →  codec table (G.113, else MOSLab's calibration)  →  G.107 Table 3 default (G.107.1 for wideband)
///
/// One rule for a missing value: a symbol nobody gives takes the model's default; when that symbol is a codec's
/// Ie or Bpl (the codec is named but neither G.113 nor the calibration has the value) a note says so and the
/// source is `default`. Values outside G.107's validated ranges are computed and listed in `warnings`;
/// `EModelInput.requireValidated()` refuses them instead (`--strict`).
public struct EModelInputBuilder: Sendable {
    public var band: EModelBand
    /// The codec named, and its table values (nil when the table does not know it).
    public var codecName: String?
    public var codec: CodecImpairment?
    /// Values measured on a run or given to the network calculator (Ta, T, Tr, Ppl, BurstR), and what measured them.
    public var measured: [(symbol: EModelSymbol, value: Double)] = []
    public var measuredOrigin: String = "measured"
    /// User values, last one wins, and how to name where they came from in warnings ("spec", "argument").
    public var overrides: [EModelOverride] = []
    public var overridesOrigin: String = "spec"

    public init(band: EModelBand, codecName: String? = nil, codec: CodecImpairment? = nil) {
        self.band = band
        self.codecName = codecName
        self.codec = codec
    }

    /// The network mapping's delay and loss inputs (`NetworkMapping`: T = Ta, Tr = 2·Ta).
    public mutating func measure(Ta: Double, Ppl: Double, BurstR: Double, origin: String) {
        measured = [(.Ta, Ta), (.T, Ta), (.Tr, 2 * Ta), (.Ppl, Ppl), (.BurstR, BurstR)]
        measuredOrigin = origin
    }

    public func build() -> EModelInput {
        var input = EModelInput(band: band)
        let ieSymbol: EModelSymbol = band == .wideband ? .IeWB : .Ie
        let bplSymbol: EModelSymbol = band == .wideband ? .BplWB : .Bpl
        func set(_ symbol: EModelSymbol, _ value: Double, _ origin: String) {
            input[symbol] = value
            input.origin[symbol] = origin
        }
        // Codec table.
        if let codec {
            if let ie = codec.Ie, let source = codec.ie_source { set(ieSymbol, ie, source.rawValue) }
            if let bpl = codec.Bpl, let source = codec.bpl_source { set(bplSymbol, bpl, source.rawValue) }
            input.notes += codec.notes
            if codec.provisional { input.notes.append("\(codec.codec): a borrowed or unverified G.113 value is used (\(codec.source))") }
        }
        for (symbol, value) in measured where EModelSymbol.symbols(band).contains(symbol) { set(symbol, value, measuredOrigin) }
        for o in overrides { set(o.symbol, o.value, overridesOrigin) }
        // The one rule for a missing value: the model's default, and say so when a codec was named.
        for symbol in [ieSymbol, bplSymbol] where input.origin[symbol] == nil {
            input.origin[symbol] = ImpairmentSource.default.rawValue
            if let codecName {
                input.notes.append("MOSLab has no \(symbol.rawValue) for \(codecName) (neither G.113 nor calibrated): "
                    + "the model default \(formatNumber(input[symbol] ?? 0)) is used; give \(symbol.rawValue) in the spec's emodel: block")
            }
        }
        // A user-given value is `spec` whatever it was called above.
        input.ie_source = ImpairmentSource(rawValue: input.origin[ieSymbol] ?? "") ?? .spec
        input.bpl_source = ImpairmentSource(rawValue: input.origin[bplSymbol] ?? "") ?? .spec
        // Out of G.107's validated range: computed, and said.
        let outside = band == .wideband ? input.wideband.outOfRangeSymbols() : input.narrowband.outOfRangeSymbols()
        for symbol in outside {
            guard let range = symbol.validatedRange, let value = input[symbol] else { continue }
            let from = input.origin[symbol].map { " (\($0))" } ?? ""
            input.warnings.append("\(symbol.rawValue) = \(formatNumber(value))\(symbol.unit)\(from) is outside G.107's validated range "
                + "\(rangeText(range, symbol.unit)); the prediction is extrapolated")
        }
        return input
    }
}

/// The assembled inputs of one E-model evaluation, with where each came from.
public struct EModelInput: Sendable {
    public var band: EModelBand
    public var narrowband = G107Parameters()
    public var wideband = WidebandParameters()
    /// Origin of every symbol that is not the default: `g113`, `calibrated`, `spec`, or what measured it.
    public var origin: [EModelSymbol: String] = [:]
    public var ie_source: ImpairmentSource = .default
    public var bpl_source: ImpairmentSource = .default
    /// Out-of-range values (one line each, naming the symbol and G.107's range).
    public var warnings: [String] = []
    public var notes: [String] = []

    public init(band: EModelBand) { self.band = band }

    public subscript(symbol: EModelSymbol) -> Double? {
        get { band == .wideband ? wideband[symbol] : narrowband[symbol] }
        set {
            if band == .wideband { wideband[symbol] = newValue } else { narrowband[symbol] = newValue }
        }
    }

    /// Ie (Ie,WB) and Bpl (Bpl,WB) as used.
    public var ie: Double { band == .wideband ? wideband.Ie : narrowband.Ie }
    public var bpl: Double { band == .wideband ? wideband.Bpl : narrowband.Bpl }

    /// `--strict`: refuse instead of extrapolating.
    public func requireValidated() throws {
        guard let first = warnings.first else { return }
        throw InputError(first.replacingOccurrences(of: "; the prediction is extrapolated", with: "")
                            + (warnings.count > 1 ? " (and \(warnings.count - 1) more)" : ""),
                         hint: "--strict refuses values outside G.107's validated ranges; drop --strict to compute with a warning")
    }

    /// Every input by its result key, for result.json.
    public var dictionary: [String: Double] { band == .wideband ? wideband.dictionary : narrowband.dictionary }

    public func evaluate() -> EModelPrediction {
        switch band {
        case .narrowband:
            let r = G107.evaluate(narrowband)
            return EModelPrediction(input: self, R: r.R, MOS: r.MOS, terms: r.terms, narrowbandResult: r, widebandResult: nil)
        case .wideband:
            let r = G1071.evaluate(wideband)
            return EModelPrediction(input: self, R: r.R, MOS: r.MOS, terms: r.terms, narrowbandResult: nil, widebandResult: r)
        }
    }
}

/// R, MOS and every term of one evaluation, with the inputs and their sources.
public struct EModelPrediction: Sendable {
    public var input: EModelInput
    public var R: Double
    public var MOS: Double
    public var terms: [String: Double]
    public var narrowbandResult: G107Result?
    public var widebandResult: WidebandResult?

    public var model: String { input.band.edition }
}

extension G107Result {
    /// Every term by its symbol, for result.json.
    public var terms: [String: Double] {
        ["R": R, "MOS": MOS, "Ro": Ro, "Is": Is, "Id": Id, "Idte": Idte, "Idle": Idle, "Idd": Idd, "Ie_eff": Ie_eff,
         "A": A, "Iolr": Iolr, "Ist": Ist, "Iq": Iq, "No": No]
    }
}

extension WidebandResult {
    /// Every term by its symbol, for result.json.
    public var terms: [String: Double] {
        ["R": R, "MOS": MOS, "Ro": Ro, "Is": Is, "Id": Id, "Idte": Idte, "Idle": Idle, "Idd": Idd, "Ie_eff": Ie_eff,
         "A": A, "No": No]
    }
}

/// "0…500 ms".
func rangeText(_ range: ClosedRange<Double>, _ unit: String) -> String {
    "\(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))\(unit)"
}
