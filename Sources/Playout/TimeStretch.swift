/// Pitch-synchronous time-scale modification of speech (WSOLA-style), as NetEq's Accelerate and
/// PreemptiveExpand do: find the lag T (one pitch period, 2.5–15 ms) at which the signal best resembles itself,
/// then remove or insert exactly T samples by overlap-adding the two periods with a linear cross-fade, so the
/// waveform stays continuous and the pitch is unchanged. When the best normalised correlation is below the
/// threshold (unvoiced or transient speech) nothing is done — unless the segment is near silence, where any cut
/// is inaudible (NetEq's "low energy" case).
///
/// Reference: W. Verhelst and M. Roelands, "An overlap-add technique based on waveform similarity (WSOLA) for
/// high quality time-scale modification of speech", ICASSP 1993; WebRTC NetEq accelerate.cc / preemptive_expand.cc
/// (correlation threshold 0.9, pitch period 2.5–15 ms) for the decision to skip.
public struct TimeStretch: Sendable {
    public var sampleRate: Int
    /// Smallest and largest pitch period searched, ms.
    public static let minPeriodMs = 2.5
    public static let maxPeriodMs = 15.0
    /// Normalised correlation needed to stretch voiced speech (NetEq: 14746 in Q14 ≈ 0.9).
    public static let correlationThreshold = 0.9
    /// Below this RMS (−60 dBFS) a segment is near silence and is stretched whatever its correlation.
    public static let lowEnergyRMS = 0.001

    public init(sampleRate: Int) { self.sampleRate = sampleRate }

    /// The best period in `minLag...maxLag` for `x` from `start`, with its normalised correlation (coarse search on
    /// every second lag and sample, then refined around the best).
    func bestPeriod(_ x: [Float], start: Int, minLag: Int, maxLag: Int) -> (lag: Int, correlation: Double, rms: Double) {
        guard maxLag >= minLag, start + 2 * maxLag <= x.count else { return (0, 0, 0) }
        func correlation(_ lag: Int, step: Int) -> Double {
            var xy = 0.0, xx = 0.0, yy = 0.0
            var i = start
            while i < start + lag {
                let a = Double(x[i]), b = Double(x[i + lag])
                xy += a * b
                xx += a * a
                yy += b * b
                i += step
            }
            return xx > 0 && yy > 0 ? xy / (xx * yy).squareRoot() : 0
        }
        var best = minLag, bestValue = -2.0
        var lag = minLag
        while lag <= maxLag {
            let value = correlation(lag, step: 2)
            if value > bestValue { bestValue = value; best = lag }
            lag += 2
        }
        let coarse = best
        bestValue = -2
        for candidate in max(minLag, coarse - 1)...min(maxLag, coarse + 1) {
            let value = correlation(candidate, step: 1)
            if value > bestValue { bestValue = value; best = candidate }
        }
        var energy = 0.0
        for i in start..<(start + 2 * best) { energy += Double(x[i]) * Double(x[i]) }
        return (best, bestValue, (energy / Double(2 * best)).squareRoot())
    }

    func lags(maxMs: Double, available: Int) -> (Int, Int) {
        let minLag = Int((Self.minPeriodMs * Double(sampleRate) / 1000).rounded(.up))
        let maxLag = min(Int((min(maxMs, Self.maxPeriodMs) * Double(sampleRate) / 1000).rounded(.down)), available / 2)
        return (minLag, maxLag)
    }

    /// `x` shortened by one pitch period of at most `maxMs` (nothing removed when no period fits or correlation is
    /// too low). Returns the samples removed.
    public func accelerate(_ x: [Float], maxMs: Double) -> (output: [Float], removed: Int) {
        let (minLag, maxLag) = lags(maxMs: maxMs, available: x.count)
        guard maxLag >= minLag else { return (x, 0) }
        let (lag, correlation, rms) = bestPeriod(x, start: 0, minLag: minLag, maxLag: maxLag)
        guard lag > 0, correlation >= Self.correlationThreshold || rms < Self.lowEnergyRMS else { return (x, 0) }
        var out = [Float]()
        out.reserveCapacity(x.count - lag)
        for i in 0..<lag {
            let w = Float(i) / Float(lag)
            out.append(x[i] * (1 - w) + x[i + lag] * w)
        }
        out += x[(2 * lag)...]
        return (out, lag)
    }

    /// `x` lengthened by one pitch period of at most `maxMs` (nothing inserted when no period fits or correlation
    /// is too low). Returns the samples inserted.
    public func preemptiveExpand(_ x: [Float], maxMs: Double) -> (output: [Float], inserted: Int) {
        let (minLag, maxLag) = lags(maxMs: maxMs, available: x.count)
        guard maxLag >= minLag else { return (x, 0) }
        let (lag, correlation, rms) = bestPeriod(x, start: 0, minLag: minLag, maxLag: maxLag)
        guard lag > 0, correlation >= Self.correlationThreshold || rms < Self.lowEnergyRMS else { return (x, 0) }
        var out = Array(x[0..<lag])
        out.reserveCapacity(x.count + lag)
        // After the first period, cross-fade from the second period back into the first, then continue from the
        // second: one period is played twice, with no discontinuity at either join.
        for i in 0..<lag {
            let w = Float(i) / Float(lag)
            out.append(x[lag + i] * (1 - w) + x[i] * w)
        }
        out += x[lag...]
        return (out, lag)
    }
}
