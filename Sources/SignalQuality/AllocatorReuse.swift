#if canImport(Glibc)
import Glibc

/// glibc's `int mallopt(int param, int value)` (<malloc.h>, which the Glibc module does not import).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

/// Keeps freed scoring buffers in the process's heap for the next call instead of handing them back to the kernel.
///
/// One P.862 call allocates and frees a few megabytes of large buffers (the model signals, their alignment copies,
/// the 2¹⁷/2¹⁸-point FFT-domain filter spectra; docs/p862.md "Speed and memory"). With glibc's defaults, buffers
/// above the mmap threshold are mapped fresh and the top of the heap is trimmed on free, so every call faulted its
/// pages in again and zeroed them (about 300 page faults per pair, 5–6 % of the scoring time under perf). Raising
/// the trim and mmap thresholds makes glibc reuse the same pages across calls — the buffer pool, kept by the
/// allocator. It does not raise the peak of one call (the same buffers are alive at once), only keeps that peak
/// resident between calls. Settings are process-wide (`mallopt(3)`), applied once; other C libraries are left as
/// they are.
enum AllocatorReuse {
    #if canImport(Glibc)
    /// `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` of glibc's <malloc.h> (not part of the Glibc module Swift imports).
    private static let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3
    #endif

    /// Applied on first use (Swift runs a global's initialiser once, thread-safely).
    static let applied: Bool = {
        #if canImport(Glibc)
        // 64 MB: well above one call's buffers (≈ 14 MB for a 10 s wideband pair, 120 s pairs ≈ 120 MB still map).
        let bytes: Int32 = 64 << 20
        return glibcMallopt(mTrimThreshold, bytes) == 1 && glibcMallopt(mMmapThreshold, bytes) == 1
        #else
        return false
        #endif
    }()
}
