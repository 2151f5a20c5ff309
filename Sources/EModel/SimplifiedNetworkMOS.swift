/// The simplified "network MOS" that many VoIP calculators print. **Not ITU-T**: shown beside the E-model so
/// users see where the two differ.
///
/// Variant A of docs/emodel.md (as in Perl Algorithm::MOS and baresip): latency, jitter in ms, loss in percent,
///
///     EL = latency + 2·jitter + 10
///     R  = 93.2 − EL/40            if EL < 160
///        = 93.2 − (EL − 120)/10    otherwise
///     R −= 2.5·loss
///     MOS = G.107 eq. (B-4) on R (MOSLab clamps to [1, 4.5]; some calculators do not)
///
/// It ignores the codec, the loss burstiness, and echo; "latency" there is often a ping round-trip time.
public struct SimplifiedNetworkMOS: Sendable, Codable, Equatable {
    public static let name = "simplified calculator formula (Algorithm::MOS / baresip style, not ITU-T)"
    public var effectiveLatencyMs: Double
    public var R: Double
    public var MOS: Double

    public init(latencyMs: Double, jitterMs: Double, lossPercent: Double) {
        let el = latencyMs + 2 * jitterMs + 10
        var r = el < 160 ? 93.2 - el / 40 : 93.2 - (el - 120) / 10
        r -= 2.5 * lossPercent
        effectiveLatencyMs = el
        R = r
        MOS = G107.mos(fromR: r)
    }
}
