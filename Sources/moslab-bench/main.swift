import Foundation

// moslab-bench: speed figures for the README. Run from the repository root (`make bench`).
// Benchmarks are never part of `swift test`; quote medians and ratios from one run.
//   moslab-bench [pipeline] [sweep] [scaleout] [pesq] ... [memory]   (no argument: all of them)
let corpus = ProcessInfo.processInfo.environment["MOSLAB_CORPUS"] ?? "Corpus"
// Memory first: it reads the process's peak RSS, which only grows, so it must run before the other sections.
let sections: [(String, () throws -> Void)] = [
    ("memory", { try runMemoryBenchmark(corpus: corpus) }),
    ("pipeline", { try runPipelineBenchmark(corpus: corpus) }),
    ("sweep", { try runSweepBenchmark() }),
    ("scaleout", { try runScaleOutBenchmark() }),
    ("pesq", { runPESQBenchmark() }),
    ("fft", { runFFTBenchmark() }),
    ("digest", { runDigestBenchmark() }),
    ("network", { runNetworkBenchmark() }),
    ("codecs", { runCodecBenchmark() }),
    ("report", { runReportBenchmark() }),
    ("external", { runExternalBufferBenchmark() }),
    ("receiver", { try runReceiverBenchmark() }),
    ("calibration", { try runCalibrationBenchmark(corpus: corpus) }),
    ("captures", { try runCaptureBenchmark() }),
]
let chosen = Set(CommandLine.arguments.dropFirst())
let unknown = chosen.subtracting(sections.map(\.0))
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("moslab-bench: unknown section \(unknown.sorted().joined(separator: ", ")); valid: \(sections.map(\.0).joined(separator: ", "))\n".utf8))
    exit(2)
}
print("moslab-bench — \(ProcessInfo.processInfo.activeProcessorCount) cores")
for (name, body) in sections where chosen.isEmpty || chosen.contains(name) {
    print("\n== \(name)")
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("moslab-bench \(name): \(error)\n".utf8))
        exit(2)
    }
}
