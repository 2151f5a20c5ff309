/// The narrowband E-model of ITU-T G.107 (06/2015): transmission rating R on the 0…100 scale.
///
/// Each term lives in its own file (`G107+<Term>.swift`) citing its equation; `evaluate(_:)` only composes them.
/// The wideband model (G.107.1, 0…129 scale) is `G1071`; the two are never mixed.
public enum G107 {
    /// The edition implemented.
    public static let edition = "ITU-T G.107 (06/2015)"

    /// Computes R, MOS and every intermediate term, G.107 (06/2015) §7.1 eq. (7-1):
    ///
    ///     R = Ro − Is − Id − Ie,eff + A
    ///
    /// No range check here: `EModelInputBuilder` reports values outside Table 3's ranges as warnings.
    public static func evaluate(_ p: G107Parameters) -> G107Result {
        let noise = noisePower(p)
        let ro = basicSignalToNoiseRo(SLR: p.SLR, No: noise.No)
        // Is = Iolr + Ist + Iq, eq. (7-8)
        let iolr = loudnessImpairmentIolr(OLR: p.OLR, No: noise.No, RLR: p.RLR)
        let ist = sidetoneImpairmentIst(STMR: p.STMR, T: p.T, TELR: p.TELR)
        let iq = quantizingImpairmentIq(Ro: ro, qdu: p.qdu)
        let simultaneous = iolr + ist + iq
        // Id = Idte + Idle + Idd, eq. (7-18)
        let idte = talkerEchoImpairmentIdte(T: p.T, TELR: p.TELR, STMR: p.STMR, No: noise.No, RLR: p.RLR, Ist: ist)
        let idle = listenerEchoImpairmentIdle(Ro: ro, WEPL: p.WEPL, Tr: p.Tr)
        let idd = absoluteDelayImpairmentIdd(Ta: p.Ta, mT: p.mT, sT: p.sT)
        let delay = idte + idle + idd
        let ieEff = effectiveEquipmentImpairment(Ie: p.Ie, Bpl: p.Bpl, Ppl: p.Ppl, BurstR: p.BurstR)
        let r = ro - simultaneous - delay - ieEff + p.A
        return G107Result(
            R: r, MOS: mos(fromR: r), Ro: ro, Is: simultaneous, Id: delay, Idte: idte, Idle: idle, Idd: idd,
            Ie_eff: ieEff, A: p.A, Iolr: iolr, Ist: ist, Iq: iq, No: noise.No)
    }
}
