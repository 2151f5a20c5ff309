import AudioIO
import Foundation
import LabCore
import SignalQuality

/// P.862 speed benchmark: `P862.score` against the `pesq` reference (PyPI, the ITU-T P.862 Annex A C code) on the
/// committed fixture pairs, **interleaved pair by pair in one run**, so both sides see the same machine load.
///
/// The reference runs in a `python3 -c` co-process (only this benchmark needs Python; the product and the tests
/// never do) that reads one pair per line on stdin and answers with its CPU time. Both sides are timed in CPU time
/// of the calling thread, median of 3 calls per pair, file reading excluded. Prints per band the medians of both
/// sides, the ratio of the medians and the median of the per-pair ratios; then the peak memory of one 10 s
/// wideband pair, measured in a fresh process (this executable again, `MOSLAB_PESQ_MEMORY=1`).
///
/// Also prints the agreement of the timed scores with the committed oracle scores (`scores.csv`, the same
/// reference), so every speed figure comes with the accuracy it was measured at.
///
/// Environment: `PESQ_BENCH_PAIRS=N` limits the number of pairs, `PESQ_BENCH_PYTHON` names the interpreter,
/// `PESQ_BENCH_REFERENCE=0` skips the reference (agreement only), `PESQ_BENCH_LOWRATE=1` also scores the low-rate
/// codec fixtures (agreement only, not timed), `PESQ_BENCH_DUMP=FILE` writes every pair's score in full precision
/// (`id<TAB>oracle<TAB>ours`) to compare two builds.
func runPESQBenchmark() {
    if ProcessInfo.processInfo.environment["MOSLAB_PESQ_MEMORY"] == "1" {
        runPESQMemoryProbe()
        exit(0)
    }
    let root = pesqBenchRepositoryRoot()
    if ProcessInfo.processInfo.environment["PESQ_BENCH_REUSE_ONLY"] == "1" { return runPESQReuseBenchmark(root: root) }
    let fixtures = root + "/Tests/SignalQualityTests/Fixtures/"
    guard let csv = try? String(contentsOfFile: fixtures + "scores.csv", encoding: .utf8) else {
        print("pesq bench: no fixtures at \(fixtures) (run scripts/pesq/make_fixtures.py)")
        return
    }
    struct Pair {
        var id: String; var band: P862Band; var ref: AudioBuffer; var deg: AudioBuffer; var refPath: String; var degPath: String
        var oracle: Double?
    }
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
        pairs.append(Pair(id: c[0], band: band, ref: buffers[c[3]]!, deg: buffers[c[4]]!, refPath: c[3], degPath: c[4],
                          oracle: Double(c[6])))
    }
    print("P.862 benchmark: \(pairs.count) fixture pairs (\(pairs.filter { $0.band == .narrowband }.count) nb at 8 kHz, "
          + "\(pairs.filter { $0.band == .wideband }.count) wb at 16 kHz, 8–9.5 s each); MOSLab and the `pesq` reference "
          + "alternate pair by pair in this one run, CPU time of one thread, median of 3 calls per pair")

    // The reference co-process, fed WAV copies (it reads WAV with scipy).
    let tmp = NSTemporaryDirectory() + "moslab-pesq-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let env = ProcessInfo.processInfo.environment
    let reference = env["PESQ_BENCH_REFERENCE"] == "0" ? nil
        : PESQReferenceProcess(python: env["PESQ_BENCH_PYTHON"] ?? "python3")
    defer { reference?.close() }
    if env["PESQ_BENCH_REFERENCE"] == "0" {
        print("  reference: skipped (PESQ_BENCH_REFERENCE=0); MOSLab's own times and agreement follow")
    } else if reference == nil {
        print("  reference: python3 with the `pesq` package (pip install pesq numpy scipy) is not available, so the "
              + "ratio could not be measured; MOSLab's own times follow")
    }
    try? FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)

    _ = try? P862.score(reference: pairs[0].ref, degraded: pairs[0].deg, band: pairs[0].band)  // warm-up (tables)
    var ours: [Double] = [], theirs: [Double?] = [], scores: [Double?] = []
    for pair in pairs {
        var times: [Double] = []
        var score: Double?
        for _ in 0..<3 {
            let t = threadCPUSeconds()
            score = (try? P862.score(reference: pair.ref, degraded: pair.deg, band: pair.band))?.mosLQO
            times.append(threadCPUSeconds() - t)
        }
        ours.append(times.sorted()[1])
        scores.append(score)
        var timed: Double?
        if let reference {
            let r = tmp + "/" + pair.refPath + ".wav", d = tmp + "/" + pair.degPath + ".wav"
            if !FileManager.default.fileExists(atPath: r) { try? AudioFile.writeWAV(pair.ref, to: r) }
            try? AudioFile.writeWAV(pair.deg, to: d)
            timed = reference.time(reference: r, degraded: d, band: pair.band.rawValue)
        }
        theirs.append(timed)
    }

    func ms(_ x: Double) -> String { String(format: "%.2f ms", x * 1000) }
    for band in P862Band.allCases {
        let idx = pairs.indices.filter { pairs[$0].band == band }
        guard !idx.isEmpty else { continue }
        let o = pesqMedian(idx.map { ours[$0] })
        let measured = idx.compactMap { i in theirs[i].map { (ref: $0, ours: ours[i]) } }
        if measured.count == idx.count {
            let r = pesqMedian(measured.map(\.ref))
            let ratios = measured.map { $0.ref / $0.ours }
            print("  \(band.rawValue): per pair MOSLab \(ms(o)), reference \(ms(r)) (medians over \(idx.count) pairs): "
                  + "ratio \(String(format: "%.1f", r / o))× (median of per-pair ratios \(String(format: "%.1f", pesqMedian(ratios)))×, "
                  + "min \(String(format: "%.1f", ratios.min()!))×)")
        } else {
            print("  \(band.rawValue): per pair MOSLab \(ms(o)) (median over \(idx.count) pairs); reference ratio not measured")
        }
    }
    print("  (the machine may be loaded by other work: the ratios come from one run with both sides interleaved)")
    var dump = ""
    var agreement: [(set: String, band: P862Band, id: String, oracle: Double, ours: Double?)] = []
    for (i, pair) in pairs.enumerated() {
        if let oracle = pair.oracle { agreement.append(("main", pair.band, pair.id, oracle, scores[i])) }
    }
    if env["PESQ_BENCH_LOWRATE"] == "1" {
        agreement += pesqLowRateAgreement(root: root, fixtures: fixtures + "lowrate/")
    }
    for set in ["main", "lowrate"] {
        for band in P862Band.allCases {
            let rows = agreement.filter { $0.set == set && $0.band == band }
            guard !rows.isEmpty else { continue }
            let deltas = rows.map { ($0.ours ?? .nan) - $0.oracle }
            let rmse = (deltas.reduce(0) { $0 + $1 * $1 } / Double(deltas.count)).squareRoot()
            let maxAbs = deltas.map { abs($0) }.max()!
            print(String(format: "  agreement with the reference, %@ fixtures %@ (%d pairs): max |Δ| %.6f, RMSE %.6f, %d within 1e-4",
                         set, band.rawValue, rows.count, maxAbs, rmse, deltas.filter { abs($0) <= 1e-4 }.count))
        }
    }
    if let path = env["PESQ_BENCH_DUMP"] {
        for row in agreement { dump += "\(row.id)\t\(row.oracle)\t\(row.ours.map { "\($0)" } ?? "error")\n" }
        try? dump.write(toFile: path, atomically: true, encoding: .utf8)
    }

    runPESQReuseBenchmark(root: root)

    // Peak memory of one 10 s wideband pair, in a fresh process.
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    probe.arguments = ["pesq"]
    var probeEnv = env
    probeEnv["MOSLAB_PESQ_MEMORY"] = "1"
    probeEnv["MOSLAB_PESQ_MEMORY_CLIP"] = root + "/Corpus/wb/wb02-last-call.wav"
    probe.environment = probeEnv
    let pipe = Pipe()
    probe.standardOutput = pipe
    do {
        try probe.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        probe.waitUntilExit()
        // The child prints the bench banner too; keep its memory line only.
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("  memory") {
            print(line)
        }
    } catch {
        print("  memory probe failed: \(error)")
    }

    // The same probe on every wideband fixture pair (8–9.5 s, real codecs and channels): the synthetic pair above
    // has no bad intervals, so the perceptual model's re-alignment (P862.md §7.12) does not run in it. The largest
    // figure is printed, with its pair.
    var largest: (mb: Double, id: String)? = nil
    for pair in pairs where pair.band == .wideband {
        let fixtureProbe = Process()
        fixtureProbe.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        fixtureProbe.arguments = ["pesq"]
        var fixtureEnv = env
        fixtureEnv["MOSLAB_PESQ_MEMORY"] = "1"
        fixtureEnv["MOSLAB_PESQ_MEMORY_PAIR"] = fixtures + pair.refPath + "," + fixtures + pair.degPath
        fixtureProbe.environment = fixtureEnv
        let out = Pipe()
        fixtureProbe.standardOutput = out
        guard (try? fixtureProbe.run()) != nil else { break }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        fixtureProbe.waitUntilExit()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("  memory") {
            // "... of which X MB added by P.862.score ..."
            guard let r = line.range(of: "of which "), let mb = Double(line[r.upperBound...].prefix { $0 != " " })
            else { continue }
            if largest == nil || mb > largest!.mb { largest = (mb, pair.id) }
        }
    }
    if let largest {
        print(String(format: "  memory, largest over the wb fixture pairs (8–9.5 s, each in a fresh process): %.1f MB added "
                     + "by P.862.score", largest.mb) + " (\(largest.id))")
    }
}

