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
    /// Rounds a [-1, 1] float to 16-bit PCM, saturating at the rails.
    @inlinable
    public init(pcm16 value: Float) {
        let scaled = (value * 32768).rounded()
        if scaled >= 32767 { self = .max } else if scaled <= -32768 { self = .min } else { self = Int16(scaled) }
    }
}
