import ChannelModels
import EModel
import Foundation
import LabCore
import SpeechCodecs
import PacketTraces
import Yams

/// Reads YAML scenario specs strictly: unknown keys, wrong types and out-of-range values are refused with
/// `file:line:column: message (hint: …)`.
public enum ScenarioLoader {
    /// Loads every `.yaml`/`.yml` under the given files or directories (directories sorted by name), expanding
    /// `matrix:` sweeps into one spec per combination.
    ///
    /// `maximumRuns` (the `run` guard; nil with `--yes`) is checked against the product of each matrix's axis
    /// lengths *before* anything is expanded, so a 9-axis × 10-value matrix is refused in microseconds instead of
    /// allocating 10⁹ specs. Two specs (or two matrix combinations) with the same name would write the same
    /// output folder, so they are refused with both files named.
    public static func load(paths: [String], maximumRuns: Int? = nil) throws -> [ScenarioSpec] {
        var specs: [ScenarioSpec] = []
        var runs = 0
        var owners: [String: String] = [:]
        for file in try specFiles(paths) {
            let expanded = try parseExpanded(yaml: try text(of: file), file: file,
                                             maximumCombinations: maximumRuns.map { max(0, $0 - runs) })
            runs += expanded.count
            for spec in expanded {
                if let first = owners[spec.name] {
                    throw InputError(file: file, "two runs are named '\(spec.name)' (also in \(first)); they would write one output folder",
                                     hint: "give every spec a unique `name:`")
                }
                owners[spec.name] = file
            }
            specs += expanded
        }
        return specs
    }

    /// One file, with its `matrix:` expanded (a spec without a matrix gives one element).
    public static func loadExpanded(file: String, maximumCombinations: Int? = nil) throws -> [ScenarioSpec] {
        try parseExpanded(yaml: try text(of: file), file: file, maximumCombinations: maximumCombinations)
    }

    /// Matrices larger than this are refused even with `--yes`: each combination is a spec in memory.
    public static let combinationCeiling = 100_000

