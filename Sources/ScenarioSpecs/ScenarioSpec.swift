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

public struct NetworkSpec: Sendable, Equatable {
    public var latencyMs: Double
    public var jitter: JitterSpec
    public var loss: LossSpec
    /// Allow a packet to overtake an earlier one (off: FIFO, as on a single path).
    public var reorder: Bool
    public init(latencyMs: Double = 0, jitter: JitterSpec = .none, loss: LossSpec = .none, reorder: Bool = false) {
        self.latencyMs = latencyMs
        self.jitter = jitter
        self.loss = loss
        self.reorder = reorder
    }
}

public enum JitterSpec: Sendable, Equatable {
    case none
    case normal(stddevMs: Double)
    case uniform(halfWidthMs: Double)
}

public enum LossSpec: Sendable, Equatable {
    case none
    case bernoulli(rate: Double)
    /// netem `gemodel` parameters: p = P(G→B), r = P(B→G), lossBad = 1−h, lossGood = 1−k.
    case gilbertElliott(p: Double, r: Double, lossBad: Double, lossGood: Double)
}

public struct JitterBufferSpec: Sendable, Equatable {
    public var type: String
    public var depthMs: Double
    public init(type: String = "fixed", depthMs: Double = 40) {
        self.type = type
        self.depthMs = depthMs
    }
}

public enum PLCKind: String, Sendable, Equatable, CaseIterable {
    case silence
    case `repeat`
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
