/// ITU-T G.711 Appendix I packet-loss concealment (AT&T "LowcFE"; pitch waveform substitution), implemented from
/// the behaviour MODELS.md §5.1 sets out (constants from the STL's `lowcfe.h`, cited there):
///
/// - Every output sample leaves a 48.75 ms history buffer 30 samples (3.75 ms) late, so the quarter-period
///   overlap-add at the start of an erasure can still change samples not yet played. `delaySamples` reports it.
/// - At the start of an erasure the pitch is estimated over lags 40…120 samples (5–15 ms): the last 20 ms are
///   correlated with earlier segments, score Σxₗxᵣ/√max(Σxᵣ², 250), coarse search at every 2nd lag and sample, then a
///   fine search ±1 lag. The last pitch period is played cyclically, its wrap-around smoothed by a quarter-period
///   triangular overlap-add that is also written back into the not-yet-played history.
/// - At 10 ms and 20 ms into the erasure one more period is added to the pitch buffer (3 periods from 20 ms on), with a
///   quarter-period overlap-add from the old to the new position.
/// - The gain falls linearly by 0.2 per 10 ms from 10 ms on (1 → 0.8 over 10–20 ms, …, 0.2 → 0 over 50–60 ms): silence
///   from 60 ms.
/// - The first good frame after an erasure is cross-faded from the synthetic continuation over
///   pitch/4 + (erased 10 ms frames − 1)·32 samples (at most 80), the continuation scaled by 1 − 0.2·(frames − 1).
///
/// Appendix I is defined at 8 kHz; at other rates the sample constants scale with rate/8000 (an extension).
public struct G711AppendixIConcealment: Concealment {
    let scale: Int
    let pitchMin: Int, pitchMax: Int, historyLength: Int, correlationLength: Int, frame10ms: Int
    public let delaySamples: Int
    var history: [Float]
    // Erasure state.
    var erasedSamples = 0
    var pitch = 0
    var quarter = 0
    var source: [Float] = []          // the history at the start of the erasure, tail smoothed
    var buffer: [Float] = []          // the pitch buffer being played (1…3 periods)
    var periods = 0
    var offset = 0

    public init(sampleRate: Int = 8000) {
        scale = max(1, sampleRate / 8000)
        pitchMin = 40 * scale
        pitchMax = 120 * scale
        delaySamples = 30 * scale                 // POVERLAPMAX = PITCH_MAX/4
        historyLength = 390 * scale               // HISTORYLEN = 3·PITCH_MAX + POVERLAPMAX
        correlationLength = 160 * scale           // CORRLEN, 20 ms
        frame10ms = 80 * scale
        history = [Float](repeating: 0, count: historyLength)
    }

    public mutating func observe(goodFrame: [Float]) { _ = process(goodFrame: goodFrame) }

    public mutating func process(goodFrame: [Float]) -> [Float] {
        var frame = goodFrame.map { $0 * 32768 }
        if erasedSamples > 0 {
            let erasedFrames = (erasedSamples + frame10ms - 1) / frame10ms
            let length = min(quarter + (erasedFrames - 1) * 32 * scale, frame10ms, frame.count)
            let gain = Float(max(0, 1 - 0.2 * Double(erasedFrames - 1)))
            if length > 0 {
                // Linear cross-fade: the real signal's weight rises from 1/len, the synthetic's falls from
                // (1 − 1/len)·gain.
                for i in 0..<length {
                    let w = Float(i + 1) / Float(length)
                    frame[i] = (1 - w) * gain * nextPitchSample() + w * frame[i]
                }
            }
            erasedSamples = 0
        }
        return push(frame)
    }

    public mutating func conceal(count: Int) -> [Float] {
        var synthetic = [Float](repeating: 0, count: count)
        if erasedSamples == 0 { startErasure() }
        for i in 0..<count {
            let e = erasedSamples
            // At 10 and 20 ms into the erasure, one more pitch period joins the buffer.
            if e > 0 && e % frame10ms == 0 && e / frame10ms <= 2 { addPeriod() }
            let gain: Double
            if e < frame10ms { gain = 1 } else { gain = max(0, 1 - 0.2 * Double(e - frame10ms) / Double(frame10ms)) }
            let sample = nextPitchSample()
            synthetic[i] = e >= 6 * frame10ms ? 0 : Float(gain) * sample
            erasedSamples += 1
        }
        return push(synthetic)
    }

