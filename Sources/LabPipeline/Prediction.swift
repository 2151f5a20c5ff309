import EModel
import Foundation
import LabCore
import ScenarioSpecs
import SpeechCodecs

/// The predicted MOS of one run: G.107 for narrowband codecs, G.107.1 for wideband ones (never mixed). Inputs
/// come from `EModelInputBuilder`: the spec's `emodel:` values, then the realised trace (Ta, Ppl, BurstR), then the
/// codec's Ie/Bpl for this packet size and concealment (G.113, else MOSLab's calibration), then the defaults.
struct Prediction {
    var model: String
    var R: Double?
    var MOS: Double?
    var inputs: [String: Double]
    var terms: [String: Double]
    var ie: Double?
    var bpl: Double?
    var ieSource: String?
    var bplSource: String?
    /// Inputs outside G.107's validated ranges (the prediction is extrapolated).
    var warnings: [String]
    var notes: [String]

    /// The concealment the E-model's Bpl must match for this codec and spec.
    static func concealment(spec: ScenarioSpec, codec descriptor: CodecDescriptor) -> Concealment {
        if descriptor.concealsInternally { return .native }
        switch spec.plc {
        case .silence: return .silence
        case .repeat: return .repeat
        case .g711AppendixI: return .g711AppendixI
        }
    }

    /// The builder for a spec and codec, before any measurement: table values and the spec's `emodel:` values
    /// (refused with file:line:col when unknown, of the other scale, or impossible).
    static func builder(spec: ScenarioSpec, codec descriptor: CodecDescriptor) throws -> EModelInputBuilder {
        let band: EModelBand = descriptor.wideband ? .wideband : .narrowband
        let conceal = concealment(spec: spec, codec: descriptor)
        let impairment = CodecImpairments.lookup(
            codec: descriptor.name, wideband: descriptor.wideband, packetMs: spec.codec.ptimeMs, concealment: conceal)
            ?? InterpolatedImpairment.lookup(descriptor, packetMs: spec.codec.ptimeMs, concealment: conceal)
        var builder = EModelInputBuilder(band: band, codecName: descriptor.name, codec: impairment)
        builder.overrides = try spec.emodel.map { entry in
            do {
                return try EModelOverride.parse(key: entry.key, value: entry.value, band: band)
            } catch let error as InputError {
                throw entry.location.error("emodel.\(entry.key): \(error.message)", hint: error.hint)
            }
        }
        return builder
    }

    /// Checks a spec's `emodel:` block before any audio is processed; with `strict`, values the spec gives outside
    /// G.107's validated ranges are refused too.
    static func validate(spec: ScenarioSpec, strict: Bool) throws {
        let descriptor = try CodecRegistry.codec(named: spec.codec.name).descriptor
        let builder = try builder(spec: spec, codec: descriptor)
        guard strict else { return }
        for (override, entry) in zip(builder.overrides, spec.emodel) {
            var single = EModelInputBuilder(band: builder.band)
            single.overrides = [override]
            do {
                try single.build().requireValidated()
            } catch let error as InputError {
                throw entry.location.error("emodel.\(entry.key): \(error.message)", hint: error.hint)
            }
        }
    }

    /// `builder`: `builder(spec:codec:)` when the caller has it (a sweep computes it once per codec, packet size,
    /// concealment and `emodel:` block, `SweepCache.emodelBuilder`).
    static func make(spec: ScenarioSpec, codec descriptor: CodecDescriptor, builder known: EModelInputBuilder? = nil,
                     oneWayDelayMs: Double, effectiveLossRate: Double, burstRatio: Double) throws -> Prediction {
        var builder = try known ?? builder(spec: spec, codec: descriptor)
        builder.measure(Ta: oneWayDelayMs, Ppl: 100 * effectiveLossRate, BurstR: burstRatio, origin: "run")
        let input = builder.build()
        let prediction = input.evaluate()
        var notes = input.notes
        if descriptor.wideband { notes.append("wideband: R on G.107.1's 0…129 scale, MOS from R/1.29") }
        return Prediction(
            model: prediction.model, R: prediction.R, MOS: prediction.MOS, inputs: input.dictionary, terms: prediction.terms,
            ie: input.ie, bpl: input.bpl, ieSource: input.ie_source.rawValue, bplSource: input.bpl_source.rawValue,
            warnings: input.warnings, notes: notes)
    }
}

/// Checks a spec's `emodel:` block before a run (unknown symbols, values of the other scale, impossible values;
/// with `strict`, values outside G.107's validated ranges), so bad input stops before any audio is processed.
public enum EModelInputCheck {
    public static func validate(spec: ScenarioSpec, strict: Bool) throws {
        try Prediction.validate(spec: spec, strict: strict)
    }
}
