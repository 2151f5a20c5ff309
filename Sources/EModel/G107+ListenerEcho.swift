import Foundation

extension G107 {
    /// Listener-echo impairment Idle, G.107 (06/2015) §7.4 eqs. (7-25), (7-26):
    ///
    ///     Idle = (Ro − Rle)/2 + √((Ro − Rle)²/4 + 169)
    ///     Rle  = 10.5·(WEPL + 7)·(Tr + 1)^(−0.25)
    ///
    /// It is not zero at Tr = 0 (WEPL = 110 dB is finite): about 0.149 at the defaults, part of R = 93.2.
    public static func listenerEchoImpairmentIdle(Ro: Double, WEPL: Double, Tr: Double) -> Double {
        let rle = 10.5 * (WEPL + 7) * pow(Tr + 1, -0.25)
        let d = Ro - rle
        return d / 2 + (d * d / 4 + 169).squareRoot()
    }
}
