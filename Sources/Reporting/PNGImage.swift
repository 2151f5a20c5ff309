import Foundation
/// A minimal PNG writer for small palette images (spectrograms in the HTML report).
///
/// Why our own: Foundation on Linux has no compression API and Reporting must not link zlib, yet the report
/// embeds two spectrograms per run, so they must stay small. Images are indexed colour (bit depth 4 or 8),
/// compressed with a greedy LZ77 + fixed-Huffman DEFLATE (RFC 1951 §3.2.6) inside a zlib stream (RFC 1950).
/// Quiet frames are runs of the palette's first entry, which LZ77 shrinks to a few bytes.
public enum PNGImage {
    /// Encodes `indices` (row-major, `width × height`, each < palette.count ≤ 256) as a PNG file.
    public static func encode(width: Int, height: Int, indices: [UInt8], palette: [(UInt8, UInt8, UInt8)]) -> [UInt8] {
        precondition(indices.count == width * height && !palette.isEmpty && palette.count <= 256)
        let bitDepth = palette.count <= 16 ? 4 : 8
        let rowBytes = bitDepth == 4 ? (width + 1) / 2 : width
        var raw: [UInt8] = []
        raw.reserveCapacity((rowBytes + 1) * height)
        for y in 0..<height {
            raw.append(0)  // filter: none (palette images compress best unfiltered)
            let row = indices[(y * width)..<((y + 1) * width)]
            if bitDepth == 8 {
                raw.append(contentsOf: row)
            } else {
                var x = row.startIndex
                while x < row.endIndex {
                    let high = row[x] & 0x0F
                    let low = x + 1 < row.endIndex ? row[x + 1] & 0x0F : 0
                    raw.append(high << 4 | low)
                    x += 2
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [UInt8(bitDepth), 3, 0, 0, 0])  // colour type 3: indexed
        appendChunk("IHDR", header, to: &png)
        appendChunk("PLTE", palette.flatMap { [$0.0, $0.1, $0.2] }, to: &png)
        appendChunk("IDAT", Deflate.zlib(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// `data:image/png;base64,…` for an `<img src>`.
    public static func dataURI(_ png: [UInt8]) -> String {
        "data:image/png;base64," + Data(png).base64EncodedString()
    }

    static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        png.append(contentsOf: typed)
        png.appendBigEndian(CRC32.checksum(typed))
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }
}

/// CRC-32 (ISO 3309, as PNG chunks use it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// Greedy LZ77 with fixed Huffman codes (RFC 1951 §3.2.6), wrapped as a zlib stream (RFC 1950).
enum Deflate {
    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                    115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                      1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                       12, 12, 13, 13]

    struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var count = 0

        /// Writes `length` bits of `value`, least significant first (DEFLATE's order for everything but codes).
        mutating func write(_ value: Int, _ length: Int) {
            buffer |= UInt32(value) << UInt32(count)
            count += length
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xFF))
                buffer >>= 8
                count -= 8
            }
        }

        /// Writes a Huffman code, most significant bit first.
        mutating func writeCode(_ code: Int, _ length: Int) {
            var reversed = 0
            for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            write(reversed, length)
        }

        mutating func flush() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
            buffer = 0
            count = 0
            return bytes
        }
    }

    static func writeLiteral(_ symbol: Int, _ writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeCode(0x30 + symbol, 8)
        case 144...255: writer.writeCode(0x190 + symbol - 144, 9)
        case 256...279: writer.writeCode(symbol - 256, 7)
        default: writer.writeCode(0xC0 + symbol - 280, 8)
        }
    }

    static func writeMatch(length: Int, distance: Int, _ writer: inout BitWriter) {
        var code = lengthBase.count - 1
        while lengthBase[code] > length { code -= 1 }
        writeLiteral(257 + code, &writer)
        if lengthExtra[code] > 0 { writer.write(length - lengthBase[code], lengthExtra[code]) }
        var dcode = distanceBase.count - 1
        while distanceBase[dcode] > distance { dcode -= 1 }
        writer.writeCode(dcode, 5)
        if distanceExtra[dcode] > 0 { writer.write(distance - distanceBase[dcode], distanceExtra[dcode]) }
    }

    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes = [0x78, 0x01]  // deflate, 32 KiB window, fastest; (0x7801 % 31 == 0)
        writer.write(1, 1)  // BFINAL
        writer.write(1, 2)  // BTYPE = 01, fixed Huffman
        let hashSize = 1 << 14
        var head = [Int](repeating: -1, count: hashSize)
        var previous = [Int](repeating: -1, count: data.count)
        func hash(_ i: Int) -> Int {
            (Int(data[i]) << 10 ^ Int(data[i + 1]) << 5 ^ Int(data[i + 2])) & (hashSize - 1)
        }
        func insert(_ i: Int) {
            guard i + 2 < data.count else { return }
            let h = hash(i)
            previous[i] = head[h]
            head[h] = i
        }
        var i = 0
        while i < data.count {
            var bestLength = 0, bestDistance = 0
            if i + 2 < data.count {
                var candidate = head[hash(i)]
                var chain = 16
                while candidate >= 0 && i - candidate <= 32768 && chain > 0 {
                    var length = 0
                    let limit = min(258, data.count - i)
                    while length < limit && data[candidate + length] == data[i + length] { length += 1 }
                    if length > bestLength { bestLength = length; bestDistance = i - candidate }
                    if length == limit { break }
                    candidate = previous[candidate]
                    chain -= 1
                }
            }
            if bestLength >= 3 {
                writeMatch(length: bestLength, distance: bestDistance, &writer)
                for j in i..<(i + bestLength) { insert(j) }
                i += bestLength
            } else {
                writeLiteral(Int(data[i]), &writer)
                insert(i)
                i += 1
            }
        }
        writeLiteral(256, &writer)
        var out = writer.flush()
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        out.appendBigEndian(b << 16 | a)
        return out
    }
}
