extension G1071 {
    /// Wideband effective equipment impairment, G.107.1 (06/2019) eq. (7-15):
    ///
    ///     Ie,eff,WB = Ie,WB + (95 − Ie,WB)·Ppl / (Ppl + Bpl,WB)
    ///
    /// The constant is 95, not 129 (two independent implementations citing the equation). Ppl in percent.
    /// MOSLab divides Ppl by BurstR in the denominator as G.107 eq. (7-29) does; BurstR = 1 is eq. (7-15) exactly.
    public static func effectiveEquipmentImpairment(Ie: Double, Bpl: Double, Ppl: Double, BurstR: Double = 1) -> Double {
        guard Ppl > 0 else { return Ie }
        return Ie + (95 - Ie) * Ppl / (Ppl / max(BurstR, 1) + Bpl)
    }
}
