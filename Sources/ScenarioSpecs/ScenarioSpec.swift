import ChannelModels
import LabCore

/// One scenario: a modelled call, as written in a YAML spec (docs/scenario-format.md documents every key).
public struct ScenarioSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The file the spec was read from (for messages and relative paths); empty for in-memory specs.
    public var sourcePath: String
    public var reference: ReferenceSelection
    public var seed: UInt64
    public var codec: CodecSpec
    public var network: NetworkSpec
    public var jitterBuffer: JitterBufferSpec
    public var plc: PLCKind
    /// Target active speech level (P.56) the reference is normalised to before coding, in dBov.
    public var levelDBov: Double
    /// G.107 parameter overrides by symbol (`Ie`, `Bpl`, `SLR`, …), with where each was written.
    public var emodel: [LocatedValue]
    /// Bounds on result fields, checked after each run.
    public var expect: [ExpectBound]
    /// For a spec expanded from `matrix:`: the base name and the (path, value) of each axis, in order.
    public var baseName: String = ""
    public var matrixAssignment: [MatrixValue] = []
    /// A stable hash of what defines the run (the spec file's text and the matrix assignment): `--resume` and
    /// `moslab check` use it to tell whether a stored result still belongs to this spec.
    public var specHash: String = ""
    /// `signal_mos: false`: do not measure P.862 on this scenario's runs (network-only sweeps); results then carry
    /// no signal MOS and say it was not measured.
    public var signalMOS: Bool = true
    /// Where `reference:` and `jitter_buffer.command` were written, for problems found after loading (a missing
    /// clip, a buffer that cannot be started): the message then names the spec's line, not only the spec.
    public var referenceLocation: SpecLocation? = nil
    public var bufferCommandLocation: SpecLocation? = nil

    public init(name: String, description: String = "", sourcePath: String = "",
                reference: ReferenceSelection = .corpus(set: "nb", clips: [], count: nil), seed: UInt64 = 1,
                codec: CodecSpec = CodecSpec(), network: NetworkSpec = NetworkSpec(),
                jitterBuffer: JitterBufferSpec = JitterBufferSpec(), plc: PLCKind = .repeat,
                levelDBov: Double = -26, emodel: [LocatedValue] = [], expect: [ExpectBound] = []) {
        self.name = name
        self.description = description
        self.sourcePath = sourcePath
        self.reference = reference
        self.seed = seed
        self.codec = codec
        self.network = network
        self.jitterBuffer = jitterBuffer
        self.plc = plc
        self.levelDBov = levelDBov
        self.emodel = emodel
        self.expect = expect
    }
}

/// One axis value of a matrix expansion.
public struct MatrixValue: Sendable, Equatable, Codable {
    public var path: String
    public var value: String
}

/// Where the reference speech comes from.
public enum ReferenceSelection: Sendable, Equatable {
    /// Explicit files (paths relative to the spec's folder or absolute).
    case files([String])
    /// Clips from the corpus: `set` is `nb` or `wb`; `clips` names them (empty = all), `count` keeps the first N.
    case corpus(set: String, clips: [String], count: Int?)
}

public struct CodecSpec: Sendable, Equatable {
    public var name: String
    public var ptimeMs: Double
    public init(name: String = "g711u", ptimeMs: Double = 20) {
        self.name = name
        self.ptimeMs = ptimeMs
    }
}

public struct NetworkSpec: Sendable, Hashable {
    public var latencyMs: Double
    public var jitter: JitterSpec
    /// Lag-1 correlation of successive delays (AR(1) on a Gaussian latent), 0 = independent.
    public var jitterCorrelation: Double
    public var loss: LossSpec
    /// `loss.match`: draw seeded candidates until the realised loss is within tolerance.
    public var lossMatch: LossMatch?
    /// Allow a packet to overtake an earlier one (off: FIFO, as on a single path).
    public var reorder: Bool
    public var spikes: DelaySpikes?
    public var bottleneck: BottleneckLink?
    /// Generate loss and delay on a 10 ms time grid mapped onto packets (same outages for every packetization).
    public var codecFair: Bool
    public init(latencyMs: Double = 0, jitter: JitterSpec = .none, jitterCorrelation: Double = 0, loss: LossSpec = .none,
                lossMatch: LossMatch? = nil, reorder: Bool = false, spikes: DelaySpikes? = nil,
                bottleneck: BottleneckLink? = nil, codecFair: Bool = false) {
        self.latencyMs = latencyMs
        self.jitter = jitter
        self.jitterCorrelation = jitterCorrelation
        self.loss = loss
        self.lossMatch = lossMatch
        self.reorder = reorder
        self.spikes = spikes
        self.bottleneck = bottleneck
        self.codecFair = codecFair
    }
}

