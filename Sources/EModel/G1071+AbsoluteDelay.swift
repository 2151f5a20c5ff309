extension G1071 {
    /// Wideband absolute-delay impairment, G.107.1 (06/2019) eq. (7-13): "Idd = 25·1.29·{…}", i.e. the G.107
    /// Idd (eqs. 7-27, 7-28) scaled by 1.29 onto the 0…129 scale [single secondary source].
    public static func absoluteDelayImpairmentIdd(Ta: Double, mT: Double = 100, sT: Double = 1) -> Double {
        scale * G107.absoluteDelayImpairmentIdd(Ta: Ta, mT: mT, sT: sT)
    }
}
