import AudioIO
import Foundation
import LabCore
import SpeechCodecs

/// Stage 1 of a run: the reference as the codec takes it — read, mixed to mono, resampled to the codec's rate and
/// normalised to the spec's active speech level (ITU-T P.56). The result is also what P.862 compares against.
public struct ReferencePreparation: Sendable {
    public var clipPath: String
    public var sampleRate: Int
    public var levelDBov: Double

    public init(clipPath: String, sampleRate: Int, levelDBov: Double) {
        self.clipPath = clipPath
        self.sampleRate = sampleRate
        self.levelDBov = levelDBov
    }

    public struct Output: Sendable {
        /// The processed reference as 16-bit samples and as a buffer.
        public var pcm: [Int16]
        public var processed: AudioBuffer
        /// P.56 level of the clip before normalisation.
        public var measured: ActiveSpeechLevel
        /// What was done to the clip (mixed down, converted, resampled).
        public var notes: [String]
    }

    /// Throws an `InputError` naming the clip when it cannot be read or holds no active speech.
    public func run(codecName: String) throws -> Output {
        var notes: [String] = []
        let (read, info) = try AudioFile.readWithInfo(path: clipPath, channels: .mixDown)
        if info.channels > 1 { notes.append("mixed \(info.channels) channels down to mono") }
        if info.isFloat { notes.append("float samples converted to 16-bit") }
        var reference = read
        if read.sampleRate != sampleRate {
            reference = try Resampler.resample(read, to: sampleRate)
            notes.append("resampled \(read.sampleRate) Hz to \(sampleRate) Hz for \(codecName)")
        }
        let (normalized, measured, _) = reference.normalized(toActiveLevel: levelDBov)
        guard measured.levelDB > ActiveSpeechLevel.silenceLevel else {
            throw InputError(file: clipPath, "reference is silent (no active speech by P.56)", hint: "use a speech recording")
        }
        // `normalized.int16Samples`, vectorised (WAVBytes.int16Samples).
        let pcm = WAVBytes.int16Samples(normalized)
        return Output(pcm: pcm, processed: AudioBuffer(int16: pcm, sampleRate: sampleRate), measured: measured, notes: notes)
    }
}
