/// The inputs of the narrowband E-model, each named by its ITU-T G.107 symbol.
///
/// Defaults are G.107 (06/2015) §7.7 Table 3 (`sT`, `mT`: Table 1, the default delay-sensitivity class).
/// With every default the model gives R = 93.2 (§7.7), see `G107.evaluate(_:)`.
///
/// Symbols keep the Recommendation's spelling (`SLR`, `Ta`, `BurstR`) so that an engineer can read them
/// against the standard; units are those of Table 3: dB, ms, dBm0p/dBmp, dB(A), percent for `Ppl`.
public struct G107Parameters: Sendable, Codable, Equatable {
    /// Send loudness rating, dB (Table 3: +8).
    public var SLR: Double = 8
    /// Receive loudness rating, dB (Table 3: +2).
    public var RLR: Double = 2
    /// Sidetone masking rating, dB (Table 3: 15).
    public var STMR: Double = 15
    /// Listener sidetone rating, dB (Table 3: 18, i.e. STMR + D at the defaults).
    /// An independent input: setting `STMR` does not move it.
    public var LSTR: Double = 18
    /// D-value of the telephone, send side (Table 3: 3).
    public var Ds: Double = 3
    /// D-value of the telephone, receive side (Table 3: 3).
    public var Dr: Double = 3
    /// Talker echo loudness rating, dB (Table 3: 65).
    public var TELR: Double = 65
    /// Weighted echo path loss, dB (Table 3: 110).
    public var WEPL: Double = 110
    /// Mean one-way delay of the echo path, ms (Table 3: 0).
    public var T: Double = 0
    /// Round-trip delay in a 4-wire loop, ms (Table 3: 0).
    public var Tr: Double = 0
    /// Absolute delay in echo-free connections (mouth to ear), ms (Table 3: 0).
    public var Ta: Double = 0
    /// Number of quantization distortion units (Table 3: 1).
    public var qdu: Double = 1
    /// Equipment impairment factor of the codec (Table 3: 0; values in G.113 Appendix I).
    public var Ie: Double = 0
    /// Packet-loss robustness factor (Table 3 of 06/2015: 4.3, the G.711-without-PLC value; values in G.113).
    public var Bpl: Double = 4.3
    /// Random packet-loss probability, **percent** (Table 3: 0).
    public var Ppl: Double = 0
    /// Burst ratio, 1 for random loss, > 1 for bursty loss (Table 3: 1; definition in §7.5).
    public var BurstR: Double = 1
    /// Circuit noise referred to the 0 dBr point, dBm0p (Table 3: −70).
    public var Nc: Double = -70
    /// Noise floor at the receive side, dBmp (Table 3: −64).
    public var Nfor: Double = -64
    /// Room noise at the send side, dB(A) (Table 3: 35).
    public var Ps: Double = 35
    /// Room noise at the receive side, dB(A) (Table 3: 35).
    public var Pr: Double = 35
    /// Advantage factor (Table 3: 0; Table 2 gives provisional maxima 0/5/10/20).
    public var A: Double = 0
    /// Minimum perceivable delay, ms (06/2015 Table 1, default class: 100).
    public var mT: Double = 100
    /// Delay sensitivity (06/2015 Table 1, default class: 1).
    public var sT: Double = 1

    /// All parameters at their G.107 Table 3 default values.
    public init() {}

    /// Overall loudness rating, OLR = SLR + RLR (G.107 §7.2).
    public var OLR: Double { SLR + RLR }
}
