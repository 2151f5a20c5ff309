import CCodec2
import CCodec2Random
import LabCore

/// Codec 2 (David Rowe), the open low-rate vocoder, through libcodec2: 3200 down to 700C bit/s at 8 kHz.
///
/// A vocoder: it rebuilds speech from a sinusoidal model, so the waveform (and its phase) is not preserved;
/// its delay is measured on the energy envelope (CodecDelayTests), not the waveform. Frames are 20 ms (3200,
/// 2400) or 40 ms (1600 and below). libcodec2 has no concealment: the receiver conceals.
public struct Codec2Codec: SpeechCodec {
    public struct Mode: Sendable, Equatable {
        public var name: String
        var constant: Int32
        public var bitrate: Int
        var frameMs: Double
        var lookahead: Int
    }

    /// Modes (codec2.h `CODEC2_MODE_*`) with frame lengths from `codec2_samples_per_frame`. Look-ahead: the median,
    /// over eight corpus clips, of the energy-envelope delay of libcodec2's encode→decode (21 ms for 3200/2400,
    /// 22 ms for the 40 ms modes, 32 ms for 700C); the spread between clips is about ±3 ms.
    public static let all: [Mode] = [
        Mode(name: "3200", constant: CODEC2_MODE_3200, bitrate: 3200, frameMs: 20, lookahead: 168),
        Mode(name: "2400", constant: CODEC2_MODE_2400, bitrate: 2400, frameMs: 20, lookahead: 168),
        Mode(name: "1600", constant: CODEC2_MODE_1600, bitrate: 1600, frameMs: 40, lookahead: 176),
        Mode(name: "1400", constant: CODEC2_MODE_1400, bitrate: 1400, frameMs: 40, lookahead: 176),
        Mode(name: "1300", constant: CODEC2_MODE_1300, bitrate: 1300, frameMs: 40, lookahead: 176),
        Mode(name: "1200", constant: CODEC2_MODE_1200, bitrate: 1200, frameMs: 40, lookahead: 176),
        Mode(name: "700C", constant: CODEC2_MODE_700C, bitrate: 700, frameMs: 40, lookahead: 256),
    ]
    static let library = "libcodec2"

    public let mode: Mode

    public init(mode name: String = "3200") { mode = Self.all.first { $0.name == name.uppercased() } ?? Self.all[0] }

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: "codec2-\(mode.name.lowercased())", displayName: "Codec 2 \(mode.name)", family: "codec2",
                        sampleRate: 8000, frameMs: mode.frameMs, lookaheadSamples: mode.lookahead, bitrate: mode.bitrate,
                        bitrates: Self.all.map(\.bitrate), concealsInternally: false, wideband: false,
                        implementation: "libcodec2")
    }

    public var modes: [String] { Self.all.map(\.name) }

    public func configured(bitrate: Int?, mode name: String?) throws -> any SpeechCodec {
        var result = self
        if let bitrate {
            try CodecOptions.requireBitrate(bitrate, in: Self.all.map(\.bitrate), descriptor)
            result = Codec2Codec(mode: Self.all.first { $0.bitrate == bitrate }!.name)
        }
        if let name {
            guard let found = Self.all.first(where: { $0.name == name.uppercased() }) else {
                throw CodecOptions.unknownMode(name, descriptor, valid: modes)
            }
            if let bitrate, bitrate != found.bitrate {
                throw InputError("--bitrate \(bitrate) contradicts Codec 2 mode \(found.name) (\(found.bitrate) bit/s)")
            }
            result = Codec2Codec(mode: found.name)
        }
        return result
    }

    public func makeEncoder() throws -> any SpeechEncoder { try Coder(codec: self) }
    public func makeDecoder() throws -> any SpeechDecoder { try Coder(codec: self) }

    final class State {
        let state: OpaquePointer
        let samples: Int
        let bytes: Int
        /// This coder's own `codec2_rand` state (codec2_random.c): starts where the library's does, in a fresh process.
        var random: UInt64 = 1
        init(mode: Mode) throws {
            state = try CodecError.nonNull(codec2_create(mode.constant), library: Codec2Codec.library, function: "codec2_create")
            samples = Int(codec2_samples_per_frame(state))
            bytes = Int(codec2_bytes_per_frame(state))
        }
        deinit { codec2_destroy(state) }

        /// Runs a libcodec2 call with this coder's random state installed on the current thread, so that its output
        /// depends only on the frames this coder has seen (not on other decoders, threads or `--jobs`).
        /// How many draws libcodec2 took from MOSLab's generator on this thread; 0 after a decode would mean the
        /// interposition is not active and decoders share the library's process-wide state again.
        static var randomDrawsOnThisThread: UInt64 { moslab_codec2_random_draws() }

        func withOwnRandom<T>(_ body: () -> T) -> T {
            let outer = moslab_codec2_random_exchange(random)
            defer { random = moslab_codec2_random_exchange(outer) }
            return body()
        }
    }

    struct Coder: SpeechEncoder, SpeechDecoder {
        let descriptor: CodecDescriptor
        let state: State
        init(codec: Codec2Codec) throws {
            descriptor = codec.descriptor
            state = try State(mode: codec.mode)
            // The library's frame must be the descriptor's, or the pipeline would frame it wrongly.
            guard state.samples == descriptor.frameSamples else {
                throw CodecError(library: Codec2Codec.library, function: "codec2_samples_per_frame",
                                 constant: "\(state.samples) samples, expected \(descriptor.frameSamples)")
            }
        }

        func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var out = [UInt8](repeating: 0, count: state.bytes)
            // codec2_encode only reads the speech (the prototype lacks `const`): no copy of the frame.
            state.withOwnRandom {
                frame.withUnsafeBufferPointer { codec2_encode(state.state, &out, UnsafeMutablePointer(mutating: $0.baseAddress)) }
            }
            return out
        }

        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard let payload else { return nil }
            guard payload.count == state.bytes else {
                throw CodecError(library: Codec2Codec.library, function: "codec2_decode",
                                 constant: "payload of \(payload.count) bytes ≠ \(state.bytes)")
            }
            var out = [Int16](repeating: 0, count: state.samples)
            state.withOwnRandom { codec2_decode(state.state, &out, payload) }
            return out
        }
    }
}
