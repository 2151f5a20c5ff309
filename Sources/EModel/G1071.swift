/// The wideband E-model, ITU-T G.107.1 (06/2019, Corrigendum 1 01/2020): R on the 0…129 scale.
///
/// Never mixed with `G107`: a wideband R is mapped to MOS only through `mos(fromR:)` here (R/1.29 first), and
/// narrowband thresholds (Table B.1) do not apply to it. Where a term rests on a single secondary source the
/// doc comment says so ([M] in docs/emodel.md).
public enum G1071 {
    /// The edition implemented.
    public static let edition = "ITU-T G.107.1 (06/2019) + Corr. 1 (01/2020)"

    /// Ro,WB, eq. (7-2): the top of the wideband scale (noise terms "for further study").
    public static let RoWB: Double = 129
    /// Is,WB, eq. (7-3): simultaneous impairments are not modelled in the 2019 edition.
    public static let IsWB: Double = 0
    /// The scale factor between the wideband and narrowband scales (Annex A; Idd eq. 7-13).
    public static let scale: Double = 1.29

    /// R_WB = Ro,WB − Is,WB − Id,WB − Ie,eff,WB + A, G.107.1 eq. (7-1).
    public static func evaluate(_ p: WidebandParameters) -> WidebandResult {
        let no = G107.noisePower(p.noiseEquivalent).No
        let idte = talkerEchoImpairmentIdte(T: p.T, TELR: p.TELR, No: no, RLR: p.RLR)
        let idle = G107.listenerEchoImpairmentIdle(Ro: RoWB, WEPL: p.WEPL, Tr: p.Tr)
        let idd = absoluteDelayImpairmentIdd(Ta: p.Ta, mT: p.mT, sT: p.sT)
        let ieEff = effectiveEquipmentImpairment(Ie: p.Ie, Bpl: p.Bpl, Ppl: p.Ppl, BurstR: p.BurstR)
        let id = idte + idle + idd
        let r = RoWB - IsWB - id - ieEff + p.A
        return WidebandResult(
            R: r, MOS: mos(fromR: r), Ro: RoWB, Is: IsWB, Id: id, Idte: idte, Idle: idle, Idd: idd, Ie_eff: ieEff,
            A: p.A, No: no)
    }

    /// MOS-CQE from a wideband R, G.107.1 Annex A: Rx = R_WB/1.29, then G.107 eq. (B-4) on Rx,
    /// clamped to [1, 4.5] (so R_WB ≥ 129 gives 4.5).
    public static func mos(fromR rWB: Double) -> Double {
        G107.mos(fromR: rWB / scale)
    }

    /// The inverse: R_WB = 1.29 · R(MOS) with G.107 Appendix I.
    public static func rFactor(fromMOS mos: Double) -> Double {
        scale * G107.rFactor(fromMOS: mos)
    }
}
