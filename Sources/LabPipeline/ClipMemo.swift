import ScenarioSpecs

/// `ReferenceResolver.clips(for:)` once per distinct (spec folder, `reference:`) within one sweep: the matrix
/// combinations of a spec share both, and resolving (finding the corpus beside the binary, listing it) cost more
/// than a network-only run itself on 50-point sweeps (issue 16 part 2). Lives for one call, so a corpus that
/// changes between commands is always seen.
struct ClipMemo {
    private var resolved: [String: [String]] = [:]

    mutating func clips(for spec: ScenarioSpec) throws -> [String] {
        let key = spec.sourcePath + "\u{0}" + String(describing: spec.reference)
        if let clips = resolved[key] { return clips }
        let clips = try ReferenceResolver.clips(for: spec)
        resolved[key] = clips
        return clips
    }
}
