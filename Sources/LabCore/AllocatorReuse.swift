#if canImport(Glibc)
import Glibc

/// glibc's `int mallopt(int param, int value)` (<malloc.h>, which the Glibc module does not import).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

/// Keeps freed buffers in the process's heap for the next use instead of handing them back to the kernel.
///
/// A P.862 call allocates and frees a few megabytes of large buffers (model signals, alignment copies, the
/// 2¹⁷/2¹⁸-point FFT-domain filter spectra; docs/p862.md "Speed and memory"), and every run of a sweep allocates a
/// few clip-length arrays (the receiver's audio, the WAV bytes). With glibc's defaults, buffers above the 128 KB
/// mmap threshold are mapped fresh and the top of the heap is trimmed on free, so each call faulted its pages in
/// again and zeroed them (about 300 page faults per P.862 pair, 5–6 % of its time; 80 per 10 s run, issue 16).
/// Raising the thresholds makes glibc reuse the same pages: a buffer pool, kept by the allocator. It does not raise
/// the peak of one call (the same buffers are alive at once), it keeps that peak resident between calls.
/// Process-wide (`mallopt(3)`), applied once, by whichever of P.862 or the sweep runner comes first.
public enum AllocatorReuse {
    #if canImport(Glibc)
    /// `M_TRIM_THRESHOLD` and `M_MMAP_THRESHOLD` of glibc's <malloc.h> (not part of the Glibc module Swift imports).
    private static let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3
    #endif

    /// Applied on first use (Swift runs a global's initialiser once, thread-safely). True when glibc took both.
    public static let applied: Bool = {
        #if canImport(Glibc)
        // No mmap below 64 MB (well above one P.862 call's ≈ 15 MB and one run's arrays; a 120 s pair still maps);
        // no trimming below 64 MB of free heap top (256 MB kept a 100-run sweep at 145 MB instead of 82 MB).
        return glibcMallopt(mMmapThreshold, 64 << 20) == 1 && glibcMallopt(mTrimThreshold, 64 << 20) == 1
        #else
        return false
        #endif
    }()
}
