/// A fast 64-bit hash of a buffer's bytes, to find runs of a sweep whose audio came out identical (issue 16 part 2):
/// four independent multiply–xor lanes over 8-byte words, so it runs at memory speed. It only picks candidates;
/// reuse always compares the bytes themselves, so a collision costs a comparison, never a wrong result.
enum ContentHash {
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        // Odd 64-bit multipliers (the golden ratio and SplitMix64's constants).
        let k: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xBF58_476D_1CE4_E5B9, 0x94D0_49BB_1331_11EB, 0xD6E8_FEB8_6659_FD93)
        var h = (UInt64(bytes.count), k.0, k.1, k.2)
        let words = bytes.count / 32
        for index in 0..<words {
            let base = index * 32
            h.0 = (h.0 ^ bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self)) &* k.0
            h.1 = (h.1 ^ bytes.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self)) &* k.1
            h.2 = (h.2 ^ bytes.loadUnaligned(fromByteOffset: base + 16, as: UInt64.self)) &* k.2
            h.3 = (h.3 ^ bytes.loadUnaligned(fromByteOffset: base + 24, as: UInt64.self)) &* k.3
        }
        for offset in (words * 32)..<bytes.count { h.0 = (h.0 ^ UInt64(bytes[offset])) &* k.0 }
        var hash = h.0 ^ (h.1 >> 29) ^ (h.2 << 17) ^ (h.3 >> 7)
        hash = (hash ^ (hash >> 31)) &* k.1
        return hash ^ (hash >> 29)
    }

    static func of<T>(_ array: [T]) -> UInt64 { array.withUnsafeBytes { of($0) } }
}
