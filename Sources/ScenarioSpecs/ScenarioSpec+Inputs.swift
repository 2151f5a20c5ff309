/// Every file a spec reads, so no output can overwrite one (issue 14: a loss trace named `results.csv` in `--out`
/// was replaced by the results table).
extension ScenarioSpec {
    public var inputFiles: [String] {
        var files: [String] = []
        if !sourcePath.isEmpty { files.append(sourcePath) }
        if case .trace(let file, _) = network.jitter { files.append(file) }
        if case .trace(let file, _) = network.loss { files.append(file) }
        if jitterBuffer.type == "external", !jitterBuffer.command.isEmpty {
            let command = jitterBuffer.command
            files.append(command.hasPrefix("/") || jitterBuffer.directory.isEmpty ? command : jitterBuffer.directory + "/" + command)
            files += jitterBuffer.args.map { jitterBuffer.directory.isEmpty || $0.hasPrefix("/") ? $0 : jitterBuffer.directory + "/" + $0 }
        }
        return files
    }
}