/// The low-rate codec fixtures (`Fixtures/lowrate/scores.csv`, references in Corpus/) scored once each.
private func pesqLowRateAgreement(root: String, fixtures: String) -> [(set: String, band: P862Band, id: String, oracle: Double, ours: Double?)] {
    guard let csv = try? String(contentsOfFile: fixtures + "scores.csv", encoding: .utf8) else { return [] }
    var rows: [(set: String, band: P862Band, id: String, oracle: Double, ours: Double?)] = []
    for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
        let c = line.split(separator: ",").map(String.init)
        guard c.count >= 7, let band = P862Band(rawValue: c[1]), let oracle = Double(c[6]) else { continue }
        let refPath = c[3].hasPrefix("Corpus/") ? root + "/" + c[3] : fixtures + c[3]
        guard let ref = try? AudioFile.read(path: refPath), let deg = try? AudioFile.read(path: fixtures + c[4]) else { continue }
        rows.append(("lowrate", band, c[0], oracle, (try? P862.score(reference: ref, degraded: deg, band: band))?.mosLQO))
    }
    return rows
}

/// `MOSLAB_PESQ_MEMORY=1`: scores one 10.0 s wideband pair (a corpus clip cut or zero-extended to 10 s against a
/// delayed, quantised and noisy copy of itself) and prints the process's peak RSS, and how much scoring added to the
/// resident size the process had before the call.
private func runPESQMemoryProbe() {
    if let pair = ProcessInfo.processInfo.environment["MOSLAB_PESQ_MEMORY_PAIR"] {
        return runPESQFixtureMemoryProbe(pair)
    }
    let path = ProcessInfo.processInfo.environment["MOSLAB_PESQ_MEMORY_CLIP"] ?? "Corpus/wb/wb02-last-call.wav"
    guard let clip = try? AudioFile.read(path: path), clip.sampleRate == 16000 else {
        print("  memory probe: cannot read a 16 kHz clip at \(path)")
        return
    }
    let n = 160_000
    var ref = AudioBuffer(samples: Array(clip.samples.prefix(n)), sampleRate: 16000)
    ref.samples += [Float](repeating: 0, count: n - ref.samples.count)
    var deg = ref
    var seed: UInt64 = 862
    for i in 0..<n {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        let noise = Float(Int64(bitPattern: seed >> 11) % 1000) / 1_000_000
        let j = i - 800  // 50 ms delay
        deg.samples[i] = ((j >= 0 ? ref.samples[j] : 0) * 256).rounded() / 256 + noise
    }
    printScoringMemory(ref, deg, what: "one 10.0 s wb pair", before: "code, libraries, the two signals")
}

