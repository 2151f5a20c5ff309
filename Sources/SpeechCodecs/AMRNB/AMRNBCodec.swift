import CAMRNB
import LabCore

/// 3GPP AMR narrowband (TS 26.071/26.090), all eight modes, through opencore-amrnb, DTX off.
///
/// 20 ms frames of 160 samples; the payload is the RFC 4867 §5.3 octet-aligned storage frame (TOC byte +
/// class-ordered bits) that `Encoder_Interface_Encode` writes. Look-ahead 5 ms = 40 samples (TS 26.090 §4.1:
/// 20 ms frame + 5 ms look-ahead), confirmed on speech by CodecDelayTests. A lost frame is decoded with the
/// bad-frame indicator set, which runs the codec's own substitution and muting (TS 26.091).
public struct AMRNBCodec: SpeechCodec {
    /// Modes in enum `Mode` order (MR475 … MR122) with their bit rates (TS 26.071 Table 1).
    public static let modeNames = ["MR475", "MR515", "MR59", "MR67", "MR74", "MR795", "MR102", "MR122"]
    public static let bitrates = [4750, 5150, 5900, 6700, 7400, 7950, 10200, 12200]
    static let library = "opencore-amrnb"

    /// Index into `modeNames`/`bitrates`.
    public let modeIndex: Int

    public init(bitrate: Int = 12200) { modeIndex = Self.bitrates.firstIndex(of: bitrate) ?? 7 }

    /// `12.2`, `7.4`, `4.75`: the kbit/s spelling used in names.
    static func kbps(_ bitrate: Int) -> String {
        var text = String(Double(bitrate) / 1000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    public var descriptor: CodecDescriptor {
        let bitrate = Self.bitrates[modeIndex]
        return CodecDescriptor(name: "amr-nb-\(Self.kbps(bitrate))", displayName: "AMR-NB \(Self.kbps(bitrate)) kbit/s (\(Self.modeNames[modeIndex]))",
                               family: "amr-nb", sampleRate: 8000, frameMs: 20, lookaheadSamples: 40, bitrate: bitrate,
                               bitrates: Self.bitrates, concealsInternally: true, wideband: false, implementation: "opencore-amrnb")
    }

    public var modes: [String] { Self.modeNames + Self.bitrates.map(Self.kbps) }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        var result = self
        if let bitrate {
            try CodecOptions.requireBitrate(bitrate, in: Self.bitrates, descriptor)
            result = AMRNBCodec(bitrate: bitrate)
        }
        if let mode {
            let key = mode.uppercased()
            if let index = Self.modeNames.firstIndex(of: key) {
                result = AMRNBCodec(bitrate: Self.bitrates[index])
            } else if let index = Self.bitrates.map(Self.kbps).firstIndex(of: mode) {
                result = AMRNBCodec(bitrate: Self.bitrates[index])
            } else {
                throw CodecOptions.unknownMode(mode, descriptor, valid: modes)
            }
            if let bitrate, bitrate != result.descriptor.bitrate {
                throw InputError("--bitrate \(bitrate) contradicts AMR-NB mode \(mode) (\(result.descriptor.bitrate) bit/s)")
            }
        }
        return result
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Encoder(descriptor: descriptor, mode: modeIndex) }
    public func makeDecoder() throws -> any SpeechDecoder { try Decoder(descriptor: descriptor) }

    final class EncoderState {
        let state: UnsafeMutableRawPointer
        init() throws {
            state = try CodecError.nonNull(Encoder_Interface_init(0), library: AMRNBCodec.library, function: "Encoder_Interface_init")
        }
        deinit { Encoder_Interface_exit(state) }
    }

    final class DecoderState {
        let state: UnsafeMutableRawPointer
        /// TOC byte of the last good frame: a lost frame is signalled in the same mode.
        var lastHeader: UInt8 = 7 << 3 | 0x04
        init() throws {
            state = try CodecError.nonNull(Decoder_Interface_init(), library: AMRNBCodec.library, function: "Decoder_Interface_init")
        }
        deinit { Decoder_Interface_exit(state) }
    }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let mode: Mode
        let state: EncoderState
        init(descriptor: CodecDescriptor, mode index: Int) throws {
            self.descriptor = descriptor
            mode = Mode(rawValue: UInt32(index))
            state = try EncoderState()
        }
        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: 64)
            let bytes = Encoder_Interface_Encode(state.state, mode, frame, &out, 1)
            guard bytes > 0 else {
                throw CodecError(library: AMRNBCodec.library, function: "Encoder_Interface_Encode", constant: "no frame written", code: Int(bytes))
            }
            return Array(out.prefix(Int(bytes)))
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: DecoderState
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            state = try DecoderState()
        }
        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            var out = [Int16](repeating: 0, count: 160)
            if let payload {
                guard let header = payload.first, (header >> 3) & 0x0F <= 7, payload.count >= 13 else {
                    throw CodecError(library: AMRNBCodec.library, function: "Decoder_Interface_Decode",
                                     constant: "not an octet-aligned AMR-NB speech frame (\(payload.count) bytes)")
                }
                state.lastHeader = header
                Decoder_Interface_Decode(state.state, payload, &out, 0)
            } else {
                // Bad-frame indicator: the decoder substitutes and mutes from its own history.
                var lost = [UInt8](repeating: 0, count: 32)
                lost[0] = state.lastHeader
                Decoder_Interface_Decode(state.state, lost, &out, 1)
            }
            return out
        }
    }
}
