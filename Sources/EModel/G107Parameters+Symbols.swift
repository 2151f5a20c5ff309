extension G107Parameters {
    /// Every narrowband symbol's name, in the order of G.107 Table 3 (then Table 1).
    public static var symbols: [String] { EModelSymbol.narrowband.map(\.rawValue) }

    /// A parameter by its typed symbol; nil for a symbol G.107 does not have (the wideband `IeWB`, `BplWB`).
    /// Setting nil or a wideband symbol is ignored.
    public subscript(symbol: EModelSymbol) -> Double? {
        get {
            switch symbol {
            case .SLR: SLR
            case .RLR: RLR
            case .STMR: STMR
            case .LSTR: LSTR
            case .Ds: Ds
            case .Dr: Dr
            case .TELR: TELR
            case .WEPL: WEPL
            case .T: T
            case .Tr: Tr
            case .Ta: Ta
            case .qdu: qdu
            case .Ie: Ie
            case .Bpl: Bpl
            case .Ppl: Ppl
            case .BurstR: BurstR
            case .Nc: Nc
            case .Nfor: Nfor
            case .Ps: Ps
            case .Pr: Pr
            case .A: A
            case .mT: mT
            case .sT: sT
            case .IeWB, .BplWB: nil
            }
        }
        set {
            guard let v = newValue else { return }
            switch symbol {
            case .SLR: SLR = v
            case .RLR: RLR = v
            case .STMR: STMR = v
            case .LSTR: LSTR = v
            case .Ds: Ds = v
            case .Dr: Dr = v
            case .TELR: TELR = v
            case .WEPL: WEPL = v
            case .T: T = v
            case .Tr: Tr = v
            case .Ta: Ta = v
            case .qdu: qdu = v
            case .Ie: Ie = v
            case .Bpl: Bpl = v
            case .Ppl: Ppl = v
            case .BurstR: BurstR = v
            case .Nc: Nc = v
            case .Nfor: Nfor = v
            case .Ps: Ps = v
            case .Pr: Pr = v
            case .A: A = v
            case .mT: mT = v
            case .sT: sT = v
            case .IeWB, .BplWB: break
            }
        }
    }

    /// Every input by its result key (`SLR`, `Ta`, …), for result.json.
    public var dictionary: [String: Double] {
        Dictionary(uniqueKeysWithValues: EModelSymbol.narrowband.map { ($0.resultKey, self[$0]!) })
    }

    /// Symbols whose value lies outside G.107 Table 3's validated range (for warnings).
    public func outOfRangeSymbols() -> [EModelSymbol] {
        EModelSymbol.narrowband.filter { symbol in
            guard let range = symbol.validatedRange, let v = self[symbol] else { return false }
            return !range.contains(v)
        }
    }
}
