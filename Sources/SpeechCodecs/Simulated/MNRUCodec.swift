#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabCore

/// A simulated low-bit-rate codec, honest about what it is: ITU-T P.810 modulated-noise reference unit (MNRU)
/// at Q dB followed by a telephone band limit. No real codec: it matches a codec's score, not its sound
/// (MNRU noise is white and follows the signal's envelope; CELP distortion is spectrally shaped).
///
/// P.810 (via ../shared/MODELS.md §6.1): `y(k) = [x(k) + 10^(−Q/20)·x(k)·n(k)] * h(k)`, n ~ N(0, 1).
/// MOSLab's choices, stated (docs/codecs.md): n is Gaussian from a `SeededRandom` (stream `speechcodecs.mnru`),
/// not the STL's 8192-entry table; h is a linear-phase FIR band-pass, flat (±0.5 dB) from 300 to 3400 Hz
/// narrowband (G.712's telephone band, as the STL's MNRU + G.712 chain; `BandLimitFilter.telephoneBand`) or
/// 50–7000 Hz wideband (P.341). With N(0, 1) noise and no filter the signal-to-modulated-noise ratio is Q ± 0.05 dB;
/// measured the STL way after the narrowband filter (noise = output − filtered input) it is Q + 0.76 dB on a tone,
/// the white noise's out-of-band share −10·log10(Σh²).
///
/// As a codec: the encoder applies the MNRU and the band limit and quantises to 16-bit PCM (the payload, 128 or
/// 256 kbit/s on the wire); the decoder unpacks it. 20 ms frames; the FIR's 64- or 128-sample (8 ms) delay is the
/// look-ahead. No concealment of its own: the receiver conceals.
public struct MNRUCodec: SpeechCodec {
    public enum Band: String, Sendable { case narrowband = "nb", wideband = "wb" }

    /// Q in dB (signal-to-modulated-noise ratio), 0…60.
    public let q: Double
    public let band: Band
    public let seed: UInt64

    public static let qRange = 0.0...60.0
    public static let defaultSeed: UInt64 = 0x4D4E_5255  // "MNRU"

    public init(q: Double, band: Band = .narrowband, seed: UInt64 = MNRUCodec.defaultSeed) {
        self.q = q
        self.band = band
        self.seed = seed
    }

    var sampleRate: Int { band == .narrowband ? 8000 : 16000 }
    var taps: Int { band == .narrowband ? 129 : 257 }
    var passBand: (low: Double, high: Double) { band == .narrowband ? (300, 3400) : (50, 7000) }

    static func qText(_ q: Double) -> String { q == q.rounded() ? String(Int(q)) : String(q) }

    public var descriptor: CodecDescriptor {
        let prefix = band == .narrowband ? "mnru" : "mnru-wb"
        let edges = band == .narrowband ? "300–3400 Hz" : "50–7000 Hz"
        return CodecDescriptor(
            name: "\(prefix)-q\(Self.qText(q))", displayName: "simulated: MNRU Q=\(Self.qText(q)) dB + \(edges)",
            family: prefix, sampleRate: sampleRate, frameMs: 20, lookaheadSamples: taps / 2, bitrate: sampleRate * 16,
            concealsInternally: false, wideband: band == .wideband, implementation: "simulated (P.810 MNRU)")
    }

    public var modes: [String] { ["q<dB>, e.g. q20 (0…60)"] }

    /// `--mode q25` (or `25`) sets Q.
    public func configured(bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        if let bitrate { try CodecOptions.requireBitrate(bitrate, in: [sampleRate * 16], descriptor) }
        guard let mode else { return self }
        let text = mode.lowercased().hasPrefix("q") ? String(mode.dropFirst()) : mode
        guard let value = Double(text), Self.qRange.contains(value) else {
            throw InputError("unknown \(descriptor.family) mode '\(mode)'", hint: "give Q in dB as q0…q60, e.g. q20")
        }
        return MNRUCodec(q: value, band: band, seed: seed)
    }

    /// Parses a registry name `mnru-q20`, `mnru-wb-q17.5`; nil when the name is not an MNRU name.
    static func parse(_ name: String) throws -> MNRUCodec? {
        let key = name.lowercased()
        let (band, rest): (Band, Substring)
        if key.hasPrefix("mnru-wb-q") { (band, rest) = (.wideband, key.dropFirst("mnru-wb-q".count)) }
        else if key.hasPrefix("mnru-q") { (band, rest) = (.narrowband, key.dropFirst("mnru-q".count)) }
        else { return nil }
        guard let q = Double(rest), qRange.contains(q) else {
            throw InputError("bad MNRU codec name '\(name)'", hint: "mnru-qQ or mnru-wb-qQ with Q in dB, 0…60 (e.g. mnru-q20)")
        }
        return MNRUCodec(q: q, band: band)
    }

    public func makeEncoder() throws -> any SpeechEncoder { Encoder(codec: self) }
    public func makeDecoder() throws -> any SpeechDecoder { Decoder(descriptor: descriptor) }

    struct Encoder: SpeechEncoder {
        let descriptor: CodecDescriptor
        let noiseGain: Float
        var random: SeededRandom
        var filter: BandLimitFilter

        init(codec: MNRUCodec) {
            descriptor = codec.descriptor
            noiseGain = Float(pow10(-codec.q / 20))
            random = SeededRandom(seed: codec.seed, stream: "speechcodecs.mnru")
            filter = codec.band == .narrowband ? BandLimitFilter.telephoneBand()
                : BandLimitFilter(lowHz: codec.passBand.low, highHz: codec.passBand.high, sampleRate: codec.sampleRate, taps: codec.taps)
        }

        mutating func encode(_ frame: [Int16]) throws -> [UInt8] {
            try requireFrame(frame, descriptor)
            var modulated = [Float](repeating: 0, count: frame.count)
            for (i, sample) in frame.enumerated() {
                let x = Float(sample) / 32768
                modulated[i] = x + noiseGain * x * Float(random.nextGaussian())
            }
            let filtered = filter.process(modulated)
            var payload = [UInt8](repeating: 0, count: 2 * frame.count)
            for (i, y) in filtered.enumerated() {
                let pcm = UInt16(bitPattern: Int16(pcm16: y))
                payload[2 * i] = UInt8(pcm & 0xFF)
                payload[2 * i + 1] = UInt8(pcm >> 8)
            }
            return payload
        }
    }

    struct Decoder: SpeechDecoder {
        let descriptor: CodecDescriptor
        func decode(_ payload: [UInt8]?) throws -> [Int16]? {
            guard let payload else { return nil }
            guard payload.count == 2 * descriptor.frameSamples else {
                throw InputError("\(descriptor.name): payload of \(payload.count) bytes, expected \(2 * descriptor.frameSamples)")
            }
            return (0..<descriptor.frameSamples).map { Int16(bitPattern: UInt16(payload[2 * $0]) | UInt16(payload[2 * $0 + 1]) << 8) }
        }
    }
}

/// 10^x without Foundation.
func pow10(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.pow(10, x)
    #else
    return Darwin.pow(10, x)
    #endif
}
