/// What a codec is, as the pipeline and the E-model need to know it.
public struct CodecDescriptor: Sendable, Equatable, Codable {
    /// Registry name used in specs (`g711u`).
    public var name: String
    /// Human name (`G.711 µ-law`).
    public var displayName: String
    /// Family the codec belongs to (`g726`, `amr-nb`, `opus-nb`): `--bitrate`/`--mode` choose within it.
    public var family: String
    /// Native sampling rate in Hz.
    public var sampleRate: Int
    /// Frame length in milliseconds: packets carry a whole number of frames, so ptime must be a multiple of it.
    public var frameMs: Double
    /// Look-ahead (algorithmic delay beyond the frame) in samples; removed from the output so it lines up.
    /// For wrapped C codecs this is the delay of the library's encode→decode path as measured on speech
    /// (Tests/SpeechCodecsTests/CodecDelayTests.swift), checked against the codec's specification where it gives one.
    public var lookaheadSamples: Int
    /// Bit rate in bit/s.
    public var bitrate: Int
    /// Every bit rate the family offers (`--bitrate` values), bit/s.
    public var bitrates: [Int]
    /// True when `decode(nil)` conceals a lost frame itself (codec PLC); false when the receiver's concealment is used.
    public var concealsInternally: Bool
    /// Is this a wideband codec (G.107.1 rather than G.107 applies)?
    public var wideband: Bool
    /// The library that does the coding (`pure Swift`, `libopus 1.3.1` …).
    public var implementation: String

    public init(name: String, displayName: String, family: String? = nil, sampleRate: Int, frameMs: Double,
                lookaheadSamples: Int, bitrate: Int, bitrates: [Int]? = nil, concealsInternally: Bool, wideband: Bool,
                implementation: String = "pure Swift") {
        self.name = name
        self.displayName = displayName
        self.family = family ?? name
        self.sampleRate = sampleRate
        self.frameMs = frameMs
        self.lookaheadSamples = lookaheadSamples
        self.bitrate = bitrate
        self.bitrates = bitrates ?? [bitrate]
        self.concealsInternally = concealsInternally
        self.wideband = wideband
        self.implementation = implementation
    }

    /// Samples in one frame at the native rate.
    public var frameSamples: Int { Int((frameMs * Double(sampleRate) / 1000).rounded()) }

    /// Look-ahead in milliseconds.
    public var lookaheadMs: Double { Double(lookaheadSamples) * 1000 / Double(sampleRate) }
}
