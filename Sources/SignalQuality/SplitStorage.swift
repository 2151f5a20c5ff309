/// Where the arrays of the large transforms live in memory. Only addresses change here, never a value or an
/// operation: every transform computes the same bits wherever its arrays are (docs/p862.md, "Large transforms:
/// cache sets and alignment").
///
/// Two facts of the L1 data cache decide the speed of the long-stride passes (AMD Zen 4 and most x86-64 cores:
/// 32 kB, 8 ways, 64 sets of 64-byte lines, so addresses 4 kB apart share a set):
/// - A radix-2² pass whose quarters lie a multiple of 4 kB apart reads and writes the four quarters of the real
///   parts, the four of the imaginary parts and four twiddle streams. With the imaginary array a multiple of 4 kB
///   after the real one (as with M/2 values each, back to back) all twelve lines fall in one 8-way set and evict
///   each other between the load and the store of the same vector. With the imaginary parts half a way (2 kB)
///   further, and the sine table 1 kB after the cosine one, at most six lines share a set and the pass streams.
/// - A 64-byte vector load from an address that is not 64-byte aligned touches two lines. Swift arrays and
///   `allocate(capacity:)` give 16-byte alignment, so AVX-512 loads of doubles split nearly always.
enum SplitLayout {
    /// The L1 way size: addresses this many bytes apart share a set.
    static let wayBytes = 4096

    /// Elements from the start of one array of `count` elements of `stride` bytes to the start of the next one
    /// placed after it, 64-byte aligned (if the first is), with the second `setOffset` bytes (mod 4 kB) after the
    /// first in the set index.
    static func offset(after count: Int, stride: Int, setOffset: Int) -> Int {
        let end = (count * stride + 63) / 64 * 64
        let gap = ((setOffset - end % wayBytes) % wayBytes + wayBytes) % wayBytes
        return (end + gap) / stride
    }
}

/// Split complex storage: `count` real parts and `count` imaginary parts in one 64-byte aligned allocation, the
/// imaginary parts 2 kB (mod 4 kB) after the real ones in the cache's set index (`SplitLayout`). Owned by one
/// transform or one filter input; freed with it.
final class SplitStorage<T> {
    let count: Int
    let re: UnsafeMutablePointer<T>
    let im: UnsafeMutablePointer<T>
    private let base: UnsafeMutableRawPointer

    /// The block is allocated with malloc's own alignment and 64 bytes more, and aligned inside: an aligned
    /// allocation (`posix_memalign`) asks the heap for the alignment and a minimum chunk on top of the size, so the
    /// hole a freed buffer leaves is too small for the next signal's buffer of the same size and the heap grows
    /// (measured: +1.6 MB on the 10 s wideband pair's peak with the default kernels, +4 MB portable).
    init(count: Int) {
        let stride = MemoryLayout<T>.stride
        let imOffset = SplitLayout.offset(after: count, stride: stride, setOffset: 2048)
        self.count = count
        base = .allocate(byteCount: (imOffset + count) * stride + 64, alignment: 16)
        let aligned = base + ((64 - Int(bitPattern: base) & 63) & 63)
        re = aligned.bindMemory(to: T.self, capacity: imOffset + count)
        im = re + imOffset
    }

    deinit { base.deallocate() }
}
