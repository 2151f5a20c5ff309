/// A codec's frame length and look-ahead, ms: the parts of mouth-to-ear delay that the codec adds
/// (used by the network MOS calculator to build Ta). Facts of each codec's own specification, not of G.113.
public struct CodecTiming: Sendable, Codable, Equatable {
    public var frameMs: Double
    public var lookaheadMs: Double
    public var source: String

    public init(frameMs: Double, lookaheadMs: Double, source: String) {
        self.frameMs = frameMs
        self.lookaheadMs = lookaheadMs
        self.source = source
    }
}
