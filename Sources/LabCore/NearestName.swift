/// "Did you mean …?" support for every user-facing name check (spec keys, result fields, E-model symbols, codecs):
/// one Levenshtein distance and one nearest-name search, so all hints agree.
public enum NearestName {
    /// Levenshtein edit distance (insertions, deletions, substitutions each cost 1).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `name` (case-insensitive), or nil when there are none; ties keep the earlier one.
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        let target = name.lowercased()
        return candidates.min { distance($0.lowercased(), target) < distance($1.lowercased(), target) }
    }

    /// The `count` candidates closest to `name` (case-insensitive), closest first; ties keep list order. A name
    /// that is a prefix of candidates (`g711` of `g711u`, `g711a`) ranks those first.
    public static func nearest(to name: String, in candidates: [String], count: Int) -> [String] {
        let target = name.lowercased()
        let scored = candidates.enumerated().map { index, candidate -> (Int, Int, String) in
            let lower = candidate.lowercased()
            let score = lower.hasPrefix(target) ? lower.count - target.count : distance(lower, target) + 1
            return (score, index, candidate)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(count).map(\.2)
    }
}
