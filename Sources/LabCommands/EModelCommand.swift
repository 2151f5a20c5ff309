import ArgumentParser
import EModel
import Foundation
import LabCore

/// `moslab emodel`: the ITU-T G.107 E-model (or G.107.1 wideband) from G.107 symbols, a G.113 codec, or network
/// measurements; prints R, MOS and every term so the prediction can be audited.
public struct EModelCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "emodel",
        abstract: "Predict MOS with the ITU-T G.107 E-model (G.107.1 with --wideband).",
        discussion: """
            Parameters are G.107 symbols with their Table 3 defaults; set any of them as SYMBOL=VALUE:
              \(G107Parameters.symbols.joined(separator: " "))
            Delays in ms, Ppl in percent. Values outside Table 3's permitted ranges are refused unless
            --allow-out-of-range is given.

            --codec takes Ie and Bpl from ITU-T G.113 (Appendix I narrowband, Appendix IV wideband); an explicit
            Ie= or Bpl= overrides it. --plc chooses G.711 with Appendix I concealment (Bpl 25.1) over none (4.3).

            Network MOS calculator: --latency (one-way network delay) --jitter --loss [--burst] --codec map to
              Ta = latency + jitter buffer (default 2 x jitter) + packet + codec look-ahead;  T = Ta;  Tr = 2 Ta;
              Ppl = loss;  BurstR = burst.
            The simplified calculator formula (latency + 2 x jitter + 10 ms ...) is printed beside it, labelled.

            Examples:
              moslab emodel
              moslab emodel Ta=150 Ie=11 Bpl=19 Ppl=2 BurstR=1.5 --json
              moslab emodel --latency 80 --jitter 20 --loss 1 --burst 1.5 --codec g729a
              moslab emodel --wideband --codec amr-wb-12.65 Ta=120
            """)

    @Argument(help: ArgumentHelp("G.107 parameters as SYMBOL=VALUE, e.g. Ta=150 Ppl=2.", valueName: "SYMBOL=VALUE"))
    public var assignments: [String] = []

    @Option(help: "Codec whose G.113 Ie and Bpl to use (e.g. g711u, g729a, g726-32, gsm-efr, amr-wb-12.65).")
    public var codec: String?

    @Flag(help: "For G.711: the Bpl with G.711 Appendix I packet-loss concealment (25.1) instead of none (4.3).")
    public var plc = false

    @Flag(help: "Use the wideband E-model, ITU-T G.107.1 (R on 0…129, MOS from R/1.29).")
    public var wideband = false

    @Flag(help: "Print JSON instead of text.")
    public var json = false

    @Flag(help: "Compute even when a value is outside G.107 Table 3's permitted range (with a warning).")
    public var allowOutOfRange = false

    @Option(help: "One-way network latency, ms (network MOS calculator).")
    public var latency: Double?

    @Option(help: "Network jitter, ms (network MOS calculator).")
    public var jitter: Double?

    @Option(help: "Packet loss, percent, lost plus late (network MOS calculator).")
    public var loss: Double?

    @Option(help: "Burst ratio BurstR of the loss, 1 = random (network MOS calculator).")
    public var burst: Double?

    @Option(name: .customLong("jitter-buffer"), help: "Jitter-buffer delay, ms (default: 2 × jitter).")
    public var jitterBuffer: Double?

    @Option(help: "Packetization interval, ms (default: 20, or the codec frame if longer).")
    public var packet: Double?

    public init() {}

    public func run() throws {
        print(try failing { try render() })  // bad input: one line, exit 2 (issue 14)
    }

    /// The whole output as one string (text or JSON), so tests can check exactly what users read.
    public func render() throws -> String {
        let report = try makeReport()
        return json ? try report.jsonText() : report.text()
    }

    // MARK: - Building the report

    /// The symbols the network calculator derives; setting them by hand as well is a conflict.
    static let networkSymbols: Set<String> = ["Ta", "T", "Tr", "Ppl", "BurstR"]

    func makeReport() throws -> EModelReport {
        let explicit = try parseAssignments()
        var notes: [String] = []

        // The codec's G.113 values, unless the user gives both Ie and Bpl (needed for codecs with none published).
        var codecEntry: CodecImpairment?
        if let codec {
            do {
                codecEntry = try G113.impairment(codec: codec, plc: plc)
            } catch let error as InputError {
                let userGaveBoth = explicit.contains { $0.symbol == "Ie" } && explicit.contains { $0.symbol == "Bpl" }
                guard userGaveBoth, G113.unpublishedReason(codec) != nil else { throw error }
                notes.append("\(codec): \(G113.unpublishedReason(codec) ?? ""); using the Ie and Bpl given")
            }
            if let entry = codecEntry {
                if entry.wideband && !wideband {
                    throw InputError(
                        "codec '\(codec)' is wideband: its Ie,WB = \(format(entry.Ie)) is on the G.107.1 0…129 scale "
                            + "and has no narrowband G.107 R",
                        hint: "add --wideband")
                }
                if !entry.wideband && wideband {
                    throw InputError(
                        "codec '\(codec)' is narrowband: MOSLab has no G.113 Appendix IV Ie,WB for it",
                        hint: "drop --wideband, or give Ie=VALUE on the 0…129 scale without --codec")
                }
                if plc, !entry.codec.hasPrefix("g711") {
                    notes.append("--plc applies only to G.711; \(entry.codec)'s Bpl already assumes its native concealment")
                }
                if entry.provisional { notes.append("\(entry.codec): provisional, not an ITU-T G.113 value: \(entry.source)") }
            }
        } else if plc {
            throw InputError("--plc applies to a G.711 codec", hint: "add --codec g711u or --codec g711a")
        }

        // Network calculator inputs.
        var network: NetworkMapping?
        var simplified: SimplifiedNetworkMOS?
        if latency != nil || jitter != nil || loss != nil || burst != nil || jitterBuffer != nil || packet != nil {
            guard let latency else {
                throw InputError("the network MOS calculator needs --latency", hint: "e.g. --latency 80 --jitter 20 --loss 1 --codec g711u")
            }
            guard let codec else {
                throw InputError("the network MOS calculator needs --codec (for Ie, Bpl, frame and look-ahead)",
                                 hint: "e.g. --codec g711u")
            }
            if let clash = explicit.first(where: { Self.networkSymbols.contains($0.symbol) }) {
                throw InputError("\(clash.symbol) is derived from --latency/--jitter/--loss/--burst here",
                                 hint: "drop \(clash.symbol)=… or the network options")
            }
            for (name, value) in [("--latency", latency), ("--jitter", jitter ?? 0), ("--loss", loss ?? 0),
                                  ("--jitter-buffer", jitterBuffer ?? 0), ("--packet", packet ?? 20)]
            where !(value >= 0) || !value.isFinite {
                throw InputError("\(name) must be a non-negative number, not \(format(value))")
            }
            let timing = G113.timing(codec: codec)
            if timing == nil { notes.append("\(codec): look-ahead unknown to MOSLab, taken as 0 ms") }
            let mapping = NetworkMapping(
                latencyMs: latency, jitterMs: jitter ?? 0, jitterBufferMs: jitterBuffer,
                packetMs: packet ?? max(20, timing?.frameMs ?? 20), lookaheadMs: timing?.lookaheadMs ?? 0,
                lossPercent: loss ?? 0, burstR: burst ?? 1)
            network = mapping
            simplified = SimplifiedNetworkMOS(latencyMs: latency, jitterMs: jitter ?? 0, lossPercent: loss ?? 0)
        }

        // Assemble the inputs: defaults, then codec, then network, then explicit SYMBOL=VALUE.
        var values: [(symbol: String, value: Double, origin: String)] = []
        if let entry = codecEntry {
            if explicit.contains(where: { $0.symbol == "Ie" }) {
                notes.append("Ie given overrides the codec's \(format(entry.Ie))")
            } else {
                values.append(("Ie", entry.Ie, "--codec"))
            }
            if let bpl = entry.Bpl {
                if explicit.contains(where: { $0.symbol == "Bpl" }) {
                    notes.append("Bpl given overrides the codec's \(format(bpl))")
                } else {
                    values.append(("Bpl", bpl, "--codec"))
                }
            } else if !explicit.contains(where: { $0.symbol == "Bpl" }) {
                let ppl = network?.lossPercent ?? explicit.last(where: { $0.symbol == "Ppl" })?.value ?? 0
                if ppl > 0 {
                    throw InputError("G.113 publishes no Bpl for codec '\(entry.codec)', so loss cannot be rated",
                                     hint: "give Bpl=VALUE for this codec's packet size and concealment")
                }
                notes.append("\(entry.codec): no published Bpl (unused: no packet loss)")
            }
        }
        if let n = network {
            values += [("Ta", n.Ta, "network"), ("T", n.T, "network"), ("Tr", n.Tr, "network"),
                       ("Ppl", n.lossPercent, "--loss"), ("BurstR", n.burstR, "--burst")]
        }
        values += explicit.map { ($0.symbol, $0.value, "argument") }

        let symbolsUsed: [String]
        let result: EModelReport.Result
        if wideband {
            var p = WidebandParameters()
            for v in values { try setChecked(v, allowed: allowOutOfRange) { try p.set(symbol: $0, value: $1, allowOutOfRange: $2) } }
            for s in p.outOfRangeSymbols() { notes.append("warning: \(s) is outside its permitted range; the E-model is not validated there") }
            let r = G1071.evaluate(p)
            symbolsUsed = WidebandParameters.symbols
            result = .wideband(r, inputs: Dictionary(uniqueKeysWithValues: symbolsUsed.map { ($0, p.value(of: $0)!) }))
        } else {
            var p = G107Parameters()
            for v in values { try setChecked(v, allowed: allowOutOfRange) { try p.set(symbol: $0, value: $1, allowOutOfRange: $2) } }
            for s in p.outOfRangeSymbols() { notes.append("warning: \(s) is outside G.107 Table 3's permitted range; the E-model is not validated there") }
            let r = G107.evaluate(p)
            symbolsUsed = G107Parameters.symbols
            result = .narrowband(r, inputs: Dictionary(uniqueKeysWithValues: symbolsUsed.map { ($0, p.value(of: $0)!) }))
        }
        return EModelReport(
            result: result, symbolOrder: symbolsUsed, changed: Set(values.map(\.symbol)), codec: codecEntry,
            network: network, simplified: simplified, notes: notes)
    }

    /// Sets one value, rephrasing a range error for a value the user did not type (derived from the network).
    private func setChecked(
        _ v: (symbol: String, value: Double, origin: String), allowed: Bool,
        _ set: (String, Double, Bool) throws -> Void
    ) throws {
        do {
            try set(v.symbol, v.value, allowed)
        } catch let error as InputError where v.origin != "argument" {
            throw InputError("\(v.symbol) derived from \(v.origin): \(error.message)", hint: error.hint)
        }
    }

    /// `SYMBOL=VALUE` words, in order.
    func parseAssignments() throws -> [(symbol: String, value: Double)] {
        try assignments.map { word in
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError("expected SYMBOL=VALUE, got '\(word)'", hint: "e.g. Ta=150 (symbols: \(G107Parameters.symbols.joined(separator: " ")))")
            }
            let symbol = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let text = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard let value = Double(text), value.isFinite else {
                throw InputError("\(symbol)=\(text): '\(text)' is not a number", hint: "write a decimal number, e.g. \(symbol)=150")
            }
            return (symbol, value)
        }
    }
}

