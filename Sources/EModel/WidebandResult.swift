/// Every term of one wideband E-model evaluation (G.107.1), on the 0…129 scale.
public struct WidebandResult: Sendable, Codable, Equatable {
    /// R_WB = Ro,WB − Is,WB − Id,WB − Ie,eff,WB + A, eq. (7-1), 0…129.
    public var R: Double
    /// MOS-CQE from R_WB/1.29 by G.107 eq. (B-4), G.107.1 Annex A; clamped to [1, 4.5].
    public var MOS: Double
    /// Ro,WB = 129, eq. (7-2).
    public var Ro: Double
    /// Is,WB = 0, eq. (7-3).
    public var Is: Double
    /// Id,WB = Idte,WB + Idle,WB + Idd,WB.
    public var Id: Double
    public var Idte: Double
    public var Idle: Double
    public var Idd: Double
    /// Ie,eff,WB, eq. (7-15).
    public var Ie_eff: Double
    public var A: Double
    /// The noise sum feeding Roe of the talker-echo term, dBm0p.
    public var No: Double
}
