import ArgumentParser
import Foundation
import LabPipeline
import LabCore
import ScenarioSpecs

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario specs without running them (keys, types, ranges, references).")

    @Argument(help: "Scenario files or folders of .yaml specs.")
    var paths: [String]

    func run() throws {
        var failures = 0
        let files = try failing { try ScenarioLoader.specFiles(paths) }
        for file in files {
            do {
                let specs = try ScenarioLoader.loadExpanded(file: file)
                var runs = 0
                for spec in specs {
                    let clips = try ReferenceResolver.clips(for: spec)
                    for clip in clips where !FileManager.default.fileExists(atPath: clip) {
                        throw InputError(file: file, "reference '\(clip)' does not exist", hint: "fix `reference:`")
                    }
                    runs += clips.count
                }
                let spec = specs[0]
                let sweep = specs.count > 1 ? ", matrix of \(specs.count) combinations" : ""
                print("ok  \(file)  (\(spec.baseName): \(spec.codec.name)\(sweep), \(runs) run\(runs == 1 ? "" : "s"))")
            } catch {
                failures += 1
                printError("error: \(error)")
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }
}
