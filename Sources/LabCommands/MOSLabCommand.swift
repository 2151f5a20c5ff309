import ArgumentParser
import Foundation
import LabCore
import LabPipeline

/// The `moslab` root command: one subcommand per file.
///
/// Exit codes are the project's, not ArgumentParser's: 0 ok, 1 a check failed, 2 bad input or usage. A usage error
/// (unknown command or option, missing or malformed value) therefore exits 2, where ArgumentParser would exit 64
/// (EX_USAGE), and names the nearest command or option ("did you mean …?").
public struct MOSLabCommand: ParsableCommand {
    /// The release this binary is; `moslab --version` prints it (one source: the version baselines record).
    public static let version = MOSLabVersion.current

    public static let configuration = CommandConfiguration(
        commandName: "moslab",
        abstract: "A network-impairment simulation lab for voice: degrade speech through a modelled call and score it.",
        discussion: """
            Start with `moslab run Scenarios/ --out out/`, then open out/report.html and listen to \
            out/<scenario>/*.wav. Every command that prints figures takes --json. Exit codes: 0 ok, 1 a check \
            failed, 2 bad input or usage.
            """,
        version: version,
        subcommands: [RunCommand.self, ValidateCommand.self, CodecsCommand.self, CodecCommand.self, NetworkCommand.self, EModelCommand.self, ScoreCommand.self, LadderCommand.self, BaselineCommand.self, CheckCommand.self, CalibrateCommand.self, ReportCommand.self, AnalyzeCommand.self, FitCommand.self, MergeCommand.self]
    )

    public init() {}

    /// Subcommand names, for "did you mean".
    static var commandNames: [String] {
        configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// Parses, runs and exits with the project's exit codes (the `moslab` executable's whole `main`).
    /// A usage error as one line, like every other error (issue 14: ArgumentParser's usage dump buried the reason):
    /// the parser's own message (with its "Did you mean" when it has one) and where the full usage is.
    static func usageLine(for error: any Error, arguments: [String]) -> String {
        let command = arguments.first.flatMap { commandNames.contains($0) && $0 != "help" ? $0 : nil }
        var text = message(for: error).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        if text.hasPrefix("Error: ") { text.removeFirst("Error: ".count) }
        return "error: \(text) (hint: see `moslab\(command.map { " " + $0 } ?? "") --help`)"
    }

    public static func mainWithExitCodes(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        if let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first) {
            let nearest = NearestName.nearest(to: first, in: commandNames)
            let close = nearest.map { NearestName.distance($0, first.lowercased()) <= max(2, first.count / 2) } ?? false
            FileHandle.standardError.write(Data("""
                error: unknown command '\(first)'\(close ? "; did you mean '\(nearest!)'?" : "")
                Commands: \(commandNames.filter { $0 != "help" }.joined(separator: ", ")). See 'moslab --help'.

                """.utf8))
            Foundation.exit(2)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((usageLine(for: error, arguments: arguments) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
        Foundation.exit(0)
    }
}