/// Scores the wideband pair and prints the process's peak RSS and what the call added to the resident size it had
/// before (the line the parent bench reads: "… of which X MB added by P.862.score …").
private func printScoringMemory(_ ref: AudioBuffer, _ deg: AudioBuffer, what: String, before residentNote: String?) {
    let before = currentRSSMegabytes()
    let score = try? P862.score(reference: ref, degraded: deg, band: .wideband)
    // VmHWM, not getrusage: Linux carries ru_maxrss over exec from the spawning process's memory.
    let peak = peakRSSMegabytes()
    print("  memory, \(what) "
          + String(format: "(MOS-LQO %.3f): peak RSS %.1f MB for the whole process, of which %.1f MB added by P.862.score "
                   + "(resident %.1f MB before the call", score?.mosLQO ?? .nan, peak, peak - before, before)
          + (residentNote.map { ": " + $0 } ?? "") + ")")
}

/// `MOSLAB_PESQ_MEMORY_PAIR=REF,DEG`: the memory probe on a given wideband pair of files (the fixtures), the same
/// figures as `runPESQMemoryProbe`.
private func runPESQFixtureMemoryProbe(_ pair: String) {
    let paths = pair.split(separator: ",").map(String.init)
    guard paths.count == 2, let ref = try? AudioFile.read(path: paths[0]), let deg = try? AudioFile.read(path: paths[1])
    else {
        print("  memory probe: cannot read the pair \(pair)")
        return
    }
    printScoringMemory(ref, deg, what: "one wb fixture pair", before: nil)
}

