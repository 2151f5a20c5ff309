import LabCore

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
    /// True when `decode(payload)` depends on the payload alone (no state carried between frames, no internal
    /// concealment), so a frame decoded once can stand for any later decode of the same payload (issue 16 part 2:
    /// a sweep's runs reuse the no-loss decode). False by default: only a decoder that is provably stateless says so.
    var isStateless: Bool { get }
    /// False when the output also depends on state outside the decoder (a library-wide random generator, as
    /// libcodec2's was before each coder got its own), so two decoders fed the same calls may differ: nothing decoded
    /// elsewhere may then stand for this decoder's output. Every decoder here is replayable.
    var isReplayable: Bool { get }
}

extension SpeechDecoder {
    public var isStateless: Bool { false }
    public var isReplayable: Bool { true }
}

/// A codec the registry can build: a descriptor and fresh encoder/decoder state for each run.
public protocol SpeechCodec: Sendable {
    var descriptor: CodecDescriptor { get }
    func makeEncoder() throws -> any SpeechEncoder
    func makeDecoder() throws -> any SpeechDecoder
    /// The same codec family at another bit rate or mode (`--bitrate`, `--mode`); the error lists the valid ones.
    func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec
    /// Valid `--mode` values (empty when the codec has none).
    var modes: [String] { get }
}

extension SpeechCodec {
    public var modes: [String] { [] }

    /// Default for single-rate, mode-less codecs: only the codec's own bit rate is accepted.
    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        try CodecOptions.refuseMode(mode, descriptor)
        if let bitrate { try CodecOptions.requireBitrate(bitrate, in: descriptor.bitrates, descriptor) }
        return self
    }
}

/// Validation of `--bitrate` and `--mode` shared by every family: errors name the valid values.
public enum CodecOptions {
    static func requireBitrate(_ bitrate: Int, in valid: [Int], _ descriptor: CodecDescriptor) throws {
        guard valid.contains(bitrate) else {
            throw InputError("\(descriptor.family) does not support \(bitrate) bit/s",
                             hint: "valid bit rates: \(valid.map(String.init).joined(separator: ", ")) bit/s")
        }
    }

    static func refuseMode(_ mode: String?, _ descriptor: CodecDescriptor) throws {
        if let mode { throw InputError("\(descriptor.family) has no modes (got '\(mode)')", hint: "omit --mode") }
    }

    static func unknownMode(_ mode: String, _ descriptor: CodecDescriptor, valid: [String]) -> InputError {
        InputError("unknown \(descriptor.family) mode '\(mode)'", hint: "valid modes: \(valid.joined(separator: ", "))")
    }
}
