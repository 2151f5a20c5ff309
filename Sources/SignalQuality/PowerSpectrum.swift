/// Power spectra of short real frames with the P.862 FFT (`RealFFT`, FFT.swift), for users outside P.862 — the
/// report's spectrograms — so the project has one FFT to test and to speed up.
///
/// Holds its own scratch: one instance per thread (it is cheap to make; the twiddle tables are shared).
public final class PowerSpectrum {
    /// Transform length N (a power of two ≥ 32).
    public let size: Int
    private let fft: RealFFT
    private let input: UnsafeMutablePointer<Double>
    private let packed: UnsafeMutablePointer<Double>
    private let power: UnsafeMutablePointer<Double>

    public init(size: Int) {
        precondition(size >= 32 && size & (size - 1) == 0, "PowerSpectrum size must be a power of two ≥ 32")
        self.size = size
        fft = RealFFT(count: size)
        input = .allocate(capacity: size)
        packed = .allocate(capacity: size)
        power = .allocate(capacity: size / 2)
    }

    deinit {
        input.deallocate()
        packed.deallocate()
        power.deallocate()
    }

    /// |X[k]|² for k = 0 ..< N/2 of the frame `frame[i]·window[i]` (i < N; `frame` shorter than N is zero-padded),
    /// unscaled forward DFT X[k] = Σ x[n]·e^(−j2πkn/N).
    public func callAsFunction(_ frame: [Float], window: [Float]) -> [Float] {
        for i in 0..<size { input[i] = i < frame.count ? Double(frame[i]) * Double(window[i]) : 0 }
        fft.forwardPacked(UnsafePointer(input), count: size, zr: packed, zi: packed + size / 2)
        fft.powerSpectrum(zr: packed, zi: packed + size / 2, into: power)
        return (0..<(size / 2)).map { Float(power[$0]) }
    }
}
