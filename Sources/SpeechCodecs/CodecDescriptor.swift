/// What a codec is, as the pipeline and the E-model need to know it.
public struct CodecDescriptor: Sendable, Equatable, Codable {
    /// Registry name used in specs (`g711u`).
    public var name: String
    /// Human name (`G.711 µ-law`).
    public var displayName: String
    /// Native sampling rate in Hz.
    public var sampleRate: Int
    /// Frame length in milliseconds: packets carry a whole number of frames, so ptime must be a multiple of it.
    public var frameMs: Double
    /// Look-ahead (algorithmic delay beyond the frame) in samples; removed from the output so it lines up.
    public var lookaheadSamples: Int
    /// Bit rate in bit/s.
    public var bitrate: Int
    /// True when `decode(nil)` conceals a lost frame itself (codec PLC); false when the receiver's concealment is used.
    public var concealsInternally: Bool
    /// Is this a wideband codec (G.107.1 rather than G.107 applies)?
    public var wideband: Bool

    public init(name: String, displayName: String, sampleRate: Int, frameMs: Double, lookaheadSamples: Int,
                bitrate: Int, concealsInternally: Bool, wideband: Bool) {
        self.name = name
        self.displayName = displayName
        self.sampleRate = sampleRate
        self.frameMs = frameMs
        self.lookaheadSamples = lookaheadSamples
        self.bitrate = bitrate
        self.concealsInternally = concealsInternally
        self.wideband = wideband
    }

    /// Samples in one frame at the native rate.
    public var frameSamples: Int { Int((frameMs * Double(sampleRate) / 1000).rounded()) }
}
