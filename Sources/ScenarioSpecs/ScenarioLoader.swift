import Foundation
import LabCore
import SpeechCodecs
import Yams

/// Reads YAML scenario specs strictly: unknown keys, wrong types and out-of-range values are refused with
/// `file:line:column: message (hint: …)`.
public enum ScenarioLoader {
    /// Loads every `.yaml`/`.yml` under the given files or directories (directories sorted by name), expanding
    /// `matrix:` sweeps into one spec per combination.
    public static func load(paths: [String]) throws -> [ScenarioSpec] {
        try specFiles(paths).flatMap { try loadExpanded(file: $0) }
    }

    /// One file, with its `matrix:` expanded (a spec without a matrix gives one element).
    public static func loadExpanded(file: String) throws -> [ScenarioSpec] {
        try parseExpanded(yaml: try text(of: file), file: file)
    }

    public static func parseExpanded(yaml: String, file: String) throws -> [ScenarioSpec] {
        let root = try compose(yaml: yaml, file: file)
        let (base, axes) = try ScenarioMatrix.extract(from: root)
        let baseHash = StreamSeed.fnv1a(yaml)
        if axes.isEmpty {
            var spec = try read(SpecNode(node: base, file: file, path: ""))
            spec.baseName = spec.name
            spec.specHash = hex(baseHash)
            return [spec]
        }
        return try ScenarioMatrix.combinations(axes).map { combination in
            var node = base
            for (axis, value) in combination {
                node = ScenarioMatrix.setting(axis.path.split(separator: ".")[...], to: value, in: node)
            }
            var spec = try read(SpecNode(node: node, file: file, path: ""))
            spec.baseName = spec.name
            spec.matrixAssignment = combination.map { MatrixValue(path: $0.0.path, value: $0.1.scalar?.string ?? "") }
            spec.name += combination.map { "--\($0.0.path)=\(ScenarioMatrix.label($0.1))" }.joined()
            let assignment = spec.matrixAssignment.map { "\($0.path)=\($0.value)" }.joined(separator: ";")
            spec.specHash = hex(StreamSeed.fnv1a(String(baseHash) + "|" + assignment))
            return spec
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func text(of file: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw InputError(file: file, "cannot read the spec file", hint: "check the path and permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: file, "spec is not UTF-8 text")
        }
        return text
    }

    public static func specFiles(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(file: path, "no such spec file or directory", hint: "give a .yaml file or a folder of them, e.g. Scenarios/")
            }
            if isDirectory.boolValue {
                let entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                let specs = entries.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                if specs.isEmpty { throw InputError(file: path, "folder holds no .yaml specs") }
                files += specs.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// One spec file without a matrix (a matrix is refused here: use `loadExpanded`).
    public static func load(file: String) throws -> ScenarioSpec {
        try parse(yaml: try text(of: file), file: file)
    }

    public static func parse(yaml: String, file: String) throws -> ScenarioSpec {
        let specs = try parseExpanded(yaml: yaml, file: file)
        guard specs.count == 1, specs[0].matrixAssignment.isEmpty else {
            throw InputError(file: file, "this spec has a matrix of \(specs.count) runs", hint: "run it with `moslab run`")
        }
        return specs[0]
    }

    static func compose(yaml: String, file: String) throws -> SpecNode {
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw InputError(file: file, line: 1, column: 1, "spec is empty", hint: "a spec needs at least `name:`")
            }
            return SpecNode(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        }
    }

    static func yamlError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return InputError(file: file, line: mark.line, column: mark.column, "malformed YAML: \(problem)",
                              hint: "check indentation, colons and brackets near this place")
        default:
            return InputError(file: file, "malformed YAML: \(error)".replacingOccurrences(of: "\n", with: " "))
        }
    }

