import LabCore

/// Errors found after loading, placed at the key that caused them (the standard: a spec error names
/// `file:line:column`; issue 14: "naming neither spec nor line").
extension ScenarioSpec {
    /// At `reference:`, or at the spec itself when it has none (the corpus default).
    public func errorAtReference(_ message: String, hint: String? = nil) -> InputError {
        (referenceLocation ?? SpecLocation(file: sourcePath)).error(message, hint: hint)
    }

    /// At `jitter_buffer.command`, or at the spec itself.
    public func errorAtBufferCommand(_ message: String, hint: String? = nil) -> InputError {
        (bufferCommandLocation ?? SpecLocation(file: sourcePath)).error(message, hint: hint)
    }
}