    /// Appends to the history and returns the samples that leave it, `delaySamples` behind.
    mutating func push(_ samples: [Float]) -> [Float] {
        history += samples
        let end = history.count - delaySamples
        let out = history[(end - samples.count)..<end].map { $0 / 32768 }
        if history.count > 4 * historyLength { history.removeFirst(history.count - historyLength) }
        return out
    }

    mutating func startErasure() {
        let h = Array(history.suffix(historyLength))
        pitch = Self.findPitch(h, pitchMin: pitchMin, pitchMax: pitchMax, correlationLength: correlationLength, scale: scale)
        quarter = pitch / 4
        source = h                     // the original history: every wrap smoothing starts from its tail
        // Smooth the wrap of the one-period buffer and write the quarter back into the not-yet-played history.
        let smoothed = wrapSmoothed(periods: 1)
        for i in 0..<quarter { history[history.count - quarter + i] = smoothed[pitch - quarter + i] }
        buffer = smoothed
        periods = 1
        offset = 0
    }

    /// The last `periods` pitch periods of the source, the final quarter period of the original signal cross-faded
    /// (linear weights, 1 − k/q falling and k/q rising, k = 1…q) into the quarter that precedes the buffer, so cyclic
    /// playback wraps without a jump.
    func wrapSmoothed(periods: Int) -> [Float] {
        let n = source.count, length = periods * pitch
        var buffer = Array(source[(n - length)..<n])
        guard quarter > 0 else { return buffer }
        for i in 0..<quarter {
            let rw = Float(i + 1) / Float(quarter)
            let left = source[n - quarter + i]
            let right = source[n - length - quarter + i]
            buffer[length - quarter + i] = (1 - rw) * left + rw * right
        }
        return buffer
    }

    mutating func addPeriod() {
        guard periods < 3 else { return }
        let old = buffer, oldOffset = offset
        periods += 1
        buffer = wrapSmoothed(periods: periods)
        // Continue at the same phase in the earliest period of the longer buffer, cross-fading a quarter period
        // from the old buffer's continuation.
        offset = oldOffset
        while offset > pitch { offset -= pitch }
        guard quarter > 0 else { return }
        var olaOffset = offset
        var oldIndex = oldOffset
        var blended: [Float] = []
        for i in 0..<quarter {
            let rw = Float(i + 1) / Float(quarter)
            blended.append((1 - rw) * old[oldIndex] + rw * buffer[olaOffset])
            oldIndex = (oldIndex + 1) % old.count
            olaOffset = (olaOffset + 1) % buffer.count
        }
        pendingBlend = blended
    }

    var pendingBlend: [Float] = []

    /// The pitch (samples) estimated at the start of the last erasure.
    public var estimatedPitch: Int { pitch }

    mutating func nextPitchSample() -> Float {
        guard !buffer.isEmpty else { return 0 }
        var sample = buffer[offset]
        if !pendingBlend.isEmpty { sample = pendingBlend.removeFirst() }
        offset = (offset + 1) % buffer.count
        return sample
    }

    /// Pitch in samples: the lag (pitchMin…pitchMax) whose segment best matches the last `correlationLength` samples,
    /// by Σxₗxᵣ/√max(Σxᵣ², 250): coarse at every 2nd lag and sample from the longest lag down (ties keep the shorter
    /// lag), then ±1 lag at full resolution, again from the longest (ties keep the longer lag).
    static func findPitch(_ h: [Float], pitchMin: Int, pitchMax: Int, correlationLength: Int, scale: Int) -> Int {
        let n = h.count
        let left = n - correlationLength
        func score(_ lag: Int, step: Int) -> Double {
            var cross = 0.0, energy = 0.0
            var i = 0
            while i < correlationLength {
                let r = Double(h[left - lag + i])
                cross += Double(h[left + i]) * r
                energy += r * r
                i += step
            }
            return cross / max(energy, 250).squareRoot()
        }
        var best = pitchMax, bestScore = -Double.infinity
        var lag = pitchMax
        while lag >= pitchMin {
            let s = score(lag, step: 2)
            if s >= bestScore { bestScore = s; best = lag }
            lag -= 2
        }
        var fine = best, fineScore = -Double.infinity
        for candidate in stride(from: min(pitchMax, best + 1), through: max(pitchMin, best - 1), by: -1) {
            let s = score(candidate, step: 1)
            if s > fineScore { fineScore = s; fine = candidate }
        }
        return fine
    }
}