public enum JitterSpec: Sendable, Hashable {
    case none
    case normal(stddevMs: Double)
    case uniform(halfWidthMs: Double)
    /// netem table semantics: latency + jitter·t (MODELS.md §3.1).
    case pareto(jitterMs: Double)
    case paretoNormal(jitterMs: Double)
    /// latency + Γ(shape, scale).
    case shiftedGamma(shape: Double, scaleMs: Double)
    /// Per-packet delays replayed from a trace file (latency is added).
    case trace(file: String, delaysMs: [Double?])
}

public enum LossSpec: Sendable, Hashable {
    case none
    case bernoulli(rate: Double)
    /// netem `gemodel` parameters: p = P(G→B), r = P(B→G), lossBad = 1−h, lossGood = 1−k. The `gilbert` and `fit`
    /// spec models load into this case (k = 1; a fit stores the fitted p and r).
    case gilbertElliott(p: Double, r: Double, lossBad: Double, lossGood: Double)
    /// netem `loss state p13 p31 p32 p23 p14`.
    case fourState(p13: Double, p31: Double, p32: Double, p23: Double, p14: Double)
    /// Per-packet loss flags replayed from a trace file.
    case trace(file: String, lost: [Bool])
}

/// The receiver's jitter buffer kinds (docs/jitter-buffers.md).
public enum JitterBufferKind: String, Sendable, Equatable, CaseIterable {
    case fixed, ramjee, neteq, external
}

/// A fixed buffer's configuration and defaults.
public struct FixedBufferConfiguration: Sendable, Equatable {
    public var depthMs = 40.0
    public init(depthMs: Double = 40) { self.depthMs = depthMs }
}

/// An adaptive buffer's configuration (Ramjee or NetEq-like) and its defaults.
public struct AdaptiveBufferConfiguration: Sendable, Equatable {
    public var minMs = 0.0
    public var maxMs = 1000.0
    public var talkspurtMs = 1000.0
    public var timeStretch = false
    /// Ramjee only: Algorithm 1 (default) or 4 (spike detection).
    public var algorithm = 1
    /// NetEq-like only: the delay histogram's quantile and forgetting factor (MODELS.md §4.3).
    public var quantile = 0.95
    public var forgetFactor = 0.983
    public init() {}
}

/// An external buffer's command (docs/jitter-buffer-protocol.md).
public struct ExternalBufferConfiguration: Sendable, Equatable {
    /// A path relative to the spec's folder, or a name in PATH.
    public var command = ""
    public var args: [String] = []
    /// The folder it runs in (the spec's).
    public var directory = ""
    /// The longest wait for one answer, ms.
    public var timeoutMs = 5_000.0
    public init() {}
}

/// The spec's buffer: one typed configuration per kind, each with its own defaults.
public enum JitterBufferConfiguration: Sendable, Equatable {
    case fixed(FixedBufferConfiguration)
    case ramjee(AdaptiveBufferConfiguration)
    case neteq(AdaptiveBufferConfiguration)
    case external(ExternalBufferConfiguration)

    public static func defaults(for kind: JitterBufferKind) -> JitterBufferConfiguration {
        switch kind {
        case .fixed: return .fixed(FixedBufferConfiguration())
        case .ramjee: return .ramjee(AdaptiveBufferConfiguration())
        case .neteq: return .neteq(AdaptiveBufferConfiguration())
        case .external: return .external(ExternalBufferConfiguration())
        }
    }

    public var kind: JitterBufferKind {
        switch self {
        case .fixed: return .fixed
        case .ramjee: return .ramjee
        case .neteq: return .neteq
        case .external: return .external
        }
    }
}

