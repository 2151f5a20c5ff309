extension WidebandParameters {
    /// Every wideband symbol's name (G.107.1 models only these).
    public static var symbols: [String] { EModelSymbol.wideband.map(\.rawValue) }

    /// A parameter by its typed symbol: `IeWB`, `BplWB` are Ie,WB and Bpl,WB; nil for a symbol G.107.1 does not
    /// model (STMR, Dr, qdu) or for the narrowband `Ie`, `Bpl`. Setting nil or such a symbol is ignored.
    public subscript(symbol: EModelSymbol) -> Double? {
        get {
            switch symbol {
            case .SLR: SLR
            case .RLR: RLR
            case .LSTR: LSTR
            case .Ds: Ds
            case .TELR: TELR
            case .WEPL: WEPL
            case .T: T
            case .Tr: Tr
            case .Ta: Ta
            case .IeWB: Ie
            case .BplWB: Bpl
            case .Ppl: Ppl
            case .BurstR: BurstR
            case .Nc: Nc
            case .Nfor: Nfor
            case .Ps: Ps
            case .Pr: Pr
            case .A: A
            case .mT: mT
            case .sT: sT
            case .STMR, .Dr, .qdu, .Ie, .Bpl: nil
            }
        }
        set {
            guard let v = newValue else { return }
            switch symbol {
            case .SLR: SLR = v
            case .RLR: RLR = v
            case .LSTR: LSTR = v
            case .Ds: Ds = v
            case .TELR: TELR = v
            case .WEPL: WEPL = v
            case .T: T = v
            case .Tr: Tr = v
            case .Ta: Ta = v
            case .IeWB: Ie = v
            case .BplWB: Bpl = v
            case .Ppl: Ppl = v
            case .BurstR: BurstR = v
            case .Nc: Nc = v
            case .Nfor: Nfor = v
            case .Ps: Ps = v
            case .Pr: Pr = v
            case .A: A = v
            case .mT: mT = v
            case .sT: sT = v
            case .STMR, .Dr, .qdu, .Ie, .Bpl: break
            }
        }
    }

    /// Every input by its result key (Ie,WB and Bpl,WB under `Ie`, `Bpl`), for result.json.
    public var dictionary: [String: Double] {
        Dictionary(uniqueKeysWithValues: EModelSymbol.wideband.map { ($0.resultKey, self[$0]!) })
    }

    /// Symbols whose value lies outside the validated range (G.107 Table 3's, Ie,WB on 0…129).
    public func outOfRangeSymbols() -> [EModelSymbol] {
        EModelSymbol.wideband.filter { symbol in
            guard let range = symbol.validatedRange, let v = self[symbol] else { return false }
            return !range.contains(v)
        }
    }
}
