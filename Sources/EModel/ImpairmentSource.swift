/// Where an Ie or Bpl value came from, as written in results (`ie_source`, `bpl_source`).
public enum ImpairmentSource: String, Sendable, Codable, Hashable {
    /// Published in ITU-T G.113 (table and packet size in the citation).
    case g113
    /// Derived by MOSLab from signal MOS over a loss sweep (ITU-T P.834 / P.834.1), `CalibratedImpairments`.
    case calibrated
    /// Given by the user (a spec's `emodel:` block, or `moslab emodel SYMBOL=VALUE`).
    case spec
    /// Nothing gave one: G.107 Table 3's default (Ie 0, Bpl 4.3). Only for `moslab emodel` without a codec, or a
    /// codec MOSLab has no value for; a note says so.
    case `default`
}
