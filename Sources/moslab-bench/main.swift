import Foundation

// moslab-bench: speed figures for the README. Run from the repository root (`make bench`).
// Benchmarks are never part of `swift test`; quote medians and ratios from one run.
let corpus = ProcessInfo.processInfo.environment["MOSLAB_CORPUS"] ?? "Corpus"
print("moslab-bench — \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
do {
    try runPipelineBenchmark(corpus: corpus)
} catch {
    FileHandle.standardError.write(Data("moslab-bench: \(error)\n".utf8))
    exit(2)
}
