import LabCore

/// The one list of codecs MOSLab knows. Specs, `moslab codecs` and the E-model all read from here.
public enum CodecRegistry {
    public static let all: [any SpeechCodec] = [
        G711Codec(law: .mu),
        G711Codec(law: .a),
        L16Codec(),
    ]

    public static var names: [String] { all.map(\.descriptor.name) }

    /// The codec registered under `name`; the error lists the valid names.
    public static func codec(named name: String) throws -> any SpeechCodec {
        if let codec = all.first(where: { $0.descriptor.name == name.lowercased() }) { return codec }
        throw InputError("unknown codec '\(name)'", hint: "valid codecs: \(names.joined(separator: ", "))")
    }
}
