/// Fills a lost frame. The receiver calls it for each frame the decoder could not produce (the codec has no PLC
/// or the packet was lost/late), in order, and tells it about every good frame so it can keep history.
public protocol Concealment: Sendable {
    /// A good frame was played.
    mutating func observe(goodFrame: [Float])
    /// Produces `count` samples for an erased frame.
    mutating func conceal(count: Int) -> [Float]
    /// Passes a good frame through: what is played for it (the frame itself unless the method delays or
    /// smooths its output, as G.711 Appendix I does). Calls `observe` by default.
    mutating func process(goodFrame: [Float]) -> [Float]
    /// Samples by which the output lags the input (G.711 Appendix I: 3.75 ms); the receiver removes it.
    var delaySamples: Int { get }
}

extension Concealment {
    public mutating func process(goodFrame: [Float]) -> [Float] {
        observe(goodFrame: goodFrame)
        return goodFrame
    }
    public var delaySamples: Int { 0 }
}

/// Zero insertion: the simplest baseline (MODELS.md §5.3).
public struct SilenceConcealment: Concealment {
    public init() {}
    public mutating func observe(goodFrame: [Float]) {}
    public mutating func conceal(count: Int) -> [Float] { [Float](repeating: 0, count: count) }
}

/// Packet repetition with fade (MODELS.md §5.3): repeat the last good frame, the gain falling by 20 % per 10 ms
/// of erasure (the G.711 Appendix I attenuation rate) to silence after 60 ms; the first repetition
/// cross-fades from the end of the last good frame over 1 ms to avoid a click.
public struct RepeatWithFadeConcealment: Concealment {
    let sampleRate: Int
    var lastGood: [Float] = []
    var erasedSamples = 0
    var previousSample: Float = 0

    public init(sampleRate: Int) { self.sampleRate = sampleRate }

    public mutating func observe(goodFrame: [Float]) {
        lastGood = goodFrame
        erasedSamples = 0
        previousSample = goodFrame.last ?? previousSample
    }

    public mutating func conceal(count: Int) -> [Float] {
        guard !lastGood.isEmpty else {
            erasedSamples += count
            return [Float](repeating: 0, count: count)
        }
        let samplesPer10ms = Double(sampleRate) / 100
        let silenceAfter = 6 * samplesPer10ms
        let crossFade = max(1, sampleRate / 1000)
        var out = [Float](repeating: 0, count: count)
        if sampleRate % 100 == 0 {
            // Whole samples per 10 ms: the gain steps exactly at multiples of them, so it is computed once per step
            // (the same expression, the same value) and the last good frame is walked without a division per sample.
            let step10ms = sampleRate / 100
            let period = lastGood.count
            out.withUnsafeMutableBufferPointer { out in
                lastGood.withUnsafeBufferPointer { good in
                    var i = 0, source = 0
                    while i < count, erasedSamples + i < 6 * step10ms {
                        let step = (erasedSamples + i) / step10ms
                        let gain = Float(max(0, 1 - 0.2 * Double(step)))
                        let end = min(count, (step + 1) * step10ms - erasedSamples)
                        while i < end {
                            out[i] = gain * good[source]
                            source += 1
                            if source == period { source = 0 }
                            i += 1
                        }
                    }
                }
            }
        } else {
            for i in 0..<count {
                let position = Double(erasedSamples + i)
                let gain = max(0, 1 - 0.2 * (position / samplesPer10ms).rounded(.down))
                out[i] = position < silenceAfter ? Float(gain) * lastGood[i % lastGood.count] : 0
            }
        }
        if erasedSamples == 0 {
            for i in 0..<min(crossFade, count) {
                let w = Float(i + 1) / Float(crossFade + 1)
                out[i] = w * out[i] + (1 - w) * previousSample
            }
        }
        erasedSamples += count
        return out
    }
}
