import ArgumentParser

/// The `moslab` root command: one subcommand per file.
public struct MOSLabCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "moslab",
        abstract: "A network-impairment simulation lab for voice: degrade speech through a modelled call and score it.",
        discussion: """
            Start with `moslab run Scenarios/ --out out/`, then open out/results.csv and listen to out/<scenario>/*.wav.
            Every command that prints figures takes --json.
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, CodecsCommand.self, CodecCommand.self, NetworkCommand.self, EModelCommand.self, ScoreCommand.self, LadderCommand.self, BaselineCommand.self, CheckCommand.self, CalibrateCommand.self, ReportCommand.self, AnalyzeCommand.self, FitCommand.self, MergeCommand.self]
    )

    public init() {}
}
