import ArgumentParser
import EModel
import Foundation
import LabCore
import LabPipeline
import SpeechCodecs

/// `moslab emodel`: the ITU-T G.107 E-model (or G.107.1 wideband) from G.107 symbols, a G.113 codec, or network
/// measurements; prints R, MOS and every term so the prediction can be audited.
public struct EModelCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "emodel",
        abstract: "Predict MOS with the ITU-T G.107 E-model (G.107.1 with --wideband); convert R ↔ MOS.",
        discussion: """
            Parameters are G.107 symbols with their Table 3 defaults; set any of them as SYMBOL=VALUE:
              \(EModelSymbol.narrowband.map(\.rawValue).joined(separator: " "))
            Wideband (G.107.1) symbols: \(EModelSymbol.wideband.map(\.rawValue).joined(separator: " "))
            (IeWB and BplWB are Ie,WB and Bpl,WB on the 0…129 scale.) Delays in ms, Ppl in percent. A value outside \
            G.107's validated range is computed and warned about (stderr, and `warnings` in JSON); --strict refuses it.

            --codec takes Ie and Bpl for the packet size (--packet, default 20 ms or the frame if longer) and the \
            concealment (--concealment; --plc is G.711 Appendix I): ITU-T G.113 where it publishes the matching value, \
            else MOSLab's calibration (P.834 / P.834.1, docs/emodel.md). An explicit Ie= or Bpl= overrides it.

            Network MOS calculator: --latency (one-way network delay) --jitter --loss [--burst] --codec map to
              Ta = latency + jitter buffer (default 2 x jitter) + packet + codec look-ahead;  T = Ta;  Tr = 2 Ta;
              Ppl = loss;  BurstR = burst.
            The simplified calculator formula (latency + 2 x jitter + 10 ms ...) is printed beside it, labelled.

            Conversions: --r R prints MOS and band (R_WB on 0…129 with --wideband); --mos MOS prints R.

            Examples:
              moslab emodel
              moslab emodel Ta=150 Ie=11 Bpl=19 Ppl=2 BurstR=1.5 --json
              moslab emodel --latency 80 --jitter 20 --loss 1 --burst 1.5 --codec g729a
              moslab emodel --wideband --codec amr-wb-12.65 Ta=120
              moslab emodel --r 70        moslab emodel --mos 3.5
            """)

    @Argument(help: ArgumentHelp("E-model parameters as SYMBOL=VALUE, e.g. Ta=150 Ppl=2.", valueName: "SYMBOL=VALUE"))
    public var assignments: [String] = []

    @Option(help: "Codec whose Ie and Bpl to use (e.g. g711u, g729a, gsm-fr, opus-nb-11, amr-wb-12.65; see `moslab codecs`).")
    public var codec: String?

    @Flag(help: "The G.711 Appendix I concealment (same as --concealment g711-appendix-i).")
    public var plc = false

    @Option(help: "Concealment the Bpl must match: native, silence, repeat or g711-appendix-i (default: the codec's own, else repeat as in `moslab run`).")
    public var concealment: String?

    @Flag(help: "Use the wideband E-model, ITU-T G.107.1 (R on 0…129, MOS from R/1.29).")
    public var wideband = false

    @Flag(help: "Print JSON instead of text.")
    public var json = false

    @Flag(help: "Refuse values outside G.107's validated ranges instead of computing with a warning.")
    public var strict = false

    @Flag(help: ArgumentHelp("Accepted for compatibility: out-of-range values are now computed with a warning by default.", visibility: .hidden))
    public var allowOutOfRange = false

    @Option(name: .customLong("r"), help: "Convert an R value to MOS and band (G.107 Annex B; with --wideband R_WB/1.29).")
    public var rValue: Double?

    @Option(name: .customLong("mos"), help: "Convert a MOS to R (G.107 Appendix I; with --wideband 1.29·R).")
    public var mosValue: Double?

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
        if rValue == nil && mosValue == nil {
            // Warnings go to stderr; the output itself comes from render() (bad input: one line, exit 2).
            if let report = try? makeReport() { for warning in report.warnings { printError("warning: \(warning)") } }
        }
        print(try failing { try render() })
    }

    /// The whole output as one string (text or JSON), so tests can check exactly what users read.
    public func render() throws -> String {
        if rValue != nil || mosValue != nil { return try conversion() }
        let report = try makeReport()
        return json ? try report.jsonText() : report.text()
    }

    /// `--r` → MOS and band, `--mos` → R.
    func conversion() throws -> String {
        guard assignments.isEmpty, codec == nil, latency == nil, loss == nil, jitter == nil else {
            throw InputError("--r and --mos convert one value and take no other inputs", hint: "e.g. moslab emodel --r 70")
        }
        struct Conversion: Encodable { var model: String; var R: Double; var MOS: Double; var band: String; var satisfaction: String?; var warnings: [String] }
        var warnings: [String] = []
        let result: Conversion
        let model = wideband ? G1071.edition : G107.edition
        if let r = rValue {
            guard mosValue == nil else { throw InputError("give either --r or --mos, not both") }
            guard r.isFinite else { throw InputError("--r must be a finite number, not \(r)") }
            let top = wideband ? 129.0 : 100.0
            if r < 0 || r > top {
                guard !strict else { throw InputError("--r \(format(r)) is outside 0…\(format(top))", hint: "drop --strict to convert with the clamp") }
                warnings.append("R = \(format(r)) is outside 0…\(format(top)); MOS is clamped to [1, 4.5] (G.107 Annex B)")
            }
            let mos = wideband ? G1071.mos(fromR: r) : G107.mos(fromR: r)
            result = Conversion(model: model, R: r, MOS: mos, band: bandLabel(mos),
                                satisfaction: wideband ? nil : G107.Satisfaction(R: r).rawValue, warnings: warnings)
        } else {
            let mos = mosValue!
            guard mos.isFinite, (1...4.5).contains(mos) else {
                throw InputError("--mos \(format(mos)) is outside the MOS-CQE scale 1…4.5", hint: "e.g. --mos 3.5")
            }
            let r = wideband ? G1071.rFactor(fromMOS: mos) : G107.rFactor(fromMOS: mos)
            result = Conversion(model: model, R: r, MOS: mos, band: bandLabel(mos),
                                satisfaction: wideband ? nil : G107.Satisfaction(R: r).rawValue, warnings: warnings)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(result), as: UTF8.self)
        }
        for w in warnings { printError("warning: \(w)") }
        var lines = [rValue != nil
            ? "R \(f2(result.R)) → MOS \(f2(result.MOS))  (\(wideband ? "G.107.1 Annex A: R/1.29, then " : "")G.107 Annex B eq. B-4, clamped to [1, 4.5])"
            : "MOS \(f2(result.MOS)) → R \(f2(result.R))  (G.107 Appendix I\(wideband ? ", × 1.29 for G.107.1" : ""))"]
        lines.append("Call-centre MOS band: \(result.band)")
        if let s = result.satisfaction { lines.append("G.107 Table B.1 user satisfaction: \(s)") }
        return lines.joined(separator: "\n")
    }

    // MARK: - Building the report

    /// The symbols the network calculator derives; setting them by hand as well is a conflict.
    static let networkSymbols: Set<EModelSymbol> = [.Ta, .T, .Tr, .Ppl, .BurstR]

    /// The concealment the codec's Bpl must match.
    func chosenConcealment(concealsInternally: Bool?) throws -> Concealment {
        if let concealment {
            guard let value = Concealment(rawValue: concealment) else {
                throw InputError("--concealment '\(concealment)' is not a concealment",
                                 hint: "one of: \(Concealment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if plc && value != .g711AppendixI { throw InputError("--plc means --concealment g711-appendix-i; give one of them") }
            return value
        }
        if plc { return .g711AppendixI }
        return concealsInternally == true ? .native : .repeat
    }

    func makeReport() throws -> EModelReport {
        var notes: [String] = []

        // The codec: its band and its table values for this packet size and concealment.
        var band: EModelBand = wideband ? .wideband : .narrowband
        var codecEntry: CodecImpairment?
        var packetMs = packet ?? 20
        if let codec {
            let key = codec.lowercased()
            let registered = try? CodecRegistry.codec(named: key).descriptor
            let published = G113.ie(codec: key)
            guard registered != nil || published != nil else {
                let names = CodecRegistry.names + G113.codecs.filter { !CodecRegistry.names.contains($0) }
                throw InputError("unknown codec '\(codec)'",
                                 hint: NearestName.nearest(to: key, in: names).map { "did you mean '\($0)'? see `moslab codecs`" } ?? "see `moslab codecs`")
            }
            let name = registered?.name ?? key
            let codecWideband = registered?.wideband ?? published?.wideband ?? false
            if codecWideband && !wideband {
                throw InputError("codec '\(name)' is wideband: its Ie,WB is on the G.107.1 0…129 scale and has no narrowband G.107 R",
                                 hint: "add --wideband")
            }
            if !codecWideband && wideband {
                throw InputError("codec '\(name)' is narrowband: its Ie belongs to G.107 (0…100), not G.107.1",
                                 hint: "drop --wideband, or give IeWB=VALUE on the 0…129 scale without --codec")
            }
            band = codecWideband ? .wideband : .narrowband
            packetMs = packet ?? max(20, registered?.frameMs ?? G113.timing(codec: name)?.frameMs ?? 20)
            let conceal = try chosenConcealment(concealsInternally: registered?.concealsInternally ?? (published != nil && !name.hasPrefix("g711") && !name.hasPrefix("g726")))
            codecEntry = CodecImpairments.lookup(codec: name, wideband: codecWideband, packetMs: packetMs, concealment: conceal)
                ?? registered.flatMap { InterpolatedImpairment.lookup($0, packetMs: packetMs, concealment: conceal) }
            if plc, !name.hasPrefix("g711") {
                notes.append("--plc (G.711 Appendix I) applies to G.711; for \(name) it selects the Bpl for that concealment if one exists")
            }
        } else if plc || concealment != nil {
            throw InputError("--plc and --concealment choose a codec's Bpl", hint: "add --codec, e.g. --codec g711u --plc")
        }

        var builder = EModelInputBuilder(band: band, codecName: codec.map { codecEntry?.codec ?? $0.lowercased() }, codec: codecEntry)
        builder.overrides = try parseAssignments(band: band)
        builder.overridesOrigin = "argument"

        // Network calculator inputs.
        var network: NetworkMapping?
        var simplified: SimplifiedNetworkMOS?
        if latency != nil || jitter != nil || loss != nil || burst != nil || jitterBuffer != nil || packet != nil && codec == nil {
            guard let latency else {
                throw InputError("the network MOS calculator needs --latency", hint: "e.g. --latency 80 --jitter 20 --loss 1 --codec g711u")
            }
            guard let codec else {
                throw InputError("the network MOS calculator needs --codec (for Ie, Bpl, frame and look-ahead)",
                                 hint: "e.g. --codec g711u")
            }
            if let clash = builder.overrides.first(where: { Self.networkSymbols.contains($0.symbol) }) {
                throw InputError("\(clash.symbol.rawValue) is derived from --latency/--jitter/--loss/--burst here",
                                 hint: "drop \(clash.symbol.rawValue)=… or the network options")
            }
            for (name, value) in [("--latency", latency), ("--jitter", jitter ?? 0), ("--loss", loss ?? 0),
                                  ("--jitter-buffer", jitterBuffer ?? 0), ("--packet", packetMs), ("--burst", burst ?? 1)]
            where !(value >= 0) || !value.isFinite {
                throw InputError("\(name) must be a non-negative number, not \(format(value))")
            }
            guard (loss ?? 0) <= 100 else { throw InputError("--loss \(format(loss ?? 0)) is above 100 %", hint: "loss is a percentage, e.g. --loss 2") }
            let timing = G113.timing(codec: codec)
            if timing == nil { notes.append("\(codec): look-ahead unknown to MOSLab, taken as 0 ms") }
            let mapping = NetworkMapping(
                latencyMs: latency, jitterMs: jitter ?? 0, jitterBufferMs: jitterBuffer,
                packetMs: packetMs, lookaheadMs: timing?.lookaheadMs ?? 0,
                lossPercent: loss ?? 0, burstR: burst ?? 1)
            network = mapping
            simplified = SimplifiedNetworkMOS(latencyMs: latency, jitterMs: jitter ?? 0, lossPercent: loss ?? 0)
            builder.measure(Ta: mapping.Ta, Ppl: mapping.lossPercent, BurstR: mapping.burstR, origin: "network")
        }

        let input = builder.build()
        if strict { try input.requireValidated() }
        notes += input.notes
        let prediction = input.evaluate()
        let result: EModelReport.Result
        if let r = prediction.narrowbandResult {
            result = .narrowband(r, inputs: input.dictionary)
        } else {
            result = .wideband(prediction.widebandResult!, inputs: input.dictionary)
        }
        return EModelReport(
            result: result, symbolOrder: EModelSymbol.symbols(band).map(\.resultKey),
            changed: Set(input.origin.keys.map(\.resultKey)), codec: codecEntry, network: network, simplified: simplified,
            ie: input.ie, bpl: input.bpl, ieSource: input.ie_source.rawValue, bplSource: input.bpl_source.rawValue,
            warnings: input.warnings, notes: notes)
    }

    /// `SYMBOL=VALUE` words, in order, as typed overrides for `band`.
    func parseAssignments(band: EModelBand) throws -> [EModelOverride] {
        try assignments.map { word in
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InputError("expected SYMBOL=VALUE, got '\(word)'",
                                 hint: "e.g. Ta=150 (symbols: \(EModelSymbol.symbols(band).map(\.rawValue).joined(separator: " ")))")
            }
            let symbol = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let text = String(parts[1]).trimmingCharacters(in: .whitespaces)
            guard let value = Double(text), value.isFinite else {
                throw InputError("\(symbol)=\(text): '\(text)' is not a number", hint: "write a decimal number, e.g. \(symbol)=150")
            }
            return try EModelOverride.parse(key: symbol, value: value, band: band)
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
    var ie: Double
    var bpl: Double
    var ieSource: String
    var bplSource: String
    var warnings: [String]
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
        var ie, bpl: Double
        var ie_source, bpl_source: String
        var warnings: [String]
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
                codec: codec, network: net, simplified: simple, ie: ie, bpl: bpl, ie_source: ieSource,
                bpl_source: bplSource, warnings: warnings, notes: notes)
        case .wideband(let r, let inputs):
            return JSONDocument(
                model: G1071.edition, scale: "wideband, R 0…129", R: r.R, MOS: r.MOS, Ro: r.Ro, Is: r.Is, Id: r.Id,
                Idte: r.Idte, Idle: r.Idle, Idd: r.Idd, Ie_eff: r.Ie_eff, A: r.A, No: r.No, Iolr: nil, Ist: nil,
                Iq: nil, satisfaction: nil, band: bandLabel(r.MOS), inputs: inputs, codec: codec, network: net,
                simplified: simple, ie: ie, bpl: bpl, ie_source: ieSource, bpl_source: bplSource, warnings: warnings,
                notes: notes)
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
        let wb = d.scale.hasPrefix("wideband") ? ",WB" : ""
        out.append("Ie\(wb) \(format(ie)) (\(ieSource))   Bpl\(wb) \(format(bpl)) (\(bplSource))")
        if let c = codec {
            out.append("Codec \(c.codec)\(c.provisional ? " (provisional G.113 value)" : ""): \(c.source)")
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
        if !warnings.isEmpty || !notes.isEmpty {
            out.append("")
            out += warnings.map { "Warning: \($0)" }
            out += notes.map { "Note: \($0)" }
        }
        return out.joined(separator: "\n")
    }
}

/// The call-centre band of a MOS with its range (the one table, `MOSBand`).
func bandLabel(_ mos: Double) -> String { MOSBand(mos: mos).labelWithRange }

private func f2(_ x: Double) -> String { fixed(x, 2) }
private func f3(_ x: Double) -> String { fixed(x, 3) }

/// A number as short as it can be written exactly (no trailing ".0").
private func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%g", x)
}
