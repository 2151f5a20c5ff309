#if canImport(Glibc)
import Glibc
#endif

/// The RIFF/WAVE `data` chunk as the header declares it, for spotting truncated files.
///
/// libsndfile quietly shortens `frames` to what the file holds when a WAV is cut short, so a half-copied reference
/// would be scored as if it were complete. The RIFF header (Microsoft/IBM Multimedia Programming Interface and Data
/// Specifications 1.0, 1991, "RIFF" and "WAVE" chunks) states the data chunk's size; comparing it with the bytes
/// after the chunk header finds the cut. 0 and 0xFFFFFFFF sizes (streamed WAVs) are not checked.
enum WAVHeader {
    struct DataChunk {
        var declared: Int
        var available: Int
        var blockAlign: Int
    }

    /// The data chunk of the WAV file at `path` (nil when it is not a RIFF/WAVE file or the size is not checkable).
    static func declaredDataBytes(path: String) -> DataChunk? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { return nil }
        let fileSize = Int(ftell(file))
        return declaredDataBytes(size: fileSize) { offset, count in
            guard fseek(file, offset, SEEK_SET) == 0 else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            return fread(&bytes, 1, count, file) == count ? bytes : nil
        }
    }

    /// The same for a WAV held in memory (`AudioFile.read(bytes:)`): one walk over the chunks for both.
    static func declaredDataBytes(bytes: [UInt8]) -> DataChunk? {
        declaredDataBytes(size: bytes.count) { offset, count in
            guard offset >= 0, count <= bytes.count - offset else { return nil }
            return Array(bytes[offset..<(offset + count)])
        }
    }

    /// Walks the chunks of a file of `size` bytes; `read(offset, count)` gives exactly `count` bytes or nil.
    private static func declaredDataBytes(size fileSize: Int, read: (Int, Int) -> [UInt8]?) -> DataChunk? {
        guard let header = read(0, 12), header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WAVE".utf8) else {
            return nil
        }
        var offset = 12
        var blockAlign = 1
        // Walk at most 64 chunks: a hostile header cannot make this loop long.
        for _ in 0..<64 {
            guard offset + 8 <= fileSize, let chunk = read(offset, 8) else { return nil }
            let size = Int(chunk[4]) | Int(chunk[5]) << 8 | Int(chunk[6]) << 16 | Int(chunk[7]) << 24
            if chunk[0..<4].elementsEqual("fmt ".utf8), size >= 14, let format = read(offset + 8, 14) {
                blockAlign = Int(format[12]) | Int(format[13]) << 8
            }
            if chunk[0..<4].elementsEqual("data".utf8) {
                guard size != 0, size != 0xFFFF_FFFF else { return nil }
                return DataChunk(declared: size, available: fileSize - offset - 8, blockAlign: blockAlign)
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }
}
