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
        var activity = [Int](repeating: 0, count: thresholdCount)
        var hang = [Int](repeating: hangover, count: thresholdCount)
        var sumSquares = 0.0
        var p = 0.0, q = 0.0
        // Through raw buffers: the same arithmetic in the same order, without a bounds or uniqueness check per
        // threshold and sample (this loop is most of preparing a sweep's reference; issue 16).
        thresholds.withUnsafeBufferPointer { thresholds in
            activity.withUnsafeMutableBufferPointer { activity in
                hang.withUnsafeMutableBufferPointer { hang in
                    buffer.samples.withUnsafeBufferPointer { samples in
                        for sample in samples {
                            let x = Double(sample)
                            sumSquares += x * x
                            p = g * p + (1 - g) * abs(x)
                            q = g * q + (1 - g) * p
                            for j in 0..<thresholdCount {
                                if q >= thresholds[j] {
                                    activity[j] += 1
                                    hang[j] = 0
                                } else if hang[j] < hangover {
                                    activity[j] += 1
                                    hang[j] += 1
                                } else {
                                    break  // thresholds rise with j: q is below every later one too, and their hangovers are spent
                                }
                            }
                        }
                    }
                }
            }
        }
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
