import EModel
import Foundation
import SpeechCodecs

/// Ie and Bpl for a codec built on demand (`opus-nb-12`, `opus-wb-20-fec`, `mnru-q17`), which has no row of its
/// own: interpolated between the calibrated members of its family at the same packet size and concealment,
/// linearly in log bit rate (Opus) or in Q (MNRU), and clamped to the nearest member outside their span. The
/// source stays `calibrated`, and a note names the two members.
public enum InterpolatedImpairment {
    public static func lookup(_ d: CodecDescriptor, packetMs: Double, concealment: Concealment) -> CodecImpairment? {
        guard let target = position(d) else { return nil }
        let members = CodecRegistry.all.map(\.descriptor).filter {
            $0.family == d.family && $0.wideband == d.wideband && $0.name.hasSuffix("-fec") == d.name.hasSuffix("-fec") && $0.name != d.name
        }
        let known = members.compactMap { m -> (Double, CodecImpairment)? in
            guard let p = position(m), let v = CodecImpairments.lookup(codec: m.name, wideband: m.wideband, packetMs: packetMs,
                                                                       concealment: concealment),
                  v.Ie != nil, v.Bpl != nil else { return nil }
            return (p, v)
        }.sorted { $0.0 < $1.0 }
        guard let first = known.first, let last = known.last else { return nil }
        let below = known.last { $0.0 <= target } ?? first
        let above = known.first { $0.0 >= target } ?? last
        let w = above.0 == below.0 ? 0 : (target - below.0) / (above.0 - below.0)
        func mix(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { a in b.map { a + w * ($0 - a) } } }
        var result = below.1
        result.codec = d.name
        result.Ie = mix(below.1.Ie, above.1.Ie)
        result.Bpl = mix(below.1.Bpl, above.1.Bpl)
        result.ie_source = .calibrated
        result.bpl_source = .calibrated
        result.notes = below.1.notes + ["\(d.name) has no calibrated row: Ie and Bpl interpolated between \(below.1.codec) and \(above.1.codec)"]
        return result
    }

    /// Where a family member sits: log bit rate for Opus, Q for MNRU; nil for other families.
    static func position(_ d: CodecDescriptor) -> Double? {
        if d.family.hasPrefix("opus") { return log(Double(d.bitrate)) }
        if d.family.hasPrefix("mnru"), let q = d.name.split(separator: "q").last.flatMap({ Double($0) }) { return q }
        return nil
    }
}
