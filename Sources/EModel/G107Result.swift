/// Every term of one narrowband E-model evaluation, named by its G.107 symbol, so a prediction can be audited.
public struct G107Result: Sendable, Codable, Equatable {
    /// Transmission rating factor, eq. (7-1): R = Ro − Is − Id − Ie,eff + A.
    public var R: Double
    /// MOS-CQE from R, Annex B eq. (B-4), clamped to [1, 4.5].
    public var MOS: Double
    /// Basic signal-to-noise ratio, eq. (7-2).
    public var Ro: Double
    /// Simultaneous impairment factor, eq. (7-8): Iolr + Ist + Iq.
    public var Is: Double
    /// Delay impairment factor, eq. (7-18): Idte + Idle + Idd.
    public var Id: Double
    /// Talker-echo impairment, eqs. (7-19)…(7-24).
    public var Idte: Double
    /// Listener-echo impairment, eqs. (7-25), (7-26).
    public var Idle: Double
    /// Absolute-delay impairment, eqs. (7-27), (7-28).
    public var Idd: Double
    /// Effective equipment impairment factor, eq. (7-29).
    public var Ie_eff: Double
    /// Advantage factor (Table 2), passed through.
    public var A: Double
    /// Loudness impairment, eq. (7-9).
    public var Iolr: Double
    /// Sidetone impairment, eq. (7-11).
    public var Ist: Double
    /// Quantizing-distortion impairment, eq. (7-13).
    public var Iq: Double
    /// Total noise power, dBm0p, eq. (7-3).
    public var No: Double
}
