import AudioIO
import Foundation
import LabCore
import Playout
import ScenarioSpecs

/// Everything `run` would refuse, found before any run starts, so one bad spec never aborts a sweep after the
/// other runs were computed, and `validate` refuses exactly what `run` refuses (issue 14): unknown `expect:`
/// fields, reference clips that do not exist or whose header is bad (format, length, truncation), an external
/// buffer command that cannot be started, `emodel:` symbols the codec's scale does not know or values G.107 forbids
/// (through the E-model input builder). Keys, types, ranges and reserved names are checked by `ScenarioLoader`.
public enum Preflight {
    /// The first problem of each spec, in spec order (empty when all are fine).
    public static func problems(_ specs: [ScenarioSpec]) -> [any Error] {
        var problems: [any Error] = []
        var memo = ClipMemo()
        var checked: Set<String> = []
        for spec in specs {
            do { try check(spec, memo: &memo, checked: &checked) } catch { problems.append(error) }
        }
        return problems
    }

    public static func check(_ spec: ScenarioSpec) throws {
        var memo = ClipMemo()
        var checked: Set<String> = []
        try check(spec, memo: &memo, checked: &checked)
    }

    /// `checked`: clips whose header was already found good (a matrix's combinations share their clips).
    static func check(_ spec: ScenarioSpec, memo: inout ClipMemo, checked: inout Set<String>) throws {
        try Expectations.checkFields(spec.expect)
        try EModelInputCheck.validate(spec: spec, strict: false)
        for clip in try memo.clips(for: spec) where !checked.contains(clip) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: clip, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw InputError(file: spec.sourcePath, "reference '\(clip)' does not exist", hint: "fix `reference:` (paths are relative to the spec's folder)")
            }
            try AudioFile.checkHeader(path: clip)
            checked.insert(clip)
        }
        if spec.jitterBuffer.type == "external" {
            let buffer = ExternalJitterBuffer(command: spec.jitterBuffer.command, arguments: spec.jitterBuffer.args,
                                              directory: spec.jitterBuffer.directory)
            do {
                _ = try buffer.resolvedExecutable()
            } catch let error as ExternalBufferError {
                throw InputError(file: spec.sourcePath, error.message, hint: "give jitter_buffer.command as a path or a name in PATH")
            }
        }
    }
}
