import Foundation
import Testing
@testable import SpeechCodecs

/// Golden tests against the ITU-T G.191 STL `g711.c`, run over all 65,536 inputs by
/// `scripts/g711/make-g711-fixture.sh` (see Fixtures/README.md for the STL commit and the command).
@Suite struct G711Tests {
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return [UInt8](try Data(contentsOf: url))
    }

    @Test func encoderMatchesSTLOnAllInputs() throws {
        let reference = try Self.fixture("g711_stl_encode.bin")
        #expect(reference.count == 131_072)
        var muMismatches = 0, aMismatches = 0
        for i in 0..<65536 {
            let x = Int16(bitPattern: UInt16(i))
            if G711.muLawEncode(x) != reference[i] { muMismatches += 1 }
            if G711.aLawEncode(x) != reference[65536 + i] { aMismatches += 1 }
        }
        #expect(muMismatches == 0)
        #expect(aMismatches == 0)
        // The buffer encoder writes the same codes, in order, for both laws (and nothing for no samples).
        let samples = (0..<65536).map { Int16(bitPattern: UInt16($0)) }
        #expect(G711.encode(samples, law: .mu) == Array(reference[0..<65536]))
        #expect(G711.encode(samples, law: .a) == Array(reference[65536...]))
        #expect(G711.encode([], law: .mu).isEmpty && G711.encode([], law: .a).isEmpty)
    }

    @Test func decoderMatchesSTLOnAllCodes() throws {
        let bytes = try Self.fixture("g711_stl_decode.bin")
        #expect(bytes.count == 1024)
        let reference = (0..<512).map { Int16(bitPattern: UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8) }
        for code in 0..<256 {
            #expect(G711.muLawDecode(UInt8(code)) == reference[code], "µ-law code \(code)")
            #expect(G711.aLawDecode(UInt8(code)) == reference[256 + code], "A-law code \(code)")
        }
    }

    /// Test vectors from ../shared/MODELS.md §6.3 (STL values).
    @Test func publishedVectors() {
        #expect(G711.muLawEncode(0) == 0xFF && G711.aLawEncode(0) == 0xD5)
        #expect(G711.muLawEncode(-1) == 0x7F && G711.aLawEncode(-1) == 0x55)
        #expect(G711.muLawEncode(32767) == 0x80 && G711.aLawEncode(32767) == 0xAA)
        #expect(G711.muLawEncode(-32768) == 0x00 && G711.aLawEncode(-32768) == 0x2A)
        #expect(G711.muLawDecode(0x80) == 32124 && G711.muLawDecode(0x00) == -32124)
        #expect(G711.aLawDecode(0xD5) == 8 && G711.aLawDecode(0x55) == -8)
        #expect(G711.aLawDecode(0xAA) == 32256 && G711.aLawDecode(0x2A) == -32256)
    }

    @Test func codecRoundTripKeepsLength() throws {
        let codec = try CodecRegistry.codec(named: "g711a")
        var encoder = try codec.makeEncoder()
        var decoder = try codec.makeDecoder()
        let frame = (0..<80).map { Int16($0 * 300 - 12000) }
        let payload = try encoder.encode(frame)
        #expect(payload.count == 80)
        let decoded = try decoder.decode(payload)
        #expect(decoded?.count == 80)
        #expect(try decoder.decode(nil) == nil)  // no internal PLC: the receiver conceals
    }

    /// A typo names the nearest three codecs, not the whole list (issue 15).
    @Test func unknownCodecSuggestsTheNearestThree() {
        #expect {
            _ = try CodecRegistry.codec(named: "g711")
        } throws: { error in
            "\(error)" == "unknown codec 'g711' (hint: did you mean g711u, g711a, g722? `moslab codecs` lists every codec)"
        }
    }
}
