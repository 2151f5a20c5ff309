import ScenarioSpecs

/// `ReferenceResolver.clips(for:)` once per distinct (spec folder, `reference:`) within one sweep: the matrix
/// combinations of a spec share both, and resolving (finding the corpus beside the binary, listing it) cost more
/// than a network-only run itself on 50-point sweeps (issue 16 part 2). Lives for one call, so a corpus that
/// changes between commands is always seen.
struct ClipMemo {
    private var resolved: [String: [String]] = [:]

    mutating func clips(for spec: ScenarioSpec) throws -> [String] {
        let key: String
        switch spec.reference {
        case .files(let files): key = spec.sourcePath + "\u{0}f\u{0}" + files.joined(separator: "\u{0}")
        case let .corpus(set, names, count):
            key = spec.sourcePath + "\u{0}c\u{0}" + set + "\u{0}" + (count.map(String.init) ?? "-") + "\u{0}" + names.joined(separator: "\u{0}")
        }
        if let clips = resolved[key] { return clips }
        let clips = try ReferenceResolver.clips(for: spec)
        resolved[key] = clips
        return clips
    }
}
