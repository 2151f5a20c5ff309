/// ITU-T G.711 companding, bit-exact with the ITU-T G.191 STL `g711.c` over all 65,536 inputs
/// (checked against a committed fixture made from the STL; see Tests/SpeechCodecsTests/Fixtures/README.md).
///
/// The rules below are restated from ../shared/MODELS.md §6.3 (facts from G.711 and the STL), in our own code:
/// negatives are truncated by one's complement (not by negation), which is where Python's `audioop` differs on µ-law.
public enum G711 {
    public enum Law: String, Sendable, Codable, CaseIterable { case mu = "u", a = "a" }

    /// µ-law encode: 14-bit magnitude, bias 33, clip at 0x1FFF, segment from the leading one, all bits inverted.
    /// The definition, sample by sample; `encode` looks its codes up in a table built from it.
    @inlinable
    public static func muLawEncode(_ x: Int16) -> UInt8 {
        let value = Int(x)
        var magnitude = (value < 0 ? ~value : value) >> 2
        magnitude = min(magnitude + 33, 0x1FFF)
        var segment = 1
        var high = magnitude >> 6
        while high != 0 { segment += 1; high >>= 1 }
        let mantissa = 15 - ((magnitude >> segment) & 0xF)
        var code = ((8 - segment) << 4) | mantissa
        if value >= 0 { code |= 0x80 }
        return UInt8(code)
    }

    /// µ-law decode: invert, step = 4 << (exponent + 1), half-step reconstruction, minus the bias 132.
    @inlinable
    public static func muLawDecode(_ code: UInt8) -> Int16 {
        let inverted = Int(~code)
        let exponent = (inverted >> 4) & 7
        let mantissa = inverted & 0xF
        let step = 4 << (exponent + 1)
        let magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 132
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// A-law encode: 12 most significant bits (one's complement for negatives), normalised to exponent and
    /// 4-bit mantissa, sign bit set for x ≥ 0, even bits inverted (XOR 0x55).
    /// The definition, sample by sample; `encode` looks its codes up in a table built from it.
    @inlinable
    public static func aLawEncode(_ x: Int16) -> UInt8 {
        let value = Int(x)
        var index = (value < 0 ? ~value : value) >> 4
        if index > 15 {
            var exponent = 1
            while index > 31 { index >>= 1; exponent += 1 }
            index = (index - 16) + (exponent << 4)
        }
        if value >= 0 { index |= 0x80 }
        return UInt8(index ^ 0x55)
    }

    /// A-law decode: undo XOR 0x55, mantissa with the implicit leading one and a half step, shift by exponent − 1.
    @inlinable
    public static func aLawDecode(_ code: UInt8) -> Int16 {
        let value = Int(code ^ 0x55)
        let exponent = (value >> 4) & 7
        var magnitude = value & 0xF
        if exponent > 0 { magnitude += 16 }
        magnitude = (magnitude << 4) + 8
        if exponent > 1 { magnitude <<= (exponent - 1) }
        return Int16(value & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// Decode tables: 256 entries per law, built once from the functions above.
    public static let muLawTable: [Int16] = (0...255).map { muLawDecode(UInt8($0)) }
    public static let aLawTable: [Int16] = (0...255).map { aLawDecode(UInt8($0)) }

    /// Encode tables, built once from the functions above: µ-law depends on `x >> 2` alone (the sign, and the
    /// 14-bit magnitude that one's complement and the shift leave), A-law on `x >> 4` alone (12 bits), so each is
    /// indexed by that value plus half the table. The tests compare `encode` with the STL on all 65,536 inputs.
    static let muLawCodes: [UInt8] = (0..<16384).map { muLawEncode(Int16(truncatingIfNeeded: ($0 - 8192) << 2)) }
    static let aLawCodes: [UInt8] = (0..<4096).map { aLawEncode(Int16(truncatingIfNeeded: ($0 - 2048) << 4)) }

    /// A table lookup per sample into an array of its final size (issue 16: a sweep encodes each clip once, and the
    /// segment search per sample, then `map`'s capacity check per byte, were most of it).
    public static func encode(_ samples: [Int16], law: Law) -> [UInt8] {
        let (table, shift, offset) = law == .mu ? (muLawCodes, 2, 8192) : (aLawCodes, 4, 2048)
        return [UInt8](unsafeUninitializedCapacity: samples.count) { codes, initialized in
            samples.withUnsafeBufferPointer { samples in
                table.withUnsafeBufferPointer { table in
                    for index in samples.indices { codes[index] = table[Int(samples[index] >> shift) + offset] }
                }
            }
            initialized = samples.count
        }
    }

    public static func decode(_ codes: [UInt8], law: Law) -> [Int16] {
        let table = law == .mu ? muLawTable : aLawTable
        return codes.map { table[Int($0)] }
    }
}

/// G.711 as a `SpeechCodec`: 8 kHz, 64 kbit/s, no look-ahead. Framed in 10 ms (80 samples) so packets carry
/// 10–60 ms; it has no internal concealment (the receiver's PLC, e.g. G.711 Appendix I, fills losses).
public struct G711Codec: SpeechCodec {
    public let law: G711.Law
    public init(law: G711.Law) { self.law = law }

    public var descriptor: CodecDescriptor {
        CodecDescriptor(name: law == .mu ? "g711u" : "g711a",
                        displayName: law == .mu ? "G.711 µ-law" : "G.711 A-law",
                        sampleRate: 8000, frameMs: 10, lookaheadSamples: 0, bitrate: 64000,
                        concealsInternally: false, wideband: false, implementation: "pure Swift (bit-exact with the G.191 STL)")
    }

    public func makeEncoder() -> any SpeechEncoder { Encoder(descriptor: descriptor, law: law) }
    public func makeDecoder() -> any SpeechDecoder { Decoder(descriptor: descriptor, law: law) }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let law: G711.Law
        func encode(_ frame: [Int16]) -> [UInt8] { G711.encode(frame, law: law) }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        let law: G711.Law
        func decode(_ payload: [UInt8]?) -> [Int16]? { payload.map { G711.decode($0, law: law) } }
        /// A table lookup per byte (G.711 §2–3): nothing is carried from frame to frame.
        var isStateless: Bool { true }
    }
}
