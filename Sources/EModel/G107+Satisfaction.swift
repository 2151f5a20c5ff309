extension G107 {
    /// User satisfaction by R, G.107 Annex B Table B.1 (the categories of ITU-T G.109).
    /// Defined on the narrowband 0…100 scale only.
    public enum Satisfaction: String, Sendable, Codable, CaseIterable {
        case verySatisfied = "users very satisfied"
        case satisfied = "users satisfied"
        case someDissatisfied = "some users dissatisfied"
        case manyDissatisfied = "many users dissatisfied"
        case nearlyAllDissatisfied = "nearly all users dissatisfied"
        case notRecommended = "not recommended"

        /// The category whose lower limit (Table B.1: 90, 80, 70, 60, 50) R reaches.
        public init(R: Double) {
            switch R {
            case 90...: self = .verySatisfied
            case 80..<90: self = .satisfied
            case 70..<80: self = .someDissatisfied
            case 60..<70: self = .manyDissatisfied
            case 50..<60: self = .nearlyAllDissatisfied
            default: self = .notRecommended
            }
        }

        /// The range of R of this category, as printed.
        public var rRange: String {
            switch self {
            case .verySatisfied: "90 ≤ R ≤ 100"
            case .satisfied: "80 ≤ R < 90"
            case .someDissatisfied: "70 ≤ R < 80"
            case .manyDissatisfied: "60 ≤ R < 70"
            case .nearlyAllDissatisfied: "50 ≤ R < 60"
            case .notRecommended: "R < 50"
            }
        }
    }
}
