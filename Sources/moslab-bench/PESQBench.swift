import AudioIO
import Foundation
import LabCore
import SignalQuality

/// P.862 speed benchmark: our `P862.score` against the `pesq` reference (PyPI; run through
/// scripts/pesq/time_reference.py, so only this benchmark needs Python) on the committed fixture pairs.
///
/// Prints per-pair medians (one core), the speed ratio, the batch throughput on all cores, and the peak memory.
/// Environment: `PESQ_BENCH_PAIRS=N` limits the number of pairs, `PESQ_BENCH_PYTHON` names the interpreter.
func runPESQBenchmark() {
    let root = pesqBenchRepositoryRoot()
    let fixtures = root + "/Tests/SignalQualityTests/Fixtures/"
    guard let csv = try? String(contentsOfFile: fixtures + "scores.csv", encoding: .utf8) else {
        print("pesq bench: no fixtures at \(fixtures) (run scripts/pesq/make_fixtures.py)")
        return
    }
    struct Pair { var id: String; var band: P862Band; var ref: AudioBuffer; var deg: AudioBuffer; var refPath: String; var degPath: String }
    var pairs: [Pair] = []
    var buffers: [String: AudioBuffer] = [:]
    let limit = Int(ProcessInfo.processInfo.environment["PESQ_BENCH_PAIRS"] ?? "") ?? Int.max
    for line in csv.split(whereSeparator: \.isNewline).dropFirst() where pairs.count < limit {
        let c = line.split(separator: ",").map(String.init)
        guard c.count >= 7, let band = P862Band(rawValue: c[1]) else { continue }
        do {
            for name in [c[3], c[4]] where buffers[name] == nil { buffers[name] = try AudioFile.read(path: fixtures + name) }
        } catch {
            print("pesq bench: \(error)")
            return
        }
        pairs.append(Pair(id: c[0], band: band, ref: buffers[c[3]]!, deg: buffers[c[4]]!, refPath: c[3], degPath: c[4]))
    }
    print("P.862 benchmark: \(pairs.count) fixture pairs (\(pairs.filter { $0.band == .narrowband }.count) nb, "
          + "\(pairs.filter { $0.band == .wideband }.count) wb)")

    // Ours, one core: median of 3 runs per pair, in CPU time of this thread (the reference is timed the same way,
    // so other load on a shared machine does not bias the ratio).
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    func cpu() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    _ = try? P862.score(reference: pairs[0].ref, degraded: pairs[0].deg, band: pairs[0].band)  // warm-up
    var ours: [Double] = []
    for pair in pairs {
        var times: [Double] = []
        for _ in 0..<3 {
            let t = cpu()
            _ = try? P862.score(reference: pair.ref, degraded: pair.deg, band: pair.band)
            times.append(cpu() - t)
        }
        ours.append(times.sorted()[1])
    }

    // Batch on all cores.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let jobs = pairs.map { ($0.ref, $0.deg, $0.band) }
    let batchStart = now()
    DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
        _ = try? P862.score(reference: jobs[i].0, degraded: jobs[i].1, band: jobs[i].2)
    }
    let batch = now() - batchStart
    let serialStart = now()
    for job in jobs { _ = try? P862.score(reference: job.0, degraded: job.1, band: job.2) }
    let serial = now() - serialStart

    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let peakMB = Double(usage.ru_maxrss) / 1024

    // Reference: WAV copies (the script reads WAV with scipy), timed in Python.
    var reference: [Double] = []
    let tmp = NSTemporaryDirectory() + "moslab-pesq-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    do {
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        var list = ""
        for pair in pairs {
            let r = tmp + "/" + pair.refPath + ".wav", d = tmp + "/" + pair.degPath + ".wav"
            if !FileManager.default.fileExists(atPath: r) { try AudioFile.writeWAV(pair.ref, to: r) }
            try AudioFile.writeWAV(pair.deg, to: d)
            list += "\(r),\(d),\(pair.band.rawValue)\n"
        }
        try list.write(toFile: tmp + "/pairs.csv", atomically: true, encoding: .utf8)
        let python = ProcessInfo.processInfo.environment["PESQ_BENCH_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, root + "/scripts/pesq/time_reference.py", tmp + "/pairs.csv"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if let t = Double(line.split(separator: " ").first ?? "") { reference.append(t) }
        }
    } catch {
        print("pesq bench: reference not timed: \(error)")
    }

    func median(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1000) }
    for band in P862Band.allCases {
        let idx = pairs.indices.filter { pairs[$0].band == band }
        guard !idx.isEmpty else { continue }
        let o = median(idx.map { ours[$0] })
        if reference.count == pairs.count {
            let r = median(idx.map { reference[$0] })
            let ratios = idx.map { reference[$0] / ours[$0] }
            print("  \(band.rawValue): per-pair median ours \(ms(o)), reference \(ms(r)), ratio \(String(format: "%.2f", r / o))× "
                  + "(per-pair ratio min \(String(format: "%.2f", ratios.min()!))×)")
        } else {
            print("  \(band.rawValue): per-pair median ours \(ms(o)) (reference not available)")
        }
    }
    if reference.count == pairs.count {
        print("  all: median ratio \(String(format: "%.2f", median(pairs.indices.map { reference[$0] / ours[$0] })))×")
    }
    print("  batch on \(cores) cores: \(String(format: "%.2f", batch)) s wall vs \(String(format: "%.2f", serial)) s serial "
          + "(\(String(format: "%.2f", serial / batch))× speed-up; wall clock, so other load on the machine shows)")
    print("  peak RSS \(String(format: "%.0f", peakMB)) MB (whole benchmark process, all fixtures loaded)")
}

/// The package root, found from this source file's path (the benchmark runs from a checkout).
private func pesqBenchRepositoryRoot() -> String {
    var path = #filePath
    for _ in 0..<3 {
        while let last = path.last, last != "/" { path.removeLast() }
        path.removeLast()
    }
    return path
}
