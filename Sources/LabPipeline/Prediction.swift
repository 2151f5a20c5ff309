import EModel
import Foundation
import LabCore
import ScenarioSpecs
import SpeechCodecs

/// The predicted MOS of one run: G.107 for narrowband codecs, G.107.1 for wideband ones (never mixed), with the
/// inputs taken from the realised trace (Ta, Ppl, BurstR), the codec's G.113 Ie/Bpl, then the spec's overrides.
struct Prediction {
    var model: String
    var R: Double?
    var MOS: Double?
    var inputs: [String: Double]
    var terms: [String: Double]
    var notes: [String]

    static func make(spec: ScenarioSpec, codec descriptor: CodecDescriptor, oneWayDelayMs: Double,
                     effectiveLossRate: Double, burstRatio: Double) throws -> Prediction {
        var notes: [String] = []
        // G.113 publishes G.711's Bpl without PLC (4.3) and with Appendix I PLC (25.1); any concealment other than
        // silence takes the with-PLC value (for repeat-with-fade this is provisional, and the result says so).
        let concealing = spec.plc != .silence || descriptor.concealsInternally
        var impairment: CodecImpairment?
        do {
            impairment = try G113.impairment(codec: descriptor.name, plc: concealing)
        } catch {
            notes.append("no published E-model values for \(descriptor.name): give `emodel: {Ie: …, Bpl: …}` in the spec for a prediction")
        }
        let overridden = Set(spec.emodel.map(\.key))
        if let impairment {
            if impairment.plc && !descriptor.concealsInternally && spec.plc != .g711AppendixI {
                notes.append("Bpl \(impairment.Bpl.map { String($0) } ?? "-") is G.113's value with G.711 Appendix I PLC; used provisionally for '\(spec.plc.rawValue)' concealment")
            }
            if impairment.provisional { notes.append("E-model values for \(descriptor.name) are provisional: \(impairment.source)") }
            if impairment.Bpl == nil && effectiveLossRate > 0 && !overridden.contains("Bpl") {
                notes.append("G.113 publishes no Bpl for \(descriptor.name); the default Bpl was used for the loss term")
            }
        } else if !(overridden.contains("Ie") && overridden.contains("Bpl")) {
            return Prediction(model: descriptor.wideband ? G1071.edition : G107.edition, R: nil, MOS: nil,
                              inputs: [:], terms: [:], notes: notes)
        }

        // Values measured on the run may leave G.107's validated ranges (Ppl above 20 % on a very lossy trace, Ta
        // beyond 500 ms): the prediction is still computed, and the result says it is extrapolated. Values written in
        // the spec must be in range.
        func apply(_ set: (String, Double, Bool) throws -> Void) throws {
            if let impairment {
                try set("Ie", impairment.Ie, true)
                if let bpl = impairment.Bpl { try set("Bpl", bpl, true) }
            }
            let measured: [(String, Double)] = [("Ta", oneWayDelayMs), ("T", oneWayDelayMs), ("Tr", 2 * oneWayDelayMs),
                                                ("Ppl", 100 * effectiveLossRate), ("BurstR", burstRatio)]
            for (symbol, value) in measured {
                do {
                    try set(symbol, value, false)
                } catch {
                    try set(symbol, value, true)
                    notes.append("\(symbol) = \(String(format: "%.3g", value)) from the run is outside G.107's validated range; the prediction is extrapolated")
                }
            }
            for override in spec.emodel {
                do {
                    try set(override.key, override.value, false)
                } catch {
                    throw override.location.error("emodel.\(override.key): \(error)")
                }
            }
        }

        if descriptor.wideband {
            var parameters = WidebandParameters()
            try apply { try parameters.set(symbol: $0, value: $1, allowOutOfRange: $2) }
            let result = G1071.evaluate(parameters)
            return Prediction(model: G1071.edition, R: result.R, MOS: result.MOS, inputs: try dictionary(parameters),
                              terms: try dictionary(result), notes: notes + ["wideband: R on G.107.1's 0…129 scale, MOS from R/1.29"])
        }
        var parameters = G107Parameters()
        try apply { try parameters.set(symbol: $0, value: $1, allowOutOfRange: $2) }
        let result = G107.evaluate(parameters)
        return Prediction(model: G107.edition, R: result.R, MOS: result.MOS, inputs: try dictionary(parameters),
                          terms: try dictionary(result), notes: notes)
    }

    /// Every numeric field of an E-model value by its symbol, for result.json.
    static func dictionary<T: Encodable>(_ value: T) throws -> [String: Double] {
        let data = try JSONEncoder().encode(value)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
}
