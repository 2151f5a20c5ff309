/// Mono audio as Float32 samples in [-1, 1] (full scale = 0 dBov) at an integer sample rate.
///
/// Every stage of the simulated call passes this value; files are read and written only in `AudioIO`.
public struct AudioBuffer: Sendable, Equatable {
    public var samples: [Float]
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Duration in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Number of samples in `milliseconds` at this buffer's rate (rounded to the nearest sample).
    public func sampleCount(milliseconds: Double) -> Int {
        Int((milliseconds * Double(sampleRate) / 1000).rounded())
    }

    /// Samples converted to 16-bit linear PCM with rounding and saturation, the input G.711 and P.862 expect.
    public var int16Samples: [Int16] {
        samples.map { Int16(pcm16: $0) }
    }

    /// Builds a buffer from 16-bit linear PCM (x / 32768).
    public init(int16 samples: [Int16], sampleRate: Int) {
        self.init(samples: samples.map { Float($0) / 32768 }, sampleRate: sampleRate)
    }
}

extension Int16 {
    /// Rounds a [-1, 1] float to 16-bit PCM (half away from zero), saturating at the rails.
    ///
    /// Written as truncation plus a test of the fraction, which equals `(value * 32768).rounded()` bit for bit
    /// (x − trunc(x) is exact in Float below 2²³) but needs no `roundf` call: every WAV a run writes goes through
    /// here, and the call was a tenth of a network-only run (issue 16).
    @inlinable
    public init(pcm16 value: Float) {
        let scaled = value * 32768
        // rounded() ≥ 32767 exactly when scaled ≥ 32766.5, ≤ −32768 when scaled ≤ −32767.5.
        if scaled >= 32766.5 {
            self = .max
        } else if scaled <= -32767.5 {
            self = .min
        } else {
            let whole = Int32(scaled)
            let fraction = scaled - Float(whole)
            self = Int16(truncatingIfNeeded: whole + (fraction >= 0.5 ? 1 : (fraction <= -0.5 ? -1 : 0)))
        }
    }
}
