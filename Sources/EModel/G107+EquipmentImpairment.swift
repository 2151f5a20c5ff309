extension G107 {
    /// Effective equipment impairment factor, G.107 (06/2015) §7.5 eq. (7-29):
    ///
    ///     Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl)
    ///
    /// `Ppl` in percent. BurstR = 1 is random loss; a higher BurstR (burstier loss) gives a higher Ie,eff at the
    /// same Ppl. BurstR below 1 (alternating loss) is taken as 1, the bottom of Table 3's range.
    public static func effectiveEquipmentImpairment(Ie: Double, Bpl: Double, Ppl: Double, BurstR: Double) -> Double {
        let burstR = max(BurstR, 1)
        guard Ppl > 0 else { return Ie }
        return Ie + (95 - Ie) * Ppl / (Ppl / burstR + Bpl)
    }
}