    public static func parseExpanded(yaml: String, file: String, maximumCombinations: Int? = nil) throws -> [ScenarioSpec] {
        let root = try compose(yaml: yaml, file: file)
        let (base, axes) = try ScenarioMatrix.extract(from: root)
        let baseHash = StreamSeed.fnv1a(yaml)
        if axes.isEmpty {
            var spec = try read(SpecNode(node: base, file: file, path: ""))
            spec.baseName = spec.name
            spec.specHash = hex(baseHash)
            return [spec]
        }
        let count = ScenarioMatrix.count(axes)
        let where_ = axes[0].keyNode
        if count > combinationCeiling {
            throw where_.error("the matrix expands to \(count == Int.max ? "more than \(Int.max)" : String(count)) combinations (more than \(combinationCeiling))",
                               hint: "split the sweep into several specs or narrow its axes")
        }
        if let maximumCombinations, count > maximumCombinations {
            throw where_.error("the matrix expands to \(count) runs (more than the \(maximumCombinations) still allowed)",
                               hint: "narrow the matrix, or pass --yes to run them all")
        }
        var seen: [String: Int] = [:]
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
            if let other = seen[spec.name] {
                throw where_.error("matrix combinations \(other + 1) and \(seen.count + 1) are both named '\(spec.name)'",
                                   hint: "the values of an axis must differ in letters, digits, '.', '-' or '_'")
            }
            seen[spec.name] = seen.count
            return spec
        }
    }

    /// Files and folders MOSLab writes at the top of an output directory (a scenario folder may not take them).
    public static let reservedNames = ["results.csv", "report.html"]

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
                // An unreadable folder is one line, not an NSCocoaErrorDomain dump.
                guard access(path, R_OK | X_OK) == 0,
                      let listed = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                    throw InputError(file: path, "cannot read the folder: \(String(cString: strerror(errno)))",
                                     hint: "check its permissions")
                }
                let entries = listed.sorted()
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
        try NestingLimit.check(yaml, file: file)
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
        let nameNode = top.optional("name") ?? root
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw nameNode.error("name '\(name)' must be non-empty and use only letters, digits, '-', '_' and '.'",
                                 hint: "it names the output folder")
        }
        // `.`/`..` would write into --out itself or its parent; a leading dot hides the folder and could meet the
        // `.x.tmp-PID` files of atomic writes; the names MOSLab writes at the top of --out are taken.
        guard !name.hasPrefix(".") else {
            throw nameNode.error("name '\(name)' may not start with '.'", hint: "it names a folder inside --out; start with a letter or digit")
        }
        if let reserved = reservedNames.first(where: { $0.lowercased() == name.lowercased() }) {
            throw nameNode.error("name '\(name)' is reserved: MOSLab writes '\(reserved)' at the top of --out",
                                 hint: "choose another name")
        }
        var spec = ScenarioSpec(name: name, sourcePath: root.file)
        spec.description = try top.optional("description")?.string() ?? ""
        if let seed = top.optional("seed") { spec.seed = try seed.unsigned64() }
        if let reference = top.optional("reference") {
            spec.reference = try readReference(reference)
            spec.referenceLocation = SpecLocation(file: root.file, line: reference.node.mark?.line, column: reference.node.mark?.column)
        }
        if let level = top.optional("level_dbov") { spec.levelDBov = try level.double(in: -60...(-10), unit: "dBov") }
        if let codec = top.optional("codec") { spec.codec = try readCodec(codec) }
        if let network = top.optional("network") { spec.network = try readNetwork(network) }
        if let buffer = top.optional("jitter_buffer") {
            spec.jitterBuffer = try readJitterBuffer(buffer, commandLocation: &spec.bufferCommandLocation)
        }
        if let plc = top.optional("plc") {
            spec.plc = PLCKind(rawValue: try plc.choice(PLCKind.allCases.map(\.rawValue)))!
        }
        if let emodel = top.optional("emodel") {
            let mapping = try emodel.mapping()
            spec.emodel = try mapping.entries.map { entry in
                LocatedValue(key: entry.name, value: try entry.value.double(),
                             location: SpecLocation(file: root.file, line: entry.key.node.mark?.line, column: entry.key.node.mark?.column))
            }
        }
        if let expect = top.optional("expect") { spec.expect = try readExpect(expect) }
        if let signal = top.optional("signal_mos") { spec.signalMOS = try signal.bool() }
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

    /// `codec: {name, ptime_ms, bitrate, mode, fec}`. `bitrate` (bit/s), `mode` and `fec` (Opus in-band FEC) choose
    /// a member of the codec's family; the result is stored under its canonical registry name (`opus-wb-12-fec`).
    static func readCodec(_ node: SpecNode) throws -> CodecSpec {
        var mapping = try node.mapping()
        var codec = CodecSpec()
        let nameNode = mapping.optional("name")
        if let nameNode { codec.name = try nameNode.string() }
        let bitrateNode = mapping.optional("bitrate")
        let modeNode = mapping.optional("mode")
        let fecNode = mapping.optional("fec")
        let bitrate = try bitrateNode?.integer(in: 1...1_000_000)
        var mode = try modeNode?.string()
        if let fecNode {
            guard mode == nil else { throw fecNode.error("give either `fec` or `mode`, not both", hint: "fec: true is mode: fec") }
            mode = try fecNode.bool() ? "fec" : "nofec"
        }
        let resolved: any SpeechCodec
        do {
            resolved = try CodecRegistry.codec(named: codec.name, bitrate: bitrate, mode: mode)
        } catch let error as InputError {
            // Point at the key that is wrong: the name unless it resolved, else the option.
            let bad = (try? CodecRegistry.codec(named: codec.name)) == nil ? nameNode
                : (bitrateNode.map { _ in (try? CodecRegistry.codec(named: codec.name, bitrate: bitrate, mode: nil)) == nil } == true
                    ? bitrateNode : (modeNode ?? fecNode))
            throw (bad ?? node).error(error.message, hint: error.hint)
        }
        let descriptor = resolved.descriptor
        codec.name = descriptor.name
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
        if let fair = mapping.optional("codec_fair") { network.codecFair = try fair.bool() }
        if let captureNode = mapping.optional("capture") {
            try readCapture(captureNode, into: &network, reorderGiven: mapping.optional("reorder") != nil)
            for key in ["loss", "jitter"] {
                if let other = mapping.optional(key) {
                    throw other.error("network.\(key) cannot be combined with network.capture", hint: "the capture gives both the losses and the delays")
                }
            }
        }
        if let jitterNode = mapping.optional("jitter") {
            var jitter = try jitterNode.mapping()
            let distribution = try jitter.optional("distribution")?
                .choice(["none", "normal", "uniform", "pareto", "pareto-normal", "gamma", "trace"]) ?? "normal"
            switch distribution {
            case "none":
                network.jitter = .none
            case "normal":
                let sd = try jitter.required("stddev_ms", hint: "standard deviation of the delay in ms, e.g. `stddev_ms: 10`")
                network.jitter = .normal(stddevMs: try sd.double(in: 0...5_000, unit: "ms"))
            case "uniform":
                let width = try jitter.required("range_ms", hint: "uniform jitter spans ±range_ms around the latency")
                network.jitter = .uniform(halfWidthMs: try width.double(in: 0...5_000, unit: "ms"))
            case "pareto", "pareto-normal":
                let j = try jitter.required("jitter_ms", hint: "netem's jitter argument: delays span latency − 0.67·jitter … latency + 4·jitter")
                let value = try j.double(in: 0...5_000, unit: "ms")
                network.jitter = distribution == "pareto" ? .pareto(jitterMs: value) : .paretoNormal(jitterMs: value)
            case "gamma":
                let shape = try jitter.required("shape", hint: "gamma shape k > 0, e.g. 2").double(in: 0.01...1_000)
                let scale = try jitter.required("scale_ms", hint: "gamma scale θ in ms; the mean added delay is k·θ").double(in: 0...5_000, unit: "ms")
                network.jitter = .shiftedGamma(shape: shape, scaleMs: scale)
            default:
                let fileNode = try jitter.required("file", hint: "a CSV trace with a delay_ms (or send_ms + arrival_ms) column")
                let path = resolve(try fileNode.string(), relativeTo: node.file)
                let trace = try loadTrace(path, at: fileNode)
                guard trace.hasDelays else { throw fileNode.error("trace '\(path)' has no delay_ms or arrival_ms column") }
                network.jitter = .trace(file: path, delaysMs: trace.delayMs)
            }
            if let correlation = jitter.optional("correlation") {
                network.jitterCorrelation = try correlation.double(in: 0...0.999, unit: "(lag-1 correlation, 0 = independent)")
            }
            try jitter.finish()
        }
        if let lossNode = mapping.optional("loss") {
            var loss = try lossNode.mapping()
            let modelNode = try loss.required("model", hint: "none, bernoulli, gilbert, gilbert-elliott, 4-state, fit or trace")
            let model = try modelNode.choice(["none", "bernoulli", "gilbert", "gilbert-elliott", "4-state", "fit", "trace"])
            func probability(_ key: String) throws -> Double? { try loss.optional(key)?.double(in: 0...1, unit: "(a probability)") }
            switch model {
            case "none":
                network.loss = .none
            case "bernoulli":
                let rate = try loss.required("rate", hint: "loss probability per packet, 0…1 (e.g. 0.03 for 3 %)")
                network.loss = .bernoulli(rate: try rate.double(in: 0...1, unit: "(a probability)"))
            case "gilbert", "gilbert-elliott":
                let pNode = try loss.required("p", hint: "p = P(good→bad) per packet, netem's first gemodel value")
                let p = try pNode.double(in: 0...1, unit: "(a probability)")
                let rNode = loss.optional("r")
                let r = try rNode?.double(in: 0...1, unit: "(a probability)") ?? (1 - p)
                let lossBad = try probability("loss_bad") ?? 1
                let lossGood = model == "gilbert" ? 0 : try probability("loss_good") ?? 0
                if r == 0 && p > 0 {
                    throw (rNode ?? pNode).error("r = 0 with p > 0 makes the bad state absorbing (all later packets lost)",
                                      hint: "give r > 0; the mean burst length is about 1/r")
                }
                network.loss = .gilbertElliott(p: p, r: r, lossBad: lossBad, lossGood: lossGood)
            case "4-state":
                let p13Node = try loss.required("p13", hint: "P(gap → burst loss) per packet, netem's first `loss state` value")
                let p13 = try p13Node.double(in: 0...1, unit: "(a probability)")
                let model = FourStateLoss(p13: p13, p31: try probability("p31"), p32: try probability("p32") ?? 0,
                                          p23: try probability("p23") ?? 1, p14: try probability("p14") ?? 0)
                try located(lossNode) { try model.validate() }
                network.loss = .fourState(p13: model.p13, p31: model.p31, p32: model.p32, p23: model.p23, p14: model.p14)
            case "fit":
                let rate = try loss.required("loss_rate", hint: "target mean loss, e.g. 0.03").double(in: 0...1, unit: "(a fraction)")
                let burst = try loss.required("mean_burst", hint: "target mean run of consecutive losses, ≥ 1 packet").double(in: 1...10_000, unit: "packets")
                let lossBad = try probability("loss_bad")
                let fitted = try located(lossNode) {
                    try lossBad.map { try GilbertElliottLoss.fit(lossRate: rate, meanBurstLength: burst, lossBad: $0) }
                        ?? GilbertElliottLoss.fit(lossRate: rate, meanBurstLength: burst)
                }
                network.loss = .gilbertElliott(p: fitted.p, r: fitted.r, lossBad: fitted.lossBad, lossGood: 0)
            default:
                let fileNode = try loss.required("file", hint: "a CSV trace with a lost (or arrival_ms) column")
                let path = resolve(try fileNode.string(), relativeTo: node.file)
                network.loss = .trace(file: path, lost: try loadTrace(path, at: fileNode).lost)
            }
            if let matchNode = loss.optional("match") {
                var match = try matchNode.mapping()
                let tolerance = try match.required("tolerance", hint: "relative tolerance on loss rate and mean burst, e.g. 0.05")
                    .double(in: 0.0001...0.99, unit: "(relative, 0.05 = 5 %)")
                let candidates = try match.optional("max_candidates")?.integer(in: 1...100_000) ?? 1000
                try match.finish()
                network.lossMatch = LossMatch(tolerance: tolerance, maxCandidates: candidates)
            }
            try loss.finish()
        }
        if let spikesNode = mapping.optional("spikes") {
            var spikes = try spikesNode.mapping()
            let height = try spikes.required("height_ms", hint: "extra delay at the spike's peak, e.g. 300").double(in: 0...10_000, unit: "ms")
            let interval = try spikes.required("interval_s", hint: "one spike every interval_s seconds (mean, when poisson)").double(in: 0.01...86_400, unit: "s")
            let decay = try spikes.optional("decay_ms")?.double(in: 0.001...100_000, unit: "ms")
            let poisson = try spikes.optional("poisson")?.bool() ?? false
            try spikes.finish()
            network.spikes = DelaySpikes(heightMs: height, intervalS: interval, decayMs: decay, poisson: poisson)
        }
        if let linkNode = mapping.optional("bottleneck") {
            var link = try linkNode.mapping()
            let rate = try link.required("rate_kbps", hint: "link rate, e.g. 1000 for a 1 Mbit/s uplink").double(in: 1...10_000_000, unit: "kbit/s")
            let queue = try link.required("queue_bytes", hint: "drop-tail queue size, e.g. 64000").double(in: 1...1e9, unit: "bytes")
            let packet = try link.optional("packet_bytes")?.double(in: 1...65_535, unit: "bytes") ?? 200
            var bottleneck = BottleneckLink(rateKbps: rate, queueBytes: queue, packetBytes: packet)
            if let crossNode = link.optional("cross_traffic") {
                var cross = try crossNode.mapping()
                bottleneck.crossRateKbps = try cross.required("rate_kbps", hint: "cross traffic rate while on").double(in: 0...10_000_000, unit: "kbit/s")
                bottleneck.crossOnS = try cross.optional("on_s")?.double(in: 0.001...86_400, unit: "s") ?? 5
                bottleneck.crossOffS = try cross.optional("off_s")?.double(in: 0.001...86_400, unit: "s") ?? 10
                try cross.finish()
            }
            try located(linkNode) { try bottleneck.validate() }
            try link.finish()
            network.bottleneck = bottleneck
        }
        try mapping.finish()
        return network
    }

    /// `network.capture: {file: calls.pcap, ssrc: 0x1A2B3C4D}`: replay a captured RTP stream's losses and relative
    /// delays (docs/captures.md). The SSRC is decimal or `0x` hex, as Wireshark shows it. Reordering is allowed
    /// unless `reorder` says otherwise, since the captured arrivals already are in the order they came.
    static func readCapture(_ node: SpecNode, into network: inout NetworkSpec, reorderGiven: Bool) throws {
        var capture = try node.mapping()
        let fileNode = try capture.required("file", hint: "a pcap, pcapng or rtpdump file, relative to the spec's folder")
        let ssrcNode = try capture.required("ssrc", hint: "the stream's SSRC, decimal or 0x hex as Wireshark shows it (moslab analyze lists them)")
        try capture.finish()
        let path = resolve(try fileNode.string(), relativeTo: node.file)
        guard let ssrc = RTPStreamKey.parseSSRC(try ssrcNode.string()) else {
            throw ssrcNode.error("ssrc '\(ssrcNode.describeValue)' is not a 32-bit number", hint: "e.g. 0x1A2B3C4D or 439041101")
        }
        let replay = try located(fileNode) { try CaptureReplay.load(path: path, ssrc: ssrc) }
        let label = "\(path)#\(replay.key.ssrcHex)"
        network.loss = .trace(file: label, lost: replay.trace.lost)
        network.jitter = .trace(file: label, delaysMs: replay.trace.delayMs)
        if !reorderGiven { network.reorder = true }
    }

    /// Re-throws a model's validation error at the spec node that configured it.
    /// A trace named by `file:`; one that cannot be read is reported at that key, so the message names the spec and
    /// line as well as the trace (issue 14: "nope.csv: cannot read the trace file" named neither).
    static func loadTrace(_ path: String, at node: SpecNode) throws -> ChannelTrace {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw node.error("cannot read the trace file '\(path)'", hint: "check the path (relative to the spec's folder)")
        }
        return try ChannelTrace.load(path: path)
    }

    static func located<T>(_ node: SpecNode, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as InputError where error.file == nil {
            throw node.error(error.message, hint: error.hint)
        }
    }

    /// A path from a spec, relative to the spec's folder unless absolute.
    static func resolve(_ path: String, relativeTo specFile: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (specFile as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : folder + "/" + path
    }

    static func readJitterBuffer(_ node: SpecNode, commandLocation: inout SpecLocation?) throws -> JitterBufferSpec {
        var mapping = try node.mapping()
        var buffer = JitterBufferSpec()
        if let type = mapping.optional("type") { buffer.type = try type.choice(["fixed", "ramjee", "neteq", "external"]) }
        if buffer.type == "external" {
            let commandNode = try mapping.required("command", hint: "the buffer's executable, e.g. `command: python3` with `args: [fixed_buffer.py]`")
            buffer.command = try commandNode.string()
            commandLocation = SpecLocation(file: node.file, line: commandNode.node.mark?.line, column: commandNode.node.mark?.column)
            if buffer.command.trimmingCharacters(in: .whitespaces).isEmpty {
                throw commandNode.error("jitter_buffer.command is empty", hint: "name the buffer's executable")
            }
            let argsNode = mapping.optional("args")
            if let argsNode { buffer.args = try argsNode.sequence().map { try $0.string() } }
            // `command: "python3 x.py"` names no executable: refuse it rather than guess how to split it.
            if argsNode == nil, buffer.command.contains(where: { $0 == " " || $0 == "\t" }),
               !FileManager.default.isExecutableFile(atPath: resolve(buffer.command, relativeTo: node.file)) {
                let words = buffer.command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                throw commandNode.error("jitter_buffer.command '\(buffer.command)' holds spaces: it must name one executable",
                                        hint: "put the arguments under args:, e.g. `command: \(words[0])` and `args: [\(words.dropFirst().joined(separator: ", "))]`")
            }
            if let timeout = mapping.optional("timeout_ms") { buffer.timeoutMs = try timeout.double(in: 1...600_000, unit: "ms") }
            buffer.directory = (node.file as NSString).deletingLastPathComponent
        } else if buffer.type == "fixed" {
            if let depth = mapping.optional("depth_ms") { buffer.depthMs = try depth.double(in: 0...2_000, unit: "ms") }
        } else {
            let minNode = mapping.optional("min_ms")
            if let minNode { buffer.minMs = try minNode.double(in: 0...10_000, unit: "ms") }
            if let maxNode = mapping.optional("max_ms") { buffer.maxMs = try maxNode.double(in: 0...10_000, unit: "ms") }
            if buffer.minMs > buffer.maxMs {
                throw (minNode ?? node).error("jitter_buffer.min_ms \(buffer.minMs) exceeds max_ms \(buffer.maxMs)", hint: "min_ms ≤ max_ms")
            }
            if let talkspurt = mapping.optional("talkspurt_ms") { buffer.talkspurtMs = try talkspurt.double(in: 1...60_000, unit: "ms") }
            if let stretch = mapping.optional("time_stretch") { buffer.timeStretch = try stretch.bool() }
            if buffer.type == "ramjee", let algorithm = mapping.optional("algorithm") {
                buffer.algorithm = Int(try algorithm.choice(["1", "4"]))!
            }
            if buffer.type == "neteq" {
                if let q = mapping.optional("quantile") { buffer.quantile = try q.double(in: 0.5...0.9999) }
                if let f = mapping.optional("forget_factor") { buffer.forgetFactor = try f.double(in: 0.5...0.99999) }
            }
        }
        try mapping.finish()
        return buffer
    }

    static func readExpect(_ node: SpecNode) throws -> [ExpectBound] {
        let mapping = try node.mapping()
        return try mapping.entries.map { entry in
            let field = entry.name, keyNode = entry.key, value = entry.value
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
