import LabCore

/// The bytes of a 16-bit PCM WAV file, built in memory so a run writes each WAV with one `write` and hashes it
/// without reading it back (issue 16 part 2: libsndfile's writer, the float → int16 map and the read-back for the
/// digest were a third of a network-only run).
///
/// The layout is the canonical one libsndfile writes for `SF_FORMAT_WAV | SF_FORMAT_PCM_16` (Microsoft/IBM
/// Multimedia Programming Interface and Data Specifications 1.0, 1991, "RIFF", "WAVE", "fmt " with
/// WAVE_FORMAT_PCM = 1, then "data"): a 44-byte header and the samples little-endian, so the bytes equal
/// `AudioFile.writeWAV`'s (the test suite compares them).
public enum WAVBytes {
    /// Size of the canonical header (RIFF 12 + fmt 24 + data chunk header 8).
    public static let headerBytes = 44

    /// A WAV of `samples` (already 16-bit).
    public static func pcm16(_ samples: [Int16], sampleRate: Int, channels: Int = 1) -> [UInt8] {
        build(count: samples.count, sampleRate: sampleRate, channels: channels) { out in
            samples.withUnsafeBytes { source in
                out.copyMemory(from: source)
            }
        }
    }

    /// A WAV of a float buffer in [-1, 1], each sample rounded and saturated exactly as `Int16(pcm16:)` does.
    public static func pcm16(_ buffer: AudioBuffer) -> [UInt8] {
        build(count: buffer.samples.count, sampleRate: buffer.sampleRate, channels: 1) { out in
            buffer.samples.withUnsafeBufferPointer { source in
                convert(source, into: out)
            }
        }
    }

    private static func build(count: Int, sampleRate: Int, channels: Int,
                              fill: (UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
        let dataBytes = count * 2
        return [UInt8](unsafeUninitializedCapacity: headerBytes + dataBytes) { storage, initialized in
            let raw = UnsafeMutableRawBufferPointer(storage)
            func put32(_ value: Int, at offset: Int) { raw.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: offset, as: UInt32.self) }
            func put16(_ value: Int, at offset: Int) { raw.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: offset, as: UInt16.self) }
            func tag(_ text: StaticString, at offset: Int) {
                for index in 0..<4 { raw[offset + index] = text.utf8Start[index] }
            }
            tag("RIFF", at: 0)
            put32(headerBytes - 8 + dataBytes, at: 4)
            tag("WAVE", at: 8)
            tag("fmt ", at: 12)
            put32(16, at: 16)                               // fmt chunk size
            put16(1, at: 20)                                // WAVE_FORMAT_PCM
            put16(channels, at: 22)
            put32(sampleRate, at: 24)
            put32(sampleRate * channels * 2, at: 28)        // bytes per second
            put16(channels * 2, at: 32)                     // block align
            put16(16, at: 34)                               // bits per sample
            tag("data", at: 36)
            put32(dataBytes, at: 40)
            fill(UnsafeMutableRawBufferPointer(rebasing: raw[headerBytes...]))
            initialized = headerBytes + dataBytes
        }
    }

    /// `Int16(pcm16:)` over a whole buffer, written so the compiler vectorises it: clamp to the rails, round to
    /// nearest with the 1.5·2²³ addition (exact for |x| ≤ 2¹⁵), then move exact ties away from zero — the same
    /// half-away-from-zero rounding and saturation, bit for bit (the test suite checks every 16-bit step and its
    /// half-way points). The integer is read from the low bits of the biased float, so no float → int conversion
    /// (and no trap) is needed.
    static func convert(_ source: UnsafeBufferPointer<Float>, into out: UnsafeMutableRawBufferPointer) {
        let bias: Float = 12_582_912  // 1.5 · 2²³: adding it leaves round-to-nearest-even(x) in the low mantissa bits
        for index in 0..<source.count {
            let scaled = Swift.max(Swift.min(source[index] * 32768, 32767), -32768)
            let biased = scaled + bias
            let even = biased - bias
            let tie = scaled - even
            // A tie rounded towards zero by round-to-even: move it away from zero.
            let up: Int32 = tie == 0.5 && scaled > 0 ? 1 : 0
            let down: Int32 = tie == -0.5 && scaled < 0 ? 1 : 0
            let value = Int32(bitPattern: biased.bitPattern) &+ up &- down
            out.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: 2 * index, as: UInt16.self)
        }
    }
}
