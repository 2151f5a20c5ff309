/// xoshiro256** (Blackman & Vigna, 2018), seeded through SplitMix64.
///
/// We own the generator and the UInt64 → Double mapping so that a seed gives the same stream on every platform
/// and every Swift release (the standard library's generators and `Double.random(in:)` may change).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// A second normal deviate from the last Box–Muller draw, kept so `nextGaussian` is exact and cheap.
    private var spareGaussian: Double?

    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
        spareGaussian = nil
    }

    /// Raw state, for checking against the published xoshiro256** reference outputs.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        spareGaussian = nil
    }

    /// A generator for one stochastic stage: the master seed and a stable label (e.g. `"network.loss"`).
    /// Changing one stage's label or parameters never changes another stage's draws.
    public init(seed: UInt64, stream label: String) {
        self.init(seed: StreamSeed.derive(seed, label))
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = SeededRandom.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededRandom.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits: `(x >> 11) · 2⁻⁵³`.
    @inlinable
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1]: safe for `log`.
    @inlinable
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// True with probability `p` (p ≤ 0 never, p ≥ 1 always, and no draw is skipped either way, so streams stay aligned).
    @inlinable
    public mutating func bernoulli(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// A standard normal deviate by the Box–Muller transform (deterministic, pairs cached).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        let u1 = nextOpenUnit()
        let u2 = nextUnit()
        let radius = (-2 * _log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareGaussian = radius * _sin(angle)
        return radius * _cos(angle)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into well-mixed words.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Stable per-stage seed derivation: FNV-1a 64 of the label, mixed with the master seed.
/// Never `hashValue`, which is randomised per process.
public enum StreamSeed {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    public static func derive(_ seed: UInt64, _ label: String) -> UInt64 {
        var mix = SplitMix64(state: seed ^ fnv1a(label))
        return mix.next()
    }
}
