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
        var owners: [String: String] = [:]  // run name → file, for two specs with one name
        let files = try failing { try ScenarioLoader.specFiles(paths) }
        for file in files {
            do {
                let specs = try ScenarioLoader.loadExpanded(file: file)
                var runs = 0
                for spec in specs {
                    try Preflight.check(spec)  // what `run` would refuse (issue 14)
                    runs += try ReferenceResolver.clips(for: spec).count
                }
                for spec in specs {
                    if let other = owners[spec.name], other != file {
                        throw InputError(file: file, "two runs are named '\(spec.name)' (also in \(other)); they would write one output folder",
                                         hint: "give every spec a unique `name:`")
                    }
                    owners[spec.name] = file
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
