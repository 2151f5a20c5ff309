import LabCore

/// The one list of codecs MOSLab knows. Specs, `moslab codecs` and the E-model all read from here.
///
/// Names are G.113's where it has the codec (`g729a`, `g726-32`, `gsm-fr`, `amr-nb-12.2`, `g722-64`, `opus-nb-11`),
/// so the E-model finds their Ie/Bpl. A family name (`g726`, `amr-nb`, `opus-wb`, `codec2`, `mnru` …) means its
/// default member; Opus at any rate in 6–64 kbit/s (`opus-wb-20`, `opus-nb-11-fec`) and MNRU at any Q (`mnru-q17`)
/// are built on demand.
public enum CodecRegistry {
    public static let all: [any SpeechCodec] = {
        var list: [any SpeechCodec] = [G711Codec(law: .mu), G711Codec(law: .a), L16Codec()]
        list += G722Codec.bitrates.map { G722Codec(bitrate: $0) }
        list += G726Codec.bitrates.reversed().map { G726Codec(bitrate: $0) }
        list += [G729ACodec(), GSMFullRateCodec()] as [any SpeechCodec]
        list += AMRNBCodec.bitrates.reversed().map { AMRNBCodec(bitrate: $0) }
        list += [6000, 8000, 11000, 16000, 24000].map { OpusCodec(band: .narrowband, bitrate: $0) }
        list.append(OpusCodec(band: .narrowband, bitrate: 11000, fec: true))
        list += [12000, 16000, 24000, 32000, 64000].map { OpusCodec(band: .wideband, bitrate: $0) }
        list.append(OpusCodec(band: .wideband, bitrate: 24000, fec: true))
        list += SpeexCodec.narrowbandQualities.reversed().map { SpeexCodec(band: .narrowband, bitrate: $0.bitrate) }
        list += SpeexCodec.widebandQualities.reversed().map { SpeexCodec(band: .wideband, bitrate: $0.bitrate) }
        list += Codec2Codec.all.map { Codec2Codec(mode: $0.name) }
        list += stride(from: 5.0, through: 35, by: 5).map { MNRUCodec(q: $0) }
        list += [15.0, 25, 35].map { MNRUCodec(q: $0, band: .wideband) }
        return list
    }()

    /// Family name → its default member.
    public static let families: [(name: String, codec: any SpeechCodec)] = [
        ("g722", G722Codec(bitrate: 64000)), ("g726", G726Codec(bitrate: 32000)), ("amr-nb", AMRNBCodec(bitrate: 12200)),
        ("opus-nb", OpusCodec(band: .narrowband, bitrate: 11000)), ("opus-wb", OpusCodec(band: .wideband, bitrate: 24000)),
        ("speex-nb", SpeexCodec(band: .narrowband, bitrate: 15000)), ("speex-wb", SpeexCodec(band: .wideband, bitrate: 27800)),
        ("codec2", Codec2Codec(mode: "3200")), ("mnru", MNRUCodec(q: 20)), ("mnru-wb", MNRUCodec(q: 25, band: .wideband)),
    ]

    public static var names: [String] { all.map(\.descriptor.name) }

    /// The codec registered under `name` (or a family's default, or an on-demand Opus/MNRU); the error lists the
    /// valid names.
    public static func codec(named name: String) throws -> any SpeechCodec {
        let key = name.lowercased()
        if let codec = all.first(where: { $0.descriptor.name == key }) { return codec }
        if let family = families.first(where: { $0.name == key }) { return family.codec }
        if let mnru = try MNRUCodec.parse(key) { return mnru }
        if let opus = try parseOpus(key) { return opus }
        // The nearest three names, not the whole list (issue 15): `moslab codecs` lists them all.
        let nearest = NearestName.nearest(to: key, in: names + families.map(\.name), count: 3)
        throw InputError("unknown codec '\(name)'",
                         hint: "did you mean \(nearest.joined(separator: ", "))? `moslab codecs` lists every codec")
    }

    /// `codec(named:)`, then `--bitrate`/`--mode` within its family; errors name the valid values.
    public static func codec(named name: String, bitrate: Int?, mode: String?) throws -> any SpeechCodec {
        try codec(named: name).configured(bitrate: bitrate, mode: mode)
    }

    /// `opus-nb-12`, `opus-wb-20.5-fec`: Opus at any bit rate it supports; nil when not an Opus name.
    static func parseOpus(_ key: String) throws -> OpusCodec? {
        var parts = key.split(separator: "-").map(String.init)
        guard parts.count >= 3, parts[0] == "opus", let band = OpusCodec.Band(rawValue: parts[1]) else { return nil }
        let fec = parts.last == "fec"
        if fec { parts.removeLast() }
        guard parts.count == 3, let kbps = Double(parts[2]),
              OpusCodec.bitrateRange.contains(Int((kbps * 1000).rounded())) else {
            throw InputError("bad Opus codec name '\(key)'", hint: "opus-nb-KBPS or opus-wb-KBPS[-fec] with 6 ≤ KBPS ≤ 64, e.g. opus-wb-24-fec")
        }
        return OpusCodec(band: band, bitrate: Int((kbps * 1000).rounded()), fec: fec)
    }
}
