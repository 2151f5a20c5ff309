import AudioIO
import Foundation
import LabCore
import LabPipeline
import ScenarioSpecs

/// Sweep throughput (issue 16 parts 2 and 4): a 100-run sweep (G.711, 50 matrix points × 2 narrowband clips,
/// every run's files written; the HTML report is not part of a run) with and without P.862, at 1 and 2 jobs.
/// Prints runs/s (wall clock), × real time per core (audio seconds per CPU second of this process, which other
/// load on the machine barely moves), the run cost in reference P.862 calls (the PyPI `pesq` timed in this same
/// bench run through the same co-process as the P.862 section, when python3 has it), and the peak RSS of `moslab run` on
/// the sweep as a child process.
func runScaleOutBenchmark() throws {
    let yaml = benchSweepYAML(name: "bench-scaleout")
    let folder = NSTemporaryDirectory() + "moslab-bench-scaleout-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let file = folder + "/sweep.yaml"
    try yaml.write(toFile: file, atomically: true, encoding: .utf8)
    let specs = try ScenarioLoader.load(paths: [file])
    let probe = ScenarioRunner(outputDirectory: folder + "/probe")
    let experiments = try probe.experiments(for: specs)
    let audioSeconds = try experiments.map { try AudioFile.read(path: $0.clipPath).duration }.reduce(0, +)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"

    struct Figure { var wall: Double; var cpu: Double; var bestCPU: Double; var system: Double; var reuse: SweepCache.Statistics }
    var highestKernelPerRun = 0.0
    func measure(jobs: Int, signal: Bool, reuse: Bool = true, repetitions: Int, sweep: [ScenarioSpec]? = nil) throws -> Figure {
        let specs = sweep ?? specs
        guard repetitions > 0 else { return Figure(wall: 0, cpu: 0, bestCPU: 0, system: 0, reuse: SweepCache.Statistics()) }
        var figures: [Figure] = []
        for repetition in 0..<repetitions {
            let out = "\(folder)/out-\(jobs)-\(signal)-\(reuse)-\(sweep == nil)-\(repetition)"
            let cpu0 = processCPUSeconds(), system0 = processCPUSeconds(systemOnly: true), wall0 = DispatchTime.now().uptimeNanoseconds
            var runner = ScenarioRunner(outputDirectory: out, jobs: jobs, measuresSignalMOS: signal)
            runner.reusesSharedWork = reuse
            let summary = try runner.run(specs)
            figures.append(Figure(wall: Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9, cpu: processCPUSeconds() - cpu0,
                                  bestCPU: 0, system: processCPUSeconds(systemOnly: true) - system0, reuse: summary.reuse))
            // Kept until the section ends: deleting thousands of files just before the next repetition creates its
            // files makes ext4 skip the recently freed inodes one by one (recently_deleted), which tripled the
            // system time of a run here and is not what a sweep into a fresh folder costs.
        }
        // Median wall time and median CPU time; the least CPU time is what the code costs with the least
        // interference from the machine's other load.
        var figure = figures.sorted { $0.wall < $1.wall }[figures.count / 2]
        figure.cpu = figures.map(\.cpu).sorted()[figures.count / 2]
        figure.bestCPU = figures.map(\.cpu).min()!
        figure.system = figures.map(\.system).sorted()[figures.count / 2]
        if !signal && reuse { highestKernelPerRun = max(highestKernelPerRun, figure.system / Double(experiments.count)) }
        return figure
    }

    let runs = experiments.count
    // MOSLAB_SCALEOUT_PROFILE=N: only the network-only sweeps (identical-audio and all-distinct), N times each,
    // under `perf record` (nothing else of the section runs, so the profile is the runs' alone).
    if let text = ProcessInfo.processInfo.environment["MOSLAB_SCALEOUT_PROFILE"], let repetitions = Int(text), repetitions > 0 {
        // MOSLAB_SCALEOUT_PROFILE_ONLY=repeated or distinct: that sweep alone (the other's figures are then 0), e.g.
        // to count each sweep's instructions under `valgrind --tool=callgrind` (docs/cluster.md).
        let only = ProcessInfo.processInfo.environment["MOSLAB_SCALEOUT_PROFILE_ONLY"]
        let distinct = try ScenarioLoader.load(paths: [try writeDistinctSweep(in: folder)])
        let a = try measure(jobs: 1, signal: false, repetitions: only == "distinct" ? 0 : repetitions)
        let b = try measure(jobs: 1, signal: false, repetitions: only == "repeated" ? 0 : repetitions, sweep: distinct)
        print("profile: without P.862 \(format(1000 * a.cpu / Double(runs), 3)) ms per run (kernel \(format(1000 * a.system / Double(runs), 3))), "
              + "all distinct \(format(1000 * b.cpu / Double(runs), 3)) ms (kernel \(format(1000 * b.system / Double(runs), 3)))")
        return
    }
    print("Sweep of \(runs) runs (\(format(audioSeconds, 0)) s of 8 kHz speech; G.711, loss × buffer depth; files written, no report).")
    print("Machine shared with other work while measuring (load average \(load) on \(cores) cores): wall-clock figures")
    print("are pessimistic; × real time per core = audio seconds / CPU seconds of this process (median; best in brackets).")
    let widths = [30, 5, 8, 8, 22, 20, 12]
    print(row(["", "jobs", "wall s", "runs/s", "× real time/core", "CPU ms per run", "of it kernel"], widths: widths))
    var perRunCPU: [Bool: Double] = [:]
    var reuse = SweepCache.Statistics()
    for signal in [true, false] {
        for jobs in Array(Set([1, min(2, cores)])).sorted() {
            let f = try measure(jobs: jobs, signal: signal, repetitions: signal ? 3 : 7)
            if jobs == 1 { perRunCPU[signal] = f.cpu / Double(runs) }
            if signal && jobs == 1 { reuse = f.reuse }
            print(row([signal ? "with P.862" : "without (--no-signal-mos)", "\(jobs)", format(f.wall, 2),
                       format(Double(runs) / f.wall, 1), "\(format(audioSeconds / f.cpu, 0)) (\(format(audioSeconds / f.bestCPU, 0)))",
                       "\(format(1000 * f.cpu / Double(runs), 2)) (\(format(1000 * f.bestCPU / Double(runs), 2)))",
                       format(1000 * f.system / Double(runs), 2)],
                      widths: widths))
        }
    }
    // The same without the per-sweep cache (SweepCache), for the ratio.
    for signal in [true, false] {
        let unshared = try measure(jobs: 1, signal: signal, reuse: false, repetitions: signal ? 3 : 7)
        print(row([signal ? "with P.862, reuse off" : "without, reuse off", "1", format(unshared.wall, 2), format(Double(runs) / unshared.wall, 1),
                   "\(format(audioSeconds / unshared.cpu, 0)) (\(format(audioSeconds / unshared.bestCPU, 0)))",
                   "\(format(1000 * unshared.cpu / Double(runs), 2)) (\(format(1000 * unshared.bestCPU / Double(runs), 2)))",
                   format(1000 * unshared.system / Double(runs), 2)], widths: widths))
    }
    // The same number of runs where no two runs play the same audio (seeds × loss rates, one buffer depth), so
    // nothing but the clip-level work is shared: what a sweep without a buffer-depth axis costs.
    let distinct = try ScenarioLoader.load(paths: [try writeDistinctSweep(in: folder)])
    var distinctReuse = SweepCache.Statistics()
    for signal in [true, false] {
        let f = try measure(jobs: 1, signal: signal, repetitions: signal ? 3 : 7, sweep: distinct)
        if signal { distinctReuse = f.reuse }
        print(row([signal ? "with P.862, all audio distinct" : "without, all audio distinct", "1", format(f.wall, 2), format(Double(runs) / f.wall, 1),
                   "\(format(audioSeconds / f.cpu, 0)) (\(format(audioSeconds / f.bestCPU, 0)))",
                   "\(format(1000 * f.cpu / Double(runs), 2)) (\(format(1000 * f.bestCPU / Double(runs), 2)))",
                   format(1000 * f.system / Double(runs), 2)], widths: widths))
    }
    print("  reuse: \(reuse.preparedReferences) prepared references, \(reuse.encodedStreams) encoded streams, \(reuse.p862References) P.862 reference analyses for \(runs) runs;")
    print("  \(reuse.reusedSignalScores) runs played audio identical to an earlier run's (deep buffers lose nothing late): "
          + "\(runs - reuse.reusedSignalScores) P.862 scores computed for \(runs) runs, \(reuse.reusedDegradedFiles) degraded files shared;")
    print("  the all-distinct sweep (seeds × loss rates at one depth): \(runs - distinctReuse.reusedSignalScores) P.862 scores for \(runs) runs")
    print("  targets (issue 16): ≥ 1,500× real time per core with P.862, ≥ 15,000× without")
    if highestKernelPerRun > 0.0005 {
        // docs/cluster.md "Files per run": on an unjournaled ext4, creating files soon after thousands were deleted
        // costs far more than the code does.
        // On tmpfs too, on the 2-core VM: writing new files' pages swung between 0.16 and 0.9 ms a run within minutes.
        print("  note: up to \(format(1000 * highestKernelPerRun, 2)) ms per run in the kernel: creating and filling files is slow "
              + "now (ext4 soon after many deletions; on a VM, tmpfs pages in some phases); the user-space CPU time is the code's "
              + "cost, TMPDIR=/dev/shm moslab-bench scaleout keeps the file system's share smallest")
    }

    // Run cost in reference P.862 calls: the reference scores this sweep's clips, each against a degraded run.
    if let reference = try? timeReferencePESQ(experiments: Array(experiments.prefix(2)), folder: folder), !reference.isEmpty {
        let perCall = reference.reduce(0, +) / Double(reference.count)
        print("  reference `pesq` (PyPI, this bench run, CPU time): \(format(1000 * perCall, 1)) ms per 10 s narrowband pair; one run costs "
              + "\(format(perRunCPU[true]! / perCall, 2)) reference calls with P.862, \(format(perRunCPU[false]! / perCall, 3)) without")
    } else {
        print("  reference `pesq` not timed (python3 with the PyPI `pesq`, numpy and scipy is needed): run cost in reference calls not available")
    }

    // Peak memory of the real command on the sweep.
    for jobs in Array(Set([1, min(2, cores)])).sorted() {
        for signal in [true, false] {
            if let peak = peakRSSOfMoslabRun(spec: file, out: "\(folder)/rss-\(jobs)-\(signal)", jobs: jobs, signal: signal) {
                print("  peak RSS of `moslab run` (100 runs \(signal ? "with P.862" : "without P.862"), report included), --jobs \(jobs): "
                      + "\(format(peak.megabytes, 0)) MB\(peak.exact ? "" : " (at least this bench's own peak: /usr/bin/time not found)")")
            }
        }
    }
    print("  (this bench process's own peak so far: \(format(ownPeakRSS(), 0)) MB)")
}

/// This process's peak resident set so far, MB.
private func ownPeakRSS() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The bench sweep with every run's audio distinct (seeds × loss rates at one depth), written in `folder`.
private func writeDistinctSweep(in folder: String) throws -> String {
    let file = folder + "/distinct.yaml"
    try benchSweepYAML(name: "bench-distinct").replacingOccurrences(
        of: "  network.loss.rate: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12]\n  jitter_buffer.depth_ms: [20, 30, 40, 60, 80]",
        with: "  seed: [1, 2, 3, 4, 5]\n  network.loss.rate: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1]")
        .write(toFile: file, atomically: true, encoding: .utf8)
    return file
}

/// User + system CPU seconds of this process so far (all threads), or the system (kernel) part alone.
private func processCPUSeconds(systemOnly: Bool = false) -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return systemOnly ? system : system + Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
}

/// CPU seconds per call of the reference `pesq` on (processed reference, degraded) of these runs.
private func timeReferencePESQ(experiments: [Experiment], folder: String) throws -> [Double] {
    var pairs: [(String, String)] = []
    for (index, experiment) in experiments.enumerated() {
        let output = try experiment.run()
        let r = "\(folder)/ref-\(index).wav", d = "\(folder)/deg-\(index).wav"
        try AudioFile.writeWAV(output.processedReference, to: r)
        try AudioFile.writeWAV(output.degraded, to: d)
        pairs.append((r, d))
    }
    guard let reference = PESQReferenceProcess(python: ProcessInfo.processInfo.environment["PESQ_BENCH_PYTHON"] ?? "python3") else {
        return []
    }
    defer { reference.close() }
    return pairs.compactMap { reference.time(reference: $0.0, degraded: $0.1, band: "nb") }
}

/// Peak resident set of `moslab run SPEC --out OUT --jobs N` (the binary beside this one), in MB.
///
/// Measured through GNU time (`/usr/bin/time -f %M`), which forks the command from its own small process. Spawning
/// `moslab` straight from this bench and reading `ru_maxrss` from `wait4` reported the bench's own peak instead
/// whenever that was higher: `posix_spawn` starts the child in the parent's address space (vfork) and Linux keeps
/// the larger of the old and new address space's high-water mark across `exec` (the process's `maxrss`). That is
/// why the same sweep showed 145 MB in one bench run and 82 MB in another: it was the bench's P.862 heap. Without
/// GNU time the figure falls back to that lower bound (`exact` false).
private func peakRSSOfMoslabRun(spec: String, out: String, jobs: Int, signal: Bool) -> (megabytes: Double, exact: Bool)? {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("moslab").path
    guard FileManager.default.isExecutableFile(atPath: binary) else { return nil }
    let time = "/usr/bin/time"
    let exact = FileManager.default.isExecutableFile(atPath: time)
    let report = out + ".maxrss"
    var arguments = [binary, "run", spec, "--out", out, "--jobs", "\(jobs)", "--json"] + (signal ? [] : ["--no-signal-mos"])
    if exact { arguments = [time, "-f", "%M", "-o", report] + arguments }
    var pid: pid_t = 0
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { return nil }
    if exact {
        guard let text = try? String(contentsOfFile: report, encoding: .utf8),
              let kilobytes = text.split(whereSeparator: \.isNewline).last.flatMap({ Double($0) }) else { return nil }
        return (kilobytes / 1024, true)
    }
    return (Double(usage.ru_maxrss) / 1024, false)
}
