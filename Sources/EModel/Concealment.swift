/// Who fills a lost packet, as far as the E-model's Bpl is concerned: G.113 publishes Bpl per codec, packet size
/// *and* concealment (G.107 (06/2015) Table 3 note: "Bpl must match the codec, packet size and PLC"), so a Bpl is
/// only the matching value when all three agree.
public enum Concealment: String, Sendable, Codable, Hashable, CaseIterable {
    /// The codec's own concealment (decode of a missing frame): G.729A, AMR, Opus, Speex.
    case native
    /// Nothing: the gap is played as silence (G.113's "G.711 without PLC").
    case silence
    /// MOSLab's repeat-with-fade of the last good packet (not a G.113 condition).
    case `repeat`
    /// ITU-T G.711 Appendix I pitch waveform substitution (G.113's "G.711 with PLC").
    case g711AppendixI = "g711-appendix-i"
}
