#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CDigest

/// Which implementation computes `FileDigest.fnv1a64` of a long buffer: the byte-serial definition in C
/// (`portable`), or the AVX2 or AVX-512 kernel of Sources/CDigest, which split the hash into its low byte's
/// trajectory (bit by bit a prefix XOR) and a polynomial in the prime with independent terms (fnv1a64.c derives it;
/// docs/cluster.md, "Fifth pass: FNV-1a"). All give the same 64 bits; only the speed differs (issue 16: the hash of
/// each run's new 160 kB WAV was a tenth of a network-only run, at four cycles a byte, one multiply's latency).
public enum FNV1a64Kernel: Int, Sendable, Comparable, CaseIterable {
    case portable
    case avx2
    case avx512

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Whether this processor and its OS run the kernel's instructions (CPUID and XCR0, checked once per process in C
    /// compiled for the baseline, so safe anywhere; CPUID traps to the hypervisor in a VM, so it is not asked per
    /// hash). Nothing of a wide kernel runs unless this is true.
    public var isAvailable: Bool { Self.available[rawValue] }

    private static let available: [Bool] = [
        true, moslab_fnv1a64_avx2_available() != 0, moslab_fnv1a64_avx512_available() != 0,
    ]

    /// The fastest kernel this processor runs.
    public static let best: FNV1a64Kernel = allCases.last(where: \.isAvailable) ?? .portable

    /// The kernel chosen once per process: the best available, unless the environment variable
    /// `MOSLAB_DIGEST_KERNEL` (`portable`, `avx2`, `avx512`) asks for less (to compare speeds and test each).
    public static let processDefault: FNV1a64Kernel = {
        guard let name = getenv("MOSLAB_DIGEST_KERNEL").map({ String(cString: $0) }),
              let asked = allCases.first(where: { "\($0)" == name }) else { return best }
        return min(asked, best)
    }()

    /// FNV-1a 64 of `bytes`, continuing from `hash`. The kernel must be available.
    public func hash(_ bytes: UnsafeRawBufferPointer, from hash: UInt64) -> UInt64 {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return hash }
        precondition(isAvailable, "FNV-1a kernel \(self) is not available on this processor")
        switch self {
        case .portable: return moslab_fnv1a64_portable(base, bytes.count, hash)
        case .avx2: return moslab_fnv1a64_avx2(base, bytes.count, hash)
        case .avx512: return moslab_fnv1a64_avx512(base, bytes.count, hash)
        }
    }
}