/// Resident set size now, from /proc/self/statm (Linux); 0 elsewhere.
private func currentRSSMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// Peak resident set size of this process image (VmHWM in /proc/self/status, Linux); 0 elsewhere.
private func peakRSSMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

private func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

private func pesqMedian(_ x: [Double]) -> Double {
    guard !x.isEmpty else { return .nan }
    let s = x.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// The `pesq` reference in a `python3 -c` co-process: one line "reference.wav,degraded.wav,nb|wb" in, one line
/// "seconds mos" out (median CPU time of 3 `pesq.pesq` calls on the int16 samples as float64).
final class PESQReferenceProcess {
    static let code = """
        import sys, time, statistics
        import numpy as np
        import scipy.io.wavfile as w
        from pesq import pesq
        print('ready', flush=True)
        for line in sys.stdin:
            r, d, band = line.strip().split(',')
            fs, x = w.read(r)
            _, y = w.read(d)
            x = x.astype(np.float64); y = y.astype(np.float64)
            ts = []
            for _ in range(3):
                t = time.thread_time(); m = pesq(fs, x, y, band); ts.append(time.thread_time() - t)
            print('%.6f %.6f' % (statistics.median(ts), m), flush=True)
        """
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffered = Data()

    init?(python: String) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", Self.code]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        guard readLine() == "ready" else {
            close()
            return nil
        }
    }

    func time(reference: String, degraded: String, band: String) -> Double? {
        input.fileHandleForWriting.write(Data("\(reference),\(degraded),\(band)\n".utf8))
        guard let line = readLine(), let t = Double(line.split(separator: " ").first ?? "") else { return nil }
        return t
    }

    private func readLine() -> String? {
        while true {
            if let i = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[buffered.startIndex..<i], as: UTF8.self)
                buffered.removeSubrange(buffered.startIndex...i)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffered += chunk
        }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
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
