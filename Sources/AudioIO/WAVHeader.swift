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

    static func declaredDataBytes(path: String) -> DataChunk? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var header = [UInt8](repeating: 0, count: 12)
        guard fread(&header, 1, 12, file) == 12, header[0..<4].elementsEqual("RIFF".utf8), header[8..<12].elementsEqual("WAVE".utf8) else {
            return nil
        }
        fseek(file, 0, SEEK_END)
        let fileSize = Int(ftell(file))
        var offset = 12
        var blockAlign = 1
        // Walk at most 64 chunks: a hostile header cannot make this loop long.
        for _ in 0..<64 {
            guard offset + 8 <= fileSize, fseek(file, offset, SEEK_SET) == 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 8)
            guard fread(&chunk, 1, 8, file) == 8 else { return nil }
            let size = Int(chunk[4]) | Int(chunk[5]) << 8 | Int(chunk[6]) << 16 | Int(chunk[7]) << 24
            if chunk[0..<4].elementsEqual("fmt ".utf8), size >= 14 {
                var format = [UInt8](repeating: 0, count: 14)
                if fread(&format, 1, 14, file) == 14 { blockAlign = Int(format[12]) | Int(format[13]) << 8 }
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
