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

    /// `buffer.int16Samples` (`Int16(pcm16:)` of each sample) through the vectorised conversion the WAVs use
    /// (`convert`, equal to `Int16(pcm16:)` on every finite and infinite input; issue 16, fifth pass: the scalar map was
    /// 39 instructions a sample of each prepared reference). A NaN traps in `Int16(pcm16:)`, so it is looked for
    /// first and traps the same way.
    public static func int16Samples(_ buffer: AudioBuffer) -> [Int16] {
        #if _endian(little)
        return buffer.samples.withUnsafeBufferPointer { source in
            for value in source where value.isNaN { _ = Int16(pcm16: value) }
            return [Int16](unsafeUninitializedCapacity: source.count) { out, initialized in
                convert(source, into: UnsafeMutableRawBufferPointer(out))
                initialized = source.count
            }
        }
        #else
        return buffer.int16Samples
        #endif
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
    ///
    /// Eight samples at a time through `SIMD8` (issue 16, runcost3: the scalar loop was not vectorised, 8.6
    /// instructions a sample, 7–12 % of a network-only run whose audio is new), with the same operations in the same
    /// order on each lane: `Swift.min(x, y)` is `y < x ? y : x` and `Swift.max(x, y)` is `y >= x ? y : x`, which the
    /// lane selects spell out (a NaN passes both, as in the scalar loop), then the same adds and the same tie test.
    /// The bytes are stored as the lanes lie in memory, which is little-endian here (the scalar loop elsewhere).
    static func convert(_ source: UnsafeBufferPointer<Float>, into out: UnsafeMutableRawBufferPointer) {
        let bias: Float = 12_582_912  // 1.5 · 2²³: adding it leaves round-to-nearest-even(x) in the low mantissa bits
        var start = 0
        #if _endian(little)
        if let base = source.baseAddress, let target = out.baseAddress {
            let blocks = source.count / 8
            let scale = SIMD8<Float>(repeating: 32768), high = SIMD8<Float>(repeating: 32767), low = SIMD8<Float>(repeating: -32768)
            let biasLanes = SIMD8<Float>(repeating: bias), half = SIMD8<Float>(repeating: 0.5), zero = SIMD8<Float>(repeating: 0)
            let one = SIMD8<Int32>(repeating: 1), none = SIMD8<Int32>(repeating: 0)
            for block in 0..<blocks {
                let x = UnsafeRawPointer(base + 8 * block).loadUnaligned(as: SIMD8<Float>.self) * scale
                // min(x, 32767), then max(·, -32768), as the scalar loop's Swift.min / Swift.max.
                let capped = x.replacing(with: high, where: high .< x)
                let scaled = capped.replacing(with: low, where: low .>= capped)
                let biased = scaled + biasLanes
                let even = biased - biasLanes
                let tie = scaled - even
                let up = none.replacing(with: one, where: (tie .== half) .& (scaled .> zero))
                let down = none.replacing(with: one, where: (tie .== -half) .& (scaled .< zero))
                let value = unsafeBitCast(biased, to: SIMD8<Int32>.self) &+ up &- down
                UnsafeMutableRawPointer(target + 16 * block).storeBytes(of: SIMD8<UInt16>(truncatingIfNeeded: value), as: SIMD8<UInt16>.self)
            }
            start = blocks * 8
        }
        #endif
        for index in start..<source.count {
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
