import CSampleRate
import LabCore

/// Sample-rate conversion. This is the only file in MOSLab that calls `src_*` (libsamplerate).
public enum Resampler {
    /// libsamplerate converter quality; `bestSinc` is the default because references must stay clean.
    public enum Quality: Int32, Sendable { case bestSinc = 0, mediumSinc = 1, fastestSinc = 2 }

    /// Converts `buffer` to `rate`; the output has round(n · rate / inRate) samples, so durations are preserved.
    public static func resample(_ buffer: AudioBuffer, to rate: Int, quality: Quality = .bestSinc) throws -> AudioBuffer {
        if buffer.sampleRate == rate { return buffer }
        let ratio = Double(rate) / Double(buffer.sampleRate)
        let outCount = Int((Double(buffer.samples.count) * ratio).rounded())
        var output = [Float](repeating: 0, count: outCount + 16)
        var generated = 0
        let status: Int32 = buffer.samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(input.count)
                data.data_out = out.baseAddress
                data.output_frames = Int(out.count)
                data.end_of_input = 1
                data.src_ratio = ratio
                let result = src_simple(&data, quality.rawValue, 1)
                generated = Int(data.output_frames_gen)
                return result
            }
        }
        guard status == 0 else {
            throw InputError("libsamplerate failed: \(String(cString: src_strerror(status)))",
                             hint: "resampling \(buffer.sampleRate) Hz to \(rate) Hz")
        }
        output.removeSubrange(min(generated, output.count)...)
        if output.count < outCount { output += [Float](repeating: 0, count: outCount - output.count) }
        output.removeSubrange(outCount...)
        return AudioBuffer(samples: output, sampleRate: rate)
    }
}
