import Foundation

extension G107 {
    /// The total noise power No, dBm0p, and its parts, G.107 (06/2015) §7.2 eqs. (7-3)…(7-7).
    public struct NoisePower: Sendable, Codable, Equatable {
        /// Room noise at the send side as circuit noise at the 0 dBr point, eq. (7-4).
        public var Nos: Double
        /// Room noise at the receive side as circuit noise, eq. (7-5).
        public var Nor: Double
        /// Effective room noise caused by the listener sidetone path, dB(A), eq. (7-6).
        public var Pre: Double
        /// Noise floor at the receive side referred to the 0 dBr point, eq. (7-7).
        public var Nfo: Double
        /// Power sum of Nc, Nos, Nor and Nfo, eq. (7-3).
        public var No: Double
    }

    /// G.107 (06/2015) §7.2:
    /// - (7-3) No = 10·log10(10^(Nc/10) + 10^(Nos/10) + 10^(Nor/10) + 10^(Nfo/10))
    /// - (7-4) Nos = Ps − SLR − Ds − 100 + 0.004·(Ps − OLR − Ds − 14)²
    /// - (7-5) Nor = RLR − 121 + Pre + 0.008·(Pre − 35)²
    /// - (7-6) Pre = Pr + 10·log10(1 + 10^((10 − LSTR)/10))
    /// - (7-7) Nfo = Nfor + RLR
    public static func noisePower(_ p: G107Parameters) -> NoisePower {
        let nos = p.Ps - p.SLR - p.Ds - 100 + 0.004 * pow(p.Ps - p.OLR - p.Ds - 14, 2)
        let pre = p.Pr + 10 * log10(1 + pow(10, (10 - p.LSTR) / 10))
        let nor = p.RLR - 121 + pre + 0.008 * pow(pre - 35, 2)
        let nfo = p.Nfor + p.RLR
        let no = 10 * log10(pow(10, p.Nc / 10) + pow(10, nos / 10) + pow(10, nor / 10) + pow(10, nfo / 10))
        return NoisePower(Nos: nos, Nor: nor, Pre: pre, Nfo: nfo, No: no)
    }
}
