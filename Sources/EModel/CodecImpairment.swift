/// A codec's E-model impairment values (ITU-T G.113), looked up by MOSLab codec name.
///
/// `Ie` is on the scale the codec belongs to: narrowband Ie (G.113 Appendix I, for `G107`) or wideband
/// Ie,WB (G.113 Appendix IV, for `G1071`), as `wideband` says. Never feed one into the other model.
public struct CodecImpairment: Sendable, Codable, Equatable {
    /// MOSLab codec name, e.g. `g729a`.
    public var codec: String
    /// Ie (narrowband) or Ie,WB (wideband).
    public var Ie: Double
    /// Packet-loss robustness factor Bpl (Bpl,WB), or nil where no value is published: then the model cannot
    /// be evaluated with Ppl > 0 unless the user supplies one.
    public var Bpl: Double?
    /// True when the value is not an ITU-T G.113 value: a substitution or a research value (see `source`).
    public var provisional: Bool
    /// True for a wideband (G.107.1, 0…129 scale) value.
    public var wideband: Bool
    /// Whether `Bpl` assumes packet-loss concealment (native to the codec, or G.711 Appendix I for G.711).
    public var plc: Bool
    /// Packet size the Bpl was published for, ms, when known.
    public var bplPacketMs: Double?
    /// Where the values come from, with the table, and any caveat.
    public var source: String

    public init(
        codec: String, Ie: Double, Bpl: Double?, provisional: Bool = false, wideband: Bool = false,
        plc: Bool = true, bplPacketMs: Double? = nil, source: String
    ) {
        self.codec = codec
        self.Ie = Ie
        self.Bpl = Bpl
        self.provisional = provisional
        self.wideband = wideband
        self.plc = plc
        self.bplPacketMs = bplPacketMs
        self.source = source
    }
}

extension CodecImpairment {
    /// The G.113 values for a MOSLab codec name; `plc` chooses G.711 with Appendix I concealment.
    /// Same as `G113.impairment(codec:plc:)`.
    public static func lookup(_ name: String, plc: Bool = false) throws -> CodecImpairment {
        try G113.impairment(codec: name, plc: plc)
    }
}
