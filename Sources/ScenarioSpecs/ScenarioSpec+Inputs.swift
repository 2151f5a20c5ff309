/// Every file a spec reads, so no output can overwrite one (issue 14: a loss trace named `results.csv` in `--out`
/// was replaced by the results table).
extension ScenarioSpec {
    public var inputFiles: [String] {
        var files: [String] = []
        if !sourcePath.isEmpty { files.append(sourcePath) }
        if case .trace(let file, _) = network.jitter { files += Self.traceFiles(file) }
        if case .trace(let file, _) = network.loss { files += Self.traceFiles(file) }
        if jitterBuffer.type == "external", !jitterBuffer.command.isEmpty {
            let command = jitterBuffer.command
            files.append(command.hasPrefix("/") || jitterBuffer.directory.isEmpty ? command : jitterBuffer.directory + "/" + command)
            files += jitterBuffer.args.map { jitterBuffer.directory.isEmpty || $0.hasPrefix("/") ? $0 : jitterBuffer.directory + "/" + $0 }
        }
        return files
    }

    /// A trace label is a file, or `capture.pcap#0x1A2B3C4D` for a replayed capture stream (the file is the part
    /// before `#0x`).
    static func traceFiles(_ label: String) -> [String] {
        guard let mark = label.range(of: "#0x", options: .backwards) else { return [label] }
        return [label, String(label[..<mark.lowerBound])]
    }
}