/// What `moslab emodel` prints, in text or JSON.
struct EModelReport {
    enum Result {
        case narrowband(G107Result, inputs: [String: Double])
        case wideband(WidebandResult, inputs: [String: Double])
    }

    var result: Result
    var symbolOrder: [String]
    var changed: Set<String>
    var codec: CodecImpairment?
    var network: NetworkMapping?
    var simplified: SimplifiedNetworkMOS?
    var notes: [String]

    /// The JSON document: the terms by G.107 symbol at the top level, then inputs and context.
    struct JSONDocument: Encodable {
        var model: String
        var scale: String
        var R, MOS, Ro, Is, Id, Idte, Idle, Idd, Ie_eff, A, No: Double
        var Iolr, Ist, Iq: Double?
        var satisfaction: String?
        var band: String
        var inputs: [String: Double]
        var codec: CodecImpairment?
        var network: NetworkJSON?
        var simplified: SimplifiedJSON?
        var notes: [String]
    }

    struct NetworkJSON: Encodable {
        var latencyMs, jitterMs, jitterBufferMs, packetMs, lookaheadMs, lossPercent, burstR, Ta, T, Tr: Double
        var mapping = "Ta = latency + jitter buffer + packet + look-ahead; T = Ta; Tr = 2·Ta; Ppl = loss; BurstR = burst"
    }

