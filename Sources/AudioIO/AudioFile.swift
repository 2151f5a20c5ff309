import CSndFile
import Foundation
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

        public init(path: String, sampleRate: Int, channels: Int, frames: Int, format: Int32) {
            self.path = path; self.sampleRate = sampleRate; self.channels = channels; self.frames = frames
            self.format = format
        }

        /// What libsndfile reported on opening `path`.
        init(path: String, _ sfInfo: SF_INFO) {
            self.init(path: path, sampleRate: Int(sfInfo.samplerate), channels: Int(sfInfo.channels),
                      frames: Int(sfInfo.frames), format: sfInfo.format)
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

    /// Everything `read` checks that needs no samples (opens, format, duration, truncation), for checking clips
    /// before a sweep starts.
    public static func checkHeader(path: String) throws {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            throw AudioFileError(path: path, "file not found", hint: "check the path; corpus clips live in Corpus/")
        }
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            throw AudioFileError(path: path, "cannot read audio: \(String(cString: sf_strerror(nil)))",
                                 hint: "give a WAV or FLAC file; a truncated or corrupt file must be re-exported")
        }
        sf_close(handle)
        let info = Info(path: path, sfInfo)
        try checkFormat(info, dataChunk: WAVHeader.declaredDataBytes(path: path))
        // Only float files can hold NaN, infinities or garbage magnitudes, and only their samples show it: those are
        // read in full (bounded by the duration limit just checked), so `validate` and `run` refuse such a reference
        // before any run starts instead of failing the run (issue 14: validate refuses what run refuses).
        if info.isFloat { _ = try readWithInfo(path: path, channels: .mixDown) }
    }

    /// Frames, rate, channels, duration and truncation against the limits, before anything is allocated.
    /// `dataChunk` is the WAV header's own account of its data (nil when not a WAV or not checkable).
    static func checkFormat(_ info: Info, dataChunk: WAVHeader.DataChunk?) throws {
        let path = info.path
        guard info.frames > 0 else {
            throw AudioFileError(path: path, "contains no audio samples")
        }
        guard (1...maximumSampleRate).contains(info.sampleRate), (1...maximumChannels).contains(info.channels) else {
            throw AudioFileError(path: path, "has an implausible format (\(info.sampleRate) Hz, \(info.channels) channels)",
                                 hint: "give a WAV or FLAC at 8–48 kHz")
        }
        let seconds = Double(info.frames) / Double(info.sampleRate)
        guard seconds <= maximumSeconds else {
            throw AudioFileError(path: path, "is \(fixed(seconds, 1)) s long; MOSLab scores clips up to \(Int(maximumSeconds)) s (10 min)",
                                 hint: "cut it into shorter clips, e.g. `sox \(path) part.wav trim 0 \(Int(maximumSeconds)) : newfile : restart`")
        }
        if let declared = dataChunk, declared.available < declared.declared {
            let frameBytes = max(1, declared.blockAlign)
            throw AudioFileError(path: path, "truncated: its header declares \(declared.declared / frameBytes) frames, the file holds \(declared.available / frameBytes)",
                                 hint: "the file is cut short; re-export or re-copy it")
        }
    }

    /// The header only (rate, channels, frames), read without allocating the samples: lets a caller refuse a file
    /// that is too long before reading it.
    public static func info(path: String) throws -> Info {
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            return try readWithInfo(path: path, channels: .mixDown).info  // the usual one-line error
        }
        defer { sf_close(handle) }
        return Info(path: path, sfInfo)
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
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else { throw openFailure(path) }
        defer { sf_close(handle) }
        let info = Info(path: path, sfInfo)
        return try decode(handle, info: info, channels: policy, dataChunk: WAVHeader.declaredDataBytes(path: path))
    }

    /// Reads an audio file held in memory (`bytes`, named `name` in errors) exactly as `read(path:)` reads one on
    /// disk: libsndfile opens it through `sf_open_virtual` over the bytes, and the same header, format, duration,
    /// truncation and sample checks and the same decoding follow. The fuzzer (`moslab-fuzz wav`) feeds this path,
    /// so what it exercises is the product's parsing code without a scratch file per input.
    public static func read(bytes: [UInt8], name: String, channels policy: ChannelPolicy = .refuse) throws -> AudioBuffer {
        try readWithInfo(bytes: bytes, name: name, channels: policy).buffer
    }

    /// `readWithInfo(path:)` for a file held in memory (see `read(bytes:name:channels:)`).
    public static func readWithInfo(bytes: [UInt8], name: String, channels policy: ChannelPolicy = .refuse) throws -> (buffer: AudioBuffer, info: Info) {
        let source = MemoryAudioSource(bytes)
        var sfInfo = SF_INFO()
        guard let handle = source.open(&sfInfo) else { throw openFailure(name) }
        defer { sf_close(handle) }
        let info = Info(path: name, sfInfo)
        return try withExtendedLifetime(source) {
            try decode(handle, info: info, channels: policy, dataChunk: WAVHeader.declaredDataBytes(bytes: bytes))
        }
    }

    /// libsndfile refused to open `name` (on disk or in memory): its reason, one line.
    private static func openFailure(_ name: String) -> AudioFileError {
        AudioFileError(path: name, "cannot read audio: \(String(cString: sf_strerror(nil)))",
                       hint: "give a WAV or FLAC file; a truncated or corrupt file must be re-exported")
    }

    /// Everything after opening, shared by files on disk and in memory: channel policy, format and duration limits,
    /// truncation, reading the frames, sample checks, mix-down.
    private static func decode(_ handle: OpaquePointer, info: Info, channels policy: ChannelPolicy,
                               dataChunk: WAVHeader.DataChunk?) throws -> (buffer: AudioBuffer, info: Info) {
        let path = info.path
        if info.channels != 1 && policy == .refuse {
            throw AudioFileError(path: path, "has \(info.channels) channels; MOSLab needs mono speech",
                                 hint: "convert it, e.g. `sox \(path) -c 1 mono.wav`")
        }
        try checkFormat(info, dataChunk: dataChunk)
        var interleaved = [Float](repeating: 0, count: info.frames * info.channels)
        let got = interleaved.withUnsafeMutableBufferPointer { sf_readf_float(handle, $0.baseAddress, sf_count_t(info.frames)) }
        guard got == info.frames else {
            throw AudioFileError(path: path, "truncated: read \(got) of \(info.frames) frames",
                                 hint: "the file is corrupt; re-export it")
        }
        try checkSamples(interleaved, info: info)
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

    /// The longest clip MOSLab reads (10 min): peak memory through the pipeline grows ~80 MB per minute of audio
    /// (README, "Benchmarks"), so a 3-hour file would fail to allocate instead of being refused.
    public static let maximumSeconds = 600.0
    static let maximumSampleRate = 384_000
    static let maximumChannels = 64
    /// Float samples beyond ±4 (12 dB over full scale) are not audio but garbage (one 1e30 sample made a 557 dBov
    /// "reference" and a signal MOS of 4.55).
    public static let maximumFloatMagnitude: Float = 4

    /// Refuses NaN and infinite samples (always garbage) and float samples far outside ±1, naming the first.
    static func checkSamples(_ samples: [Float], info: Info) throws {
        for (index, sample) in samples.enumerated() where !sample.isFinite || abs(sample) > maximumFloatMagnitude {
            let frame = index / max(1, info.channels)
            let time = fixed(Double(frame) / Double(info.sampleRate), 3)
            if sample.isNaN {
                throw AudioFileError(path: path(info), "sample \(frame) (at \(time) s) is NaN", hint: "the file holds invalid floats; re-export it")
            }
            if !sample.isFinite {
                throw AudioFileError(path: path(info), "sample \(frame) (at \(time) s) is infinite", hint: "the file holds invalid floats; re-export it")
            }
            throw AudioFileError(path: path(info), "sample \(frame) (at \(time) s) is \(sample), far outside the ±1 of full scale",
                                 hint: "float audio must lie within ±1; normalise it, e.g. `sox \(info.path) --norm=-1 fixed.wav`")
        }
    }

    private static func path(_ info: Info) -> String { info.path }

    /// Sample encodings MOSLab writes.
    public enum Encoding: Sendable { case pcm16, float32 }

    /// Writes a mono WAV atomically: to a temporary file beside `path`, then `rename(2)`.
    /// Refuses to write over any path in `protected` (the run's inputs).
    public static func writeWAV(_ buffer: AudioBuffer, to path: String, encoding: Encoding = .pcm16,
                                protected: Set<String> = []) throws {
        try AtomicFile.checkNotInput(path, protected: protected)
        let temporary = AtomicFile.temporaryPath(for: path)
        // A leftover temporary of a killed run may be a hard link to another output: libsndfile would truncate it
        // in place, so the name is freed first (as `AtomicFile.write` does).
        unlink(temporary)
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