/// `jitter_buffer:` in a spec. The configuration is typed (`configuration`); the flat properties read and write
/// the current kind's values (the loader sets `type` first, which selects that kind's defaults), and read a
/// kind's default when the kind has no such key.
public struct JitterBufferSpec: Sendable, Equatable {
    public var configuration: JitterBufferConfiguration

    public var kind: JitterBufferKind {
        get { configuration.kind }
        set { if newValue != configuration.kind { configuration = .defaults(for: newValue) } }
    }

    /// fixed, ramjee, neteq or external.
    public var type: String {
        get { kind.rawValue }
        set { kind = JitterBufferKind(rawValue: newValue) ?? .fixed }
    }

    var fixed: FixedBufferConfiguration {
        get { if case .fixed(let c) = configuration { return c } else { return FixedBufferConfiguration() } }
        set { if case .fixed = configuration { configuration = .fixed(newValue) } }
    }

    var adaptive: AdaptiveBufferConfiguration {
        get {
            switch configuration {
            case .ramjee(let c), .neteq(let c): return c
            default: return AdaptiveBufferConfiguration()
            }
        }
        set {
            switch configuration {
            case .ramjee: configuration = .ramjee(newValue)
            case .neteq: configuration = .neteq(newValue)
            default: break
            }
        }
    }

    var external: ExternalBufferConfiguration {
        get { if case .external(let c) = configuration { return c } else { return ExternalBufferConfiguration() } }
        set { if case .external = configuration { configuration = .external(newValue) } }
    }

    public var depthMs: Double { get { fixed.depthMs } set { fixed.depthMs = newValue } }
    public var minMs: Double { get { adaptive.minMs } set { adaptive.minMs = newValue } }
    public var maxMs: Double { get { adaptive.maxMs } set { adaptive.maxMs = newValue } }
    public var talkspurtMs: Double { get { adaptive.talkspurtMs } set { adaptive.talkspurtMs = newValue } }
    public var quantile: Double { get { adaptive.quantile } set { adaptive.quantile = newValue } }
    public var forgetFactor: Double { get { adaptive.forgetFactor } set { adaptive.forgetFactor = newValue } }
    public var timeStretch: Bool { get { adaptive.timeStretch } set { adaptive.timeStretch = newValue } }
    public var algorithm: Int { get { adaptive.algorithm } set { adaptive.algorithm = newValue } }
    public var command: String { get { external.command } set { external.command = newValue } }
    public var args: [String] { get { external.args } set { external.args = newValue } }
    public var directory: String { get { external.directory } set { external.directory = newValue } }
    public var timeoutMs: Double { get { external.timeoutMs } set { external.timeoutMs = newValue } }

    public init(configuration: JitterBufferConfiguration) { self.configuration = configuration }

    public init(type: String = "fixed", depthMs: Double = 40, minMs: Double = 0, maxMs: Double = 1000,
                talkspurtMs: Double = 1000, quantile: Double = 0.95, forgetFactor: Double = 0.983, timeStretch: Bool = false) {
        configuration = .defaults(for: JitterBufferKind(rawValue: type) ?? .fixed)
        self.depthMs = depthMs
        self.minMs = minMs
        self.maxMs = maxMs
        self.talkspurtMs = talkspurtMs
        self.quantile = quantile
        self.forgetFactor = forgetFactor
        self.timeStretch = timeStretch
    }
}

public enum PLCKind: String, Sendable, Equatable, CaseIterable {
    case silence
    case `repeat`
    /// ITU-T G.711 Appendix I pitch waveform substitution.
    case g711AppendixI = "g711-appendix-i"
}

/// A scalar written in a spec, with its location for later validation errors.
public struct LocatedValue: Sendable, Equatable {
    public var key: String
    public var value: Double
    public var location: SpecLocation
}

/// A bound on a result field (`signal_mos: {min: 3.8}`).
public struct ExpectBound: Sendable, Equatable {
    public var field: String
    public var min: Double?
    public var max: Double?
    public var location: SpecLocation
}

/// `file:line:column` of something in a spec.
public struct SpecLocation: Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?

    public func error(_ message: String, hint: String? = nil) -> InputError {
        InputError(file: file, line: line, column: column, message, hint: hint)
    }
}
