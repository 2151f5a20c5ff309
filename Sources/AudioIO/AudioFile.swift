import CSndFile
import LabCore

#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing audio files. This is the only file in MOSLab that calls `sf_*` (libsndfile).
public enum AudioFile {
    /// What was read, and what had to be done to make it a mono buffer.
    public struct Info: Sendable, Equatable {
        public var path: String
        public var sampleRate: Int
        public var channels: Int
        public var frames: Int
        /// libsndfile's major/subtype format code.
        public var format: Int32
        public var isFloat: Bool {
            let subtype = Int(format) & Int(SF_FORMAT_SUBMASK)
            return subtype == Int(SF_FORMAT_FLOAT) || subtype == Int(SF_FORMAT_DOUBLE)
        }
    }

    /// How `read` treats files that are not mono: refuse (the default for references) or mix down.
    public enum ChannelPolicy: Sendable { case refuse, mixDown }

    /// Reads WAV/FLAC/… into a mono float buffer in [-1, 1].
    ///
    /// Multichannel input is refused unless `channels: .mixDown`; the sample rate is kept (resample with `Resampler`).
    public static func read(path: String, channels policy: ChannelPolicy = .refuse) throws -> AudioBuffer {
        try readWithInfo(path: path, channels: policy).buffer
    }

    /// The header only (rate, channels, frames), read without allocating the samples: lets a caller refuse a file
    /// that is too long before reading it.
    public static func info(path: String) throws -> Info {
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            return try readWithInfo(path: path, channels: .mixDown).info  // the usual one-line error
        }
        defer { sf_close(handle) }
        return Info(path: path, sampleRate: Int(sfInfo.samplerate), channels: Int(sfInfo.channels),
                    frames: Int(sfInfo.frames), format: sfInfo.format)
    }

    public static func readWithInfo(path: String, channels policy: ChannelPolicy = .refuse) throws -> (buffer: AudioBuffer, info: Info) {
        var status = stat()
        if stat(path, &status) != 0 {
            throw AudioFileError(path: path, "file not found", hint: "check the path; corpus clips live in Corpus/")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw AudioFileError(path: path, "is a directory, not an audio file")
        }
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            let reason = String(cString: sf_strerror(nil))
            throw AudioFileError(path: path, "cannot read audio: \(reason)",
                                 hint: "give a WAV or FLAC file; a truncated or corrupt file must be re-exported")
        }
        defer { sf_close(handle) }
        let info = Info(path: path, sampleRate: Int(sfInfo.samplerate), channels: Int(sfInfo.channels),
                        frames: Int(sfInfo.frames), format: sfInfo.format)
        if info.channels != 1 && policy == .refuse {
            throw AudioFileError(path: path, "has \(info.channels) channels; MOSLab needs mono speech",
                                 hint: "convert it, e.g. `sox \(path) -c 1 mono.wav`")
        }
        guard info.frames > 0 else {
            throw AudioFileError(path: path, "contains no audio samples")
        }
        var interleaved = [Float](repeating: 0, count: info.frames * info.channels)
        let got = interleaved.withUnsafeMutableBufferPointer { sf_readf_float(handle, $0.baseAddress, sf_count_t(info.frames)) }
        guard got == info.frames else {
            throw AudioFileError(path: path, "truncated: read \(got) of \(info.frames) frames",
                                 hint: "the file is corrupt; re-export it")
        }
        var mono: [Float]
        if info.channels == 1 {
            mono = interleaved
        } else {
            mono = [Float](repeating: 0, count: info.frames)
            let scale = 1 / Float(info.channels)
            for frame in 0..<info.frames {
                var sum: Float = 0
                for channel in 0..<info.channels { sum += interleaved[frame * info.channels + channel] }
                mono[frame] = sum * scale
            }
        }
        return (AudioBuffer(samples: mono, sampleRate: info.sampleRate), info)
    }

    /// Sample encodings MOSLab writes.
    public enum Encoding: Sendable { case pcm16, float32 }

    /// Writes a mono WAV atomically: to a temporary file beside `path`, then `rename(2)`.
    /// Refuses to write over any path in `protected` (the run's inputs).
    public static func writeWAV(_ buffer: AudioBuffer, to path: String, encoding: Encoding = .pcm16,
                                protected: Set<String> = []) throws {
        try AtomicFile.checkNotInput(path, protected: protected)
        let temporary = AtomicFile.temporaryPath(for: path)
        var sfInfo = SF_INFO()
        sfInfo.samplerate = Int32(buffer.sampleRate)
        sfInfo.channels = 1
        sfInfo.format = Int32(SF_FORMAT_WAV) | (encoding == .pcm16 ? Int32(SF_FORMAT_PCM_16) : Int32(SF_FORMAT_FLOAT))
        guard let handle = sf_open(temporary, Int32(SFM_WRITE), &sfInfo) else {
            let reason = String(cString: sf_strerror(nil))
            throw AudioFileError(path: path, "cannot write: \(reason)", hint: "check that the output directory exists and is writable")
        }
        var written: sf_count_t = 0
        if encoding == .pcm16 {
            // Round and saturate ourselves so the bytes are exactly `int16Samples` (libsndfile's float→int path may clip differently).
            let pcm = buffer.int16Samples
            written = pcm.withUnsafeBufferPointer { sf_write_short(handle, $0.baseAddress, sf_count_t(pcm.count)) }
        } else {
            written = buffer.samples.withUnsafeBufferPointer { sf_write_float(handle, $0.baseAddress, sf_count_t(buffer.samples.count)) }
        }
        let closeStatus = sf_close(handle)
        guard written == buffer.samples.count, closeStatus == 0 else {
            unlink(temporary)
            throw AudioFileError(path: path, "short write (\(written) of \(buffer.samples.count) samples)", hint: "is the disk full?")
        }
        try AtomicFile.commit(temporary: temporary, to: path)
    }
}
