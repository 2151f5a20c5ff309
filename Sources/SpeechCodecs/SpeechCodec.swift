/// Encodes one frame of 16-bit linear PCM at the codec's rate into a payload.
public protocol SpeechEncoder {
    var descriptor: CodecDescriptor { get }
    /// `frame.count == descriptor.frameSamples`.
    mutating func encode(_ frame: [Int16]) throws -> [UInt8]
}

/// Decodes one frame's payload. A lost frame is `decode(nil)` (the Opus convention): a codec with its own
/// concealment produces it; one without returns `nil` and the receiver's concealment fills the gap.
public protocol SpeechDecoder {
    var descriptor: CodecDescriptor { get }
    mutating func decode(_ payload: [UInt8]?) throws -> [Int16]?
}

/// A codec the registry can build: a descriptor and fresh encoder/decoder state for each run.
public protocol SpeechCodec: Sendable {
    var descriptor: CodecDescriptor { get }
    func makeEncoder() throws -> any SpeechEncoder
    func makeDecoder() throws -> any SpeechDecoder
}
