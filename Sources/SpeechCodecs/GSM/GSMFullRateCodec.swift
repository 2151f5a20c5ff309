import CGSM
import LabCore

/// GSM 06.10 full rate (RPE-LTP, 13 kbit/s) through libgsm (Jutta Degener & Carsten Bormann, TU Berlin).
///
/// 20 ms frames of 160 samples → 33 bytes, no look-ahead. libgsm has no concealment (GSM 06.11 substitution is
/// a separate recommendation it does not implement): the receiver conceals.
public struct GSMFullRateCodec: SpeechCodec {
    public init() {}

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "gsm-fr", displayName: "GSM 06.10 full rate", family: "gsm-fr", sampleRate: 8000,
                        frameMs: 20, lookaheadSamples: 0, bitrate: 13200, concealsInternally: false, wideband: false,
                        implementation: "libgsm")
    }

    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        try CodecOptions.refuseMode(mode, descriptor)
        // 13 kbit/s is the name everyone uses; 13.2 kbit/s is 33 bytes every 20 ms.
        if let bitrate, bitrate != 13000 { try CodecOptions.requireBitrate(bitrate, in: [13200], descriptor) }
        return self
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Coder(descriptor: descriptor) }
    public func makeDecoder() throws -> any SpeechDecoder { try Coder(descriptor: descriptor) }

    static let library = "libgsm"

    final class State {
        let handle: gsm
        init() throws { handle = try CodecError.nonNull(gsm_create(), library: GSMFullRateCodec.library, function: "gsm_create") }
        deinit { gsm_destroy(handle) }
    }

    struct Coder: SpeechEncoder, SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: State
        init(descriptor: CodecDescriptor) throws {
            self.descriptor = descriptor
            state = try State()
        }

        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: 33)
            // gsm_encode and gsm_decode only read their input (the prototypes lack `const`): no copies.
            frame.withUnsafeBufferPointer { gsm_encode(state.handle, UnsafeMutablePointer(mutating: $0.baseAddress), &out) }
            return out
        }

        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard let payload else { return nil }
            guard payload.count == 33 else {
                throw CodecError(library: GSMFullRateCodec.library, function: "gsm_decode", constant: "payload of \(payload.count) bytes ≠ 33")
            }
            var out = [Int16](repeating: 0, count: 160)
            let result = payload.withUnsafeBufferPointer { gsm_decode(state.handle, UnsafeMutablePointer(mutating: $0.baseAddress), &out) }
            // gsm_decode returns -1 when the frame's magic nibble is wrong (not a GSM frame).
            guard result == 0 else {
                throw CodecError(library: GSMFullRateCodec.library, function: "gsm_decode", constant: "invalid frame signature", code: Int(result))
            }
            return out
        }
    }
}