    static func read(_ root: SpecNode) throws -> ScenarioSpec {
        var top = try root.mapping()
        let name = try top.required("name", hint: "give the scenario a name, e.g. `name: office-lan`").string()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw root.error("name '\(name)' must be non-empty and use only letters, digits, '-', '_' and '.'",
                             hint: "it names the output folder")
        }
        var spec = ScenarioSpec(name: name, sourcePath: root.file)
        spec.description = try top.optional("description")?.string() ?? ""
        if let seed = top.optional("seed") { spec.seed = try seed.unsigned64() }
        if let reference = top.optional("reference") { spec.reference = try readReference(reference) }
        if let level = top.optional("level_dbov") { spec.levelDBov = try level.double(in: -60...(-10), unit: "dBov") }
        if let codec = top.optional("codec") { spec.codec = try readCodec(codec) }
        if let network = top.optional("network") { spec.network = try readNetwork(network) }
        if let buffer = top.optional("jitter_buffer") { spec.jitterBuffer = try readJitterBuffer(buffer) }
        if let plc = top.optional("plc") {
            spec.plc = PLCKind(rawValue: try plc.choice(PLCKind.allCases.map(\.rawValue)))!
        }
        if let emodel = top.optional("emodel") {
            let mapping = try emodel.mapping()
            spec.emodel = try mapping.keys.map { key, keyNode in
                let valueNode = mapping.mapping.first { ($0.key.scalar?.string) == key }.map {
                    SpecNode(node: $0.value, file: root.file, path: "emodel.\(key)")
                }!
                return LocatedValue(key: key, value: try valueNode.double(),
                                    location: SpecLocation(file: root.file, line: keyNode.node.mark?.line, column: keyNode.node.mark?.column))
            }
        }
        if let expect = top.optional("expect") { spec.expect = try readExpect(expect) }
        _ = top.optional("matrix")  // handled by ScenarioMatrix before reading
        try top.finish()
        return spec
    }

    static func readReference(_ node: SpecNode) throws -> ReferenceSelection {
        switch node.node {
        case .scalar:
            return .files([try node.string()])
        case .sequence:
            let files = try node.sequence().map { try $0.string() }
            if files.isEmpty { throw node.error("reference list is empty", hint: "name at least one WAV file") }
            return .files(files)
        default:
            var mapping = try node.mapping()
            let set = try mapping.optional("corpus")?.choice(["nb", "wb"]) ?? "nb"
            let clips = try mapping.optional("clips")?.sequence().map { try $0.string() } ?? []
            let count = try mapping.optional("count")?.integer(in: 1...10_000)
            try mapping.finish()
            return .corpus(set: set, clips: clips, count: count)
        }
    }

    static func readCodec(_ node: SpecNode) throws -> CodecSpec {
        var mapping = try node.mapping()
        var codec = CodecSpec()
        if let nameNode = mapping.optional("name") {
            codec.name = try nameNode.string()
            guard CodecRegistry.names.contains(codec.name) else {
                throw nameNode.error("unknown codec '\(codec.name)'", hint: "valid codecs: \(CodecRegistry.names.joined(separator: ", "))")
            }
        }
        let descriptor = try CodecRegistry.codec(named: codec.name).descriptor
        if let ptime = mapping.optional("ptime_ms") {
            codec.ptimeMs = try ptime.double(in: 10...60, unit: "ms")
            let frames = codec.ptimeMs / descriptor.frameMs
            guard frames == frames.rounded() else {
                throw ptime.error("ptime_ms \(ptime.describeValue) is not a multiple of \(codec.name)'s \(descriptor.frameMs) ms frame",
                                  hint: "use a multiple of \(descriptor.frameMs) between 10 and 60")
            }
        }
        try mapping.finish()
        return codec
    }

    static func readNetwork(_ node: SpecNode) throws -> NetworkSpec {
        var mapping = try node.mapping()
        var network = NetworkSpec()
        if let latency = mapping.optional("latency_ms") { network.latencyMs = try latency.double(in: 0...10_000, unit: "ms") }
        if let reorder = mapping.optional("reorder") { network.reorder = try reorder.bool() }
        if let jitterNode = mapping.optional("jitter") {
            var jitter = try jitterNode.mapping()
            let distribution = try jitter.optional("distribution")?.choice(["none", "normal", "uniform"]) ?? "normal"
            switch distribution {
            case "none":
                network.jitter = .none
            case "normal":
                let sd = try jitter.required("stddev_ms", hint: "standard deviation of the delay in ms, e.g. `stddev_ms: 10`")
                network.jitter = .normal(stddevMs: try sd.double(in: 0...5_000, unit: "ms"))
            default:
                let width = try jitter.required("range_ms", hint: "uniform jitter spans ±range_ms around the latency")
                network.jitter = .uniform(halfWidthMs: try width.double(in: 0...5_000, unit: "ms"))
            }
            try jitter.finish()
        }
        if let lossNode = mapping.optional("loss") {
            var loss = try lossNode.mapping()
            let model = try loss.required("model", hint: "none, bernoulli or gilbert-elliott")
                .choice(["none", "bernoulli", "gilbert-elliott"])
            switch model {
            case "none":
                network.loss = .none
            case "bernoulli":
                let rate = try loss.required("rate", hint: "loss probability per packet, 0…1 (e.g. 0.03 for 3 %)")
                network.loss = .bernoulli(rate: try rate.double(in: 0...1, unit: "(a probability)"))
            default:
                let pNode = try loss.required("p", hint: "p = P(good→bad) per packet, netem's first gemodel value")
                let p = try pNode.double(in: 0...1, unit: "(a probability)")
                let rNode = loss.optional("r")
                let r = try rNode?.double(in: 0...1, unit: "(a probability)") ?? (1 - p)
                let lossBad = try loss.optional("loss_bad")?.double(in: 0...1, unit: "(a probability)") ?? 1
                let lossGood = try loss.optional("loss_good")?.double(in: 0...1, unit: "(a probability)") ?? 0
                if r == 0 && p > 0 {
                    throw (rNode ?? pNode).error("r = 0 with p > 0 makes the bad state absorbing (all later packets lost)",
                                      hint: "give r > 0; the mean burst length is about 1/r")
                }
                network.loss = .gilbertElliott(p: p, r: r, lossBad: lossBad, lossGood: lossGood)
            }
            try loss.finish()
        }
        try mapping.finish()
        return network
    }

    static func readJitterBuffer(_ node: SpecNode) throws -> JitterBufferSpec {
        var mapping = try node.mapping()
        var buffer = JitterBufferSpec()
        if let type = mapping.optional("type") { buffer.type = try type.choice(["fixed"]) }
        if let depth = mapping.optional("depth_ms") { buffer.depthMs = try depth.double(in: 0...2_000, unit: "ms") }
        try mapping.finish()
        return buffer
    }

    static func readExpect(_ node: SpecNode) throws -> [ExpectBound] {
        let mapping = try node.mapping()
        return try mapping.keys.map { field, keyNode in
            let value = SpecNode(node: mapping.mapping.first { $0.key.scalar?.string == field }!.value, file: node.file, path: "expect.\(field)")
            var bounds = try value.mapping()
            let minimum = try bounds.optional("min")?.double()
            let maximum = try bounds.optional("max")?.double()
            try bounds.finish()
            if minimum == nil && maximum == nil {
                throw value.error("expect.\(field) needs min and/or max", hint: "e.g. `\(field): {min: 3.8}`")
            }
            if let minimum, let maximum, minimum > maximum {
                throw value.error("expect.\(field): min \(minimum) exceeds max \(maximum)")
            }
            return ExpectBound(field: field, min: minimum, max: maximum,
                               location: SpecLocation(file: node.file, line: keyNode.node.mark?.line, column: keyNode.node.mark?.column))
        }
    }
}
