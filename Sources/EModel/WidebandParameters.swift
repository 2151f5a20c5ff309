/// Inputs of the wideband E-model, ITU-T G.107.1 (06/2019 + Corrigendum 1, 01/2020). Kept apart from
/// `G107Parameters` on purpose: Ie,WB and Bpl,WB live on the 0…129 scale and must never enter G.107.
///
/// The 2019 edition models talker echo, listener echo, absolute delay, wideband coding and packet loss only;
/// loudness, send noise and circuit noise are "for further study", so Ro,WB = 129 and Is,WB = 0.
/// The noise inputs below feed only Roe of the talker-echo term (see `G1071.talkerEchoImpairmentIdte`).
public struct WidebandParameters: Sendable, Codable, Equatable {
    /// Send / receive loudness ratings, dB (as G.107 Table 3; used for OLR in the noise sum and Roe).
    public var SLR: Double = 8
    public var RLR: Double = 2
    /// Listener sidetone rating and D-values, as G.107 Table 3 (used in the noise sum only).
    public var LSTR: Double = 18
    public var Ds: Double = 3
    /// Talker echo loudness rating, dB, and weighted echo path loss, dB.
    public var TELR: Double = 65
    public var WEPL: Double = 110
    /// Echo-path one-way delay, 4-wire round-trip delay, absolute delay, ms.
    public var T: Double = 0
    public var Tr: Double = 0
    public var Ta: Double = 0
    /// Wideband equipment impairment factor Ie,WB (G.113 Appendix IV), 0…129 scale.
    public var Ie: Double = 0
    /// Wideband packet-loss robustness factor Bpl,WB (G.113 Appendix IV). MOSLab default 4.3, the G.107 value:
    /// no G.107.1 default is known to us, and the default only matters when Ppl > 0.
    public var Bpl: Double = 4.3
    /// Random packet-loss probability, percent.
    public var Ppl: Double = 0
    /// Burst ratio. G.107.1 eq. (7-15) has no BurstR; BurstR = 1 reproduces it exactly, and a value above 1 is a
    /// MOSLab extension by analogy with G.107 eq. (7-29).
    public var BurstR: Double = 1
    /// Circuit noise, dBm0p; receive-side noise floor, dBmp (G.107.1 Table 1 default −96, single source);
    /// room noise at send / receive side, dB(A).
    public var Nc: Double = -70
    public var Nfor: Double = -96
    public var Ps: Double = 35
    public var Pr: Double = 35
    /// Advantage factor, as G.107 Table 2.
    public var A: Double = 0
    /// Delay-sensitivity class, as G.107 (06/2015) Table 1 (default class).
    public var mT: Double = 100
    public var sT: Double = 1

    public init() {}


    /// The narrowband parameter set that gives the same noise sum (G.107 eqs. 7-3…7-7) for Roe.
    var noiseEquivalent: G107Parameters {
        var p = G107Parameters()
        p.SLR = SLR; p.RLR = RLR; p.LSTR = LSTR; p.Ds = Ds; p.Nc = Nc; p.Nfor = Nfor; p.Ps = Ps; p.Pr = Pr
        return p
    }
}
