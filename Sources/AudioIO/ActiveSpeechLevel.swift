import LabCore

#if canImport(Glibc)
import Glibc
#endif

/// ITU-T P.56 method B active speech level (objective measurement of active speech level).
///
/// Parameters from P.56 §B.1 as restated in ../shared/MODELS.md §6.2 (facts from the STL manual):
/// envelope time constant T = 0.03 s, hangover H = 0.2 s, margin M = 15.9 dB, thresholds c_j = 2^(j−15), j = 0…14
/// (one 16-bit LSB to half full scale). Levels are in dBov: a full-scale square wave is 0 dBov.
///
/// Difference from the STL (stated, as MODELS.md asks): the STL finds the level where A − C = M by bisection to a
/// 0.5 dB tolerance; we solve the same linear interpolation between the bracketing thresholds exactly, so our level
/// can differ from the STL's by up to that tolerance and is never worse.
public struct ActiveSpeechLevel: Sendable, Equatable {
    /// Active speech level in dBov (−100 for silence).
    public var levelDB: Double
    /// Fraction of time counted active, 0…1.
    public var activityFactor: Double
    /// Long-term (whole-file) RMS level in dBov.
    public var longTermLevelDB: Double

    public static let silenceLevel = -100.0
    static let timeConstant = 0.03
    static let hangoverSeconds = 0.2
    static let marginDB = 15.9
    static let thresholdCount = 15

    public static func measure(_ buffer: AudioBuffer) -> ActiveSpeechLevel {
        let rate = Double(buffer.sampleRate)
        let g = exp(-1 / (rate * timeConstant))
        let hangover = Int((hangoverSeconds * rate).rounded())
        let thresholds = (0..<thresholdCount).map { pow(2.0, Double($0 - 15)) }
        let (activity, sumSquares) = counts(buffer.samples, g: g, hangover: hangover)
        let n = Double(buffer.samples.count)
        guard n > 0, sumSquares > 0 else {
            return ActiveSpeechLevel(levelDB: silenceLevel, activityFactor: 0, longTermLevelDB: silenceLevel)
        }
        let longTerm = 10 * log10(sumSquares / n)
        func activeLevel(_ j: Int) -> Double { 10 * log10(sumSquares / Double(activity[j])) }
        func thresholdLevel(_ j: Int) -> Double { 20 * log10(thresholds[j]) }
        guard activity[0] > 0, activeLevel(0) - thresholdLevel(0) >= marginDB else {
            return ActiveSpeechLevel(levelDB: silenceLevel, activityFactor: 0, longTermLevelDB: longTerm)
        }
        var level = activeLevel(0)
        for j in 1..<thresholdCount {
            guard activity[j] > 0 else { break }
            let difference = activeLevel(j) - thresholdLevel(j)
            if difference <= marginDB {
                let previous = activeLevel(j - 1) - thresholdLevel(j - 1)
                let t = (previous - marginDB) / (previous - difference)
                level = activeLevel(j - 1) + t * (activeLevel(j) - activeLevel(j - 1))
                break
            }
            level = activeLevel(j)
        }
        let factor = min(1, pow(10, (longTerm - level) / 10))
        return ActiveSpeechLevel(levelDB: level, activityFactor: factor, longTermLevelDB: longTerm)
    }

    /// P.56 method B's activity counts a_j (samples counted active at threshold c_j = 2^(j−15): the envelope q ≥ c_j,
    /// or at most H = 0.2 s since it last was) and the sum of squares, for `measure`.
    ///
    /// The definition walks the 15 thresholds at every sample (above → count, hangover reset; below → count while
    /// the hangover lasts). This gives the same counts with the same envelope arithmetic in the same order, but
    /// without that walk (issue 16, third pass: it was most of preparing a sweep's reference): the thresholds are
    /// powers of two, so the k_n thresholds that q_n reaches are read from q_n's binary exponent, and a histogram of
    /// k_n gives the "above" counts at the end. Sample n is active at a threshold it does not reach exactly when the
    /// last sample that reached it is at most H samples back; those last times only change for the thresholds q
    /// stopped reaching, and they fall with j (whatever reaches c_j reaches every lower one), so the walk over the
    /// thresholds above k_n stops at the first one past its hangover, as the definition's does. The test suite
    /// compares the counts with the definition's on speech, tones, silence and bursts.
    static func counts(_ samples: [Float], g: Double, hangover: Int) -> (activity: [Int], sumSquares: Double) {
        var sumSquares = 0.0
        var p = 0.0, q = 0.0
        // reached[k]: samples where q reached exactly the k lowest thresholds (k = 0…15).
        var reached = [Int](repeating: 0, count: thresholdCount + 1)
        // Samples counted active by the hangover alone, per threshold.
        var hung = [Int](repeating: 0, count: thresholdCount)
        // lastReached[j]: the last sample where q ≥ c_j, valid for j ≥ the previous sample's k (below it, that
        // previous sample); far enough back to mean "never".
        var lastReached = [Int](repeating: Int.min / 2, count: thresholdCount)
        var previousK = 0
        let half = 0.5, lowest = 1.0 / 32_768  // c_14 = 2^−1, c_0 = 2^−15
        reached.withUnsafeMutableBufferPointer { reached in
            hung.withUnsafeMutableBufferPointer { hung in
                lastReached.withUnsafeMutableBufferPointer { lastReached in
                    samples.withUnsafeBufferPointer { samples in
                        for n in 0..<samples.count {
                            let x = Double(samples[n])
                            sumSquares += x * x
                            p = g * p + (1 - g) * abs(x)
                            q = g * q + (1 - g) * p
                            // q ≥ 2^(j−15) ⟺ j ≤ exponent(q) + 15 for a normal q ≥ 2^−15 (NaN reaches none).
                            let k = q >= half ? thresholdCount : (q >= lowest ? Int(q.exponent) + 16 : 0)
                            if k < previousK {
                                for j in k..<previousK { lastReached[j] = n - 1 }
                            }
                            previousK = k
                            reached[k] += 1
                            var j = k
                            while j < thresholdCount, n - lastReached[j] <= hangover {
                                hung[j] += 1
                                j += 1
                            }
                        }
                    }
                }
            }
        }
        var activity = hung
        var above = 0
        for k in stride(from: thresholdCount, to: 0, by: -1) {
            above += reached[k]
            activity[k - 1] += above  // samples with k > j reached c_j
        }
        return (activity, sumSquares)
    }
}

extension AudioBuffer {
    /// The buffer scaled so that its P.56 active speech level is `targetDB` dBov (−26 dBov is P.862 practice).
    /// Returns the measured level before scaling and the gain applied, for the result file.
    public func normalized(toActiveLevel targetDB: Double) -> (buffer: AudioBuffer, measured: ActiveSpeechLevel, gainDB: Double) {
        let measured = ActiveSpeechLevel.measure(self)
        guard measured.levelDB > ActiveSpeechLevel.silenceLevel else { return (self, measured, 0) }
        let gainDB = targetDB - measured.levelDB
        let gain = Float(pow(10, gainDB / 20))
        return (AudioBuffer(samples: samples.map { $0 * gain }, sampleRate: sampleRate), measured, gainDB)
    }
}