    struct SimplifiedJSON: Encodable {
        var formula = SimplifiedNetworkMOS.name
        var effectiveLatencyMs, R, MOS: Double
    }

    func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(document)
        return String(decoding: data, as: UTF8.self)
    }

    var document: JSONDocument {
        let net = network.map {
            NetworkJSON(latencyMs: $0.latencyMs, jitterMs: $0.jitterMs, jitterBufferMs: $0.jitterBufferMs,
                        packetMs: $0.packetMs, lookaheadMs: $0.lookaheadMs, lossPercent: $0.lossPercent,
                        burstR: $0.burstR, Ta: $0.Ta, T: $0.T, Tr: $0.Tr)
        }
        let simple = simplified.map { SimplifiedJSON(effectiveLatencyMs: $0.effectiveLatencyMs, R: $0.R, MOS: $0.MOS) }
        switch result {
        case .narrowband(let r, let inputs):
            return JSONDocument(
                model: G107.edition, scale: "narrowband, R 0…100", R: r.R, MOS: r.MOS, Ro: r.Ro, Is: r.Is, Id: r.Id,
                Idte: r.Idte, Idle: r.Idle, Idd: r.Idd, Ie_eff: r.Ie_eff, A: r.A, No: r.No, Iolr: r.Iolr, Ist: r.Ist,
                Iq: r.Iq, satisfaction: G107.Satisfaction(R: r.R).rawValue, band: bandLabel(r.MOS), inputs: inputs,
                codec: codec, network: net, simplified: simple, notes: notes)
        case .wideband(let r, let inputs):
            return JSONDocument(
                model: G1071.edition, scale: "wideband, R 0…129", R: r.R, MOS: r.MOS, Ro: r.Ro, Is: r.Is, Id: r.Id,
                Idte: r.Idte, Idle: r.Idle, Idd: r.Idd, Ie_eff: r.Ie_eff, A: r.A, No: r.No, Iolr: nil, Ist: nil,
                Iq: nil, satisfaction: nil, band: bandLabel(r.MOS), inputs: inputs, codec: codec, network: net,
                simplified: simple, notes: notes)
        }
    }

    func text() -> String {
        let d = document
        var out: [String] = []
        out.append("E-model: \(d.model), \(d.scale)")
        out.append("  R    \(f2(d.R))  = Ro \(f2(d.Ro)) − Is \(f2(d.Is)) − Id \(f2(d.Id)) − Ie,eff \(f2(d.Ie_eff)) + A \(f2(d.A))")
        switch result {
        case .narrowband:
            out.append("  MOS  \(f2(d.MOS))  (MOS-CQE, G.107 Annex B eq. B-4, clamped to [1, 4.5])")
            let s = G107.Satisfaction(R: d.R)
            out.append("  G.107 Table B.1 user satisfaction: \(s.rawValue) (\(s.rRange))")
        case .wideband:
            out.append("  MOS  \(f2(d.MOS))  (MOS-CQE from R/1.29, G.107.1 Annex A, clamped to [1, 4.5])")
            out.append("  G.107 Table B.1 user satisfaction: not defined on the wideband scale")
        }
        out.append("  Call-centre MOS band: \(d.band)")
        out.append("")
        out.append("Terms")
        out.append("  Ro      \(f3(d.Ro))    No \(f3(d.No)) dBm0p")
        if let iolr = d.Iolr, let ist = d.Ist, let iq = d.Iq {
            out.append("  Is      \(f3(d.Is))    Iolr \(f3(iolr))  Ist \(f3(ist))  Iq \(f3(iq))")
        } else {
            out.append("  Is      \(f3(d.Is))    (G.107.1: not modelled)")
        }
        out.append("  Id      \(f3(d.Id))    Idte \(f3(d.Idte))  Idle \(f3(d.Idle))  Idd \(f3(d.Idd))")
        out.append("  Ie,eff  \(f3(d.Ie_eff))")
        out.append("  A       \(f3(d.A))")
        out.append("")
        out.append("Inputs (* = not the default)")
        var line = " "
        for symbol in symbolOrder {
            let item = " \(symbol)=\(format(d.inputs[symbol] ?? .nan))\(changed.contains(symbol) ? "*" : "")"
            if line.count + item.count > 100 {
                out.append(line)
                line = " "
            }
            line += item
        }
        out.append(line)
        if let c = codec {
            let bpl = c.Bpl.map(format) ?? "none published"
            out.append("Codec \(c.codec): Ie\(c.wideband ? ",WB" : "") \(format(c.Ie)), Bpl \(bpl)\(c.provisional ? " (provisional)" : "")")
            out.append("  source: \(c.source)")
        }
        if let n = network {
            out.append("")
            out.append("Network mapping (MOSLab's, not G.107's)")
            out.append("  Ta = latency \(format(n.latencyMs)) + jitter buffer \(format(n.jitterBufferMs)) + packet \(format(n.packetMs))"
                + " + look-ahead \(format(n.lookaheadMs)) = \(format(n.Ta)) ms;  T = Ta;  Tr = 2·Ta = \(format(n.Tr)) ms")
            out.append("  Ppl = \(format(n.lossPercent)) %;  BurstR = \(format(n.burstR))")
        }
        if let s = simplified {
            out.append("")
            out.append("For comparison, the \(SimplifiedNetworkMOS.name):")
            out.append("  effective latency \(format(s.effectiveLatencyMs)) ms → R \(f2(s.R)), MOS \(f2(s.MOS))"
                + "  (ignores codec, burstiness and echo)")
        }
        if !notes.isEmpty {
            out.append("")
            out += notes.map { "Note: \($0)" }
        }
        return out.joined(separator: "\n")
    }
}

/// The call-centre band of a MOS, with issue 5's name "Unacceptable" for the lowest band.
func bandLabel(_ mos: Double) -> String {
    switch MOSBand(mos: mos) {
    case .excellent: "Excellent (4.3–5)"
    case .good: "Good (4.0–4.3)"
    case .fair: "Fair (3.5–4.0)"
    case .poor: "Poor (3.0–3.5)"
    case .bad: "Unacceptable (below 3.0)"
    }
}

private func f2(_ x: Double) -> String { String(format: "%.2f", x) }
private func f3(_ x: Double) -> String { String(format: "%.3f", x) }

/// A number as short as it can be written exactly (no trailing ".0").
private func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%g", x)
}
