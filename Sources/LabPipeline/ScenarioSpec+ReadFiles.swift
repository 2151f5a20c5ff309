import ScenarioSpecs

/// Every file a spec reads, its reference clips included: what `baseline --out`, `check --junit` and
/// `network --output` must never replace (issue 14: "every input a command reads (specs, traces, captures,
/// baselines) is protected like clips are"; `baseline s.yaml --out ref.wav` used to replace the reference clip).
extension ScenarioSpec {
    public var readFiles: [String] {
        inputFiles + ((try? ReferenceResolver.clips(for: self)) ?? [])
    }
}
