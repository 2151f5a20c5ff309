import Foundation
import LabCore

/// Every E-model input, typed, by its ITU-T symbol. Narrowband inputs are G.107 (06/2015) Table 3 plus `mT`, `sT`
/// of Table 1; the wideband model (G.107.1) shares the delay, echo, noise and loss symbols and has its own
/// equipment values `IeWB` (Ie,WB) and `BplWB` (Bpl,WB) on the 0…129 scale, so a value can never be read on the
/// wrong scale: `Ie` is refused for a wideband codec and `IeWB` for a narrowband one.
///
/// Strings become symbols only at the edges (a spec's `emodel:` keys, `moslab emodel SYMBOL=VALUE`) through
/// `parse(_:band:)`; everything inside works on this enum.
public enum EModelSymbol: String, CaseIterable, Sendable, Codable, Hashable {
    case SLR, RLR, STMR, LSTR, Ds, Dr, TELR, WEPL, T, Tr, Ta, qdu, Ie, Bpl, Ppl, BurstR, Nc, Nfor, Ps, Pr, A, mT, sT
    case IeWB, BplWB

    /// The narrowband symbols, in the order of G.107 Table 3 (then Table 1).
    public static let narrowband: [EModelSymbol] = [
        .SLR, .RLR, .STMR, .LSTR, .Ds, .Dr, .TELR, .WEPL, .T, .Tr, .Ta, .qdu, .Ie, .Bpl, .Ppl, .BurstR, .Nc, .Nfor,
        .Ps, .Pr, .A, .mT, .sT,
    ]

    /// The wideband symbols: those G.107.1 (06/2019) models (loudness, sidetone and quantizing are "for further
    /// study" there, so STMR, Dr and qdu do not exist).
    public static let wideband: [EModelSymbol] = [
        .SLR, .RLR, .LSTR, .Ds, .TELR, .WEPL, .T, .Tr, .Ta, .IeWB, .BplWB, .Ppl, .BurstR, .Nc, .Nfor, .Ps, .Pr, .A,
        .mT, .sT,
    ]

    public static func symbols(_ band: EModelBand) -> [EModelSymbol] { band == .wideband ? wideband : narrowband }

    /// How the symbol is written in JSON `inputs` and in results: the wideband equipment values keep the names `Ie`
    /// and `Bpl` there (the `model` field says which scale), as before.
    public var resultKey: String {
        switch self {
        case .IeWB: "Ie"
        case .BplWB: "Bpl"
        default: rawValue
        }
    }

    /// The range over which G.107 (06/2015) Table 3 validates the model (Table 1 classes for `mT`, `sT`).
    /// Outside it MOSLab still computes, and warns. `Nfor` has none. `Bpl` starts at 1 as in the editions before
    /// 06/2015 (which starts at 4.3, G.711 without concealment) so that older G.113 Bpl values read as valid.
    /// The wideband equipment values use the same ranges on the 0…129 scale for Ie,WB.
    public var validatedRange: ClosedRange<Double>? {
        switch self {
        case .SLR: 0...18
        case .RLR: -5...14
        case .STMR: 10...20
        case .LSTR: 13...23
        case .Ds, .Dr: -3...3
        case .TELR: 5...65
        case .WEPL: 5...110
        case .T: 0...500
        case .Tr: 0...1000
        case .Ta: 0...500
        case .qdu: 1...14
        case .Ie: 0...40
        case .IeWB: 0...129
        case .Bpl, .BplWB: 1...40
        case .Ppl: 0...20
        case .BurstR: 1...8
        case .Nc: -80...(-40)
        case .Nfor: nil
        case .Ps, .Pr: 35...85
        case .A: 0...20
        case .mT: 100...150
        case .sT: 0.4...1
        }
    }

    /// Values the equations cannot take at all (refused as bad input, not extrapolated): delays, Ppl, Ie and A
    /// are never negative, Bpl, BurstR, qdu, mT and sT must be positive (they divide or take a logarithm),
    /// and Ppl is a percentage.
    public var domain: ClosedRange<Double> {
        switch self {
        case .T, .Tr, .Ta, .Ie, .IeWB, .A: 0...Double.greatestFiniteMagnitude
        case .Ppl: 0...100
        case .Bpl, .BplWB, .BurstR, .qdu, .mT, .sT: Double.leastNonzeroMagnitude...Double.greatestFiniteMagnitude
        default: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
        }
    }

    /// Unit, for messages.
    public var unit: String {
        switch self {
        case .SLR, .RLR, .STMR, .LSTR, .TELR, .WEPL: " dB"
        case .T, .Tr, .Ta, .mT: " ms"
        case .Ppl: " %"
        case .Nc: " dBm0p"
        case .Nfor: " dBmp"
        case .Ps, .Pr: " dB(A)"
        default: ""
        }
    }

    /// A symbol written by a user, for a model of `band`. Refuses an unknown symbol (naming the nearest and the
    /// list), and a symbol of the other scale with the reason.
    public static func parse(_ text: String, band: EModelBand) throws -> EModelSymbol {
        let valid = symbols(band)
        if let symbol = EModelSymbol(rawValue: text), valid.contains(symbol) { return symbol }
        switch (EModelSymbol(rawValue: text), band) {
        case (.Ie?, .wideband), (.Bpl?, .wideband):
            throw InputError("\(text) is a narrowband (G.107) value and this codec is wideband (G.107.1, R on 0…129)",
                             hint: "write \(text)WB for the wideband value (Ie,WB / Bpl,WB of G.113 Appendix IV)")
        case (.IeWB?, .narrowband), (.BplWB?, .narrowband):
            throw InputError("\(text) is a wideband (G.107.1) value and this codec is narrowband (G.107, R on 0…100)",
                             hint: "write \(text.dropLast(2)) for the narrowband value (G.113 Appendix I)")
        case (let symbol?, .wideband):
            throw InputError("\(symbol.rawValue) is a narrowband (G.107) symbol that G.107.1 (06/2019) does not model",
                             hint: "wideband symbols: \(wideband.map(\.rawValue).joined(separator: " "))")
        default:
            let names = valid.map(\.rawValue)
            if let same = names.first(where: { $0.lowercased() == text.lowercased() }) {
                throw InputError("unknown E-model symbol '\(text)'", hint: "did you mean '\(same)'? symbols are case-sensitive")
            }
            let nearest = NearestName.nearest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw InputError("unknown \(band == .wideband ? "G.107.1" : "G.107") symbol '\(text)'",
                             hint: "\(nearest)valid symbols: \(names.joined(separator: " "))")
        }
    }
}

/// Which E-model applies: G.107 (narrowband, R 0…100) or G.107.1 (wideband, R 0…129). Never mixed.
public enum EModelBand: String, Sendable, Codable, Hashable {
    case narrowband, wideband

    public var edition: String { self == .wideband ? G1071.edition : G107.edition }
}

/// A number as short as it can be written (no needless ".0"), for messages.
func formatNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    let text = String(format: "%.4g", x)
    return text
}
