import ArgumentParser
import Foundation
import LabCore

/// Prints a user error as one line on stderr and exits non-zero (ArgumentParser would print a usage dump).
func failing<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any LabError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Fixed-width text table.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
}


/// `--jobs`, shared by every command that runs work in parallel: one default everywhere (all cores), and the
/// promise that results never depend on it.
struct JobsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Parallel workers (default: all cores); results are identical for any value.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}

/// `--seed` for commands whose every random draw derives from one seed (ladder, network, calibration).
struct SeedOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Seed of every random draw (same seed, same output).", valueName: "seed"))
    var seed: UInt64 = 1
}

/// `--seed` for commands that run specs, which carry their own seeds: absent means "use each spec's".
struct SeedOverrideOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Override every spec's seed (default: each spec's own).", valueName: "seed"))
    var seed: UInt64?
}
