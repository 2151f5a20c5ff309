import ArgumentParser
import AudioIO
import Foundation
import LabCore
import SignalQuality

/// `moslab score`: ITU-T P.862 (PESQ) measured on files, one pair or a batch.
public struct ScoreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Measure speech quality of a degraded file against its reference: ITU-T P.862 (PESQ) MOS-LQO.",
        discussion: """
            Narrowband (--band nb) gives P.862 with the P.862.1 mapping, at 8 kHz or 16 kHz; wideband (--band wb) \
            gives P.862.2, at 16 kHz. Files at other rates are resampled (libsamplerate, best quality) to 8 kHz for \
            nb and 16 kHz for wb, and the output says so. Without --band, 8 kHz material is scored nb and anything \
            sampled higher wb.

            The reference must be clean speech, 8–12 s with pauses (P.862 is specified for that); the degraded file \
            may be delayed, clipped or longer. Scores agree with the ITU-T reference implementation (the `pesq` \
            package) to about 1e-4 MOS on MOSLab's fixture set (docs/p862.md).

            Batch: --pairs FILE.csv with columns reference,degraded (a header line is optional; relative paths are \
            relative to the CSV file's folder). One JSON line per pair, in input order, on --jobs threads; a pair \
            that cannot be scored prints {"error": …} and the others are still scored (exit status 1 then).

            Examples:
              moslab score ref.wav deg.wav
              moslab score ref.wav deg.wav --band nb --json
              moslab score --pairs pairs.csv --jobs 4 > scores.jsonl
            """)

    enum Band: String, ExpressibleByArgument, CaseIterable {
        case nb, wb
        var p862: P862Band { self == .nb ? .narrowband : .wideband }
    }

    @Argument(help: "Reference (clean) speech file: WAV or FLAC, mono.")
    var reference: String?

    @Argument(help: "Degraded file to score against the reference.")
    var degraded: String?

    @Option(name: .long, help: "nb: P.862 + P.862.1 (8/16 kHz); wb: P.862.2 (16 kHz). Default: by sample rate.")
    var band: Band?

    @Flag(name: .long, help: "Print JSON (keys mos_lqo, raw, band, delay_ms, utterances, …).")
    var json = false

    @Option(name: .long, help: "CSV of reference,degraded pairs to score (one JSON line each).")
    var pairs: String?

    @Option(name: .long, help: "Parallel pairs for --pairs (default: all cores).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("With --pairs: score only shard I of N (the pairs at 1-based positions k ≡ I mod N).", valueName: "I/N"))
    var shard: String?

    @Flag(name: .long, help: "Wideband only: apply P.862 Corrigendum 2 (03/2018) filter; off matches the reference.")
    var corrigendum2 = false

    public init() {}

    public func validate() throws {
        if pairs != nil {
            guard reference == nil && degraded == nil else {
                throw ValidationError("give either REFERENCE DEGRADED or --pairs FILE.csv, not both")
            }
        } else {
            guard reference != nil, degraded != nil else {
                throw ValidationError("give REFERENCE and DEGRADED files (or --pairs FILE.csv)")
            }
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if shard != nil && pairs == nil { throw ValidationError("--shard needs --pairs FILE.csv") }
    }

    public func run() throws {
        if let pairs {
            try runBatch(pairs)
            return
        }
        let outcome = try failing { try Self.score(reference: reference!, degraded: degraded!, band: band?.p862,
                                                   corrigendum2: corrigendum2) }
        if json {
            print(try Self.jsonLine(outcome))
        } else {
            print(Self.text(outcome))
        }
    }

    // MARK: - One pair

    /// What `moslab score` reports for one pair.
    struct Outcome: Encodable {
        var reference: String
        var degraded: String
        var result: P862Result?
        var notes: [String] = []
        var error: String?
        /// Batch only: the pair's 1-based position in the pairs file and how many it lists, so the lines of
        /// `--shard` runs can be put back in order (`sort` on `pair`) and checked complete.
        var pair: Int?
        var pairCount: Int?

        enum CodingKeys: String, CodingKey {
            case pair, pairCount = "pairs", reference, degraded, mosLQO = "mos_lqo", raw, band, label, delayMs = "delay_ms", utterances,
                 sampleRate = "sample_rate", corrigendum2, notes, error
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(pair, forKey: .pair)
            try c.encodeIfPresent(pairCount, forKey: .pairCount)
            try c.encode(reference, forKey: .reference)
            try c.encode(degraded, forKey: .degraded)
            if let r = result {
                try c.encode(rounded(r.mosLQO), forKey: .mosLQO)
                try c.encode(rounded(r.raw), forKey: .raw)
                try c.encode(r.band, forKey: .band)
                try c.encode(r.band.scoreLabel, forKey: .label)
                try c.encode(rounded(r.delayMs, 3), forKey: .delayMs)
                try c.encode(r.utterances.map {
                    P862Utterance(start: rounded($0.start, 4), end: rounded($0.end, 4), delayMs: rounded($0.delayMs, 3))
                }, forKey: .utterances)
                try c.encode(r.sampleRate, forKey: .sampleRate)
                if r.corrigendum2 { try c.encode(true, forKey: .corrigendum2) }
            }
            if !notes.isEmpty { try c.encode(notes, forKey: .notes) }
            try c.encodeIfPresent(error, forKey: .error)
        }
    }

    /// Reads, resamples if needed, and scores one pair.
    static func score(reference: String, degraded: String, band requested: P862Band?,
                      corrigendum2: Bool) throws -> Outcome {
        // Refuse over-long files from their headers, before any sample is read (P862.maximumSeconds).
        for path in [reference, degraded] {
            let info = try AudioFile.info(path: path)
            if info.sampleRate > 0 && info.frames > P862.maximumSeconds * info.sampleRate {
                throw InputError(file: path, "lasts \(fixed(Double(info.frames) / Double(info.sampleRate), 1)) s, longer than "
                                 + "the \(P862.maximumSeconds) s that P.862 scoring accepts",
                                 hint: "P.862 is meant for 8–12 s of speech: cut the recording into clips")
            }
        }
        var ref = try AudioFile.read(path: reference)
        var deg = try AudioFile.read(path: degraded)
        let band = requested ?? (max(ref.sampleRate, deg.sampleRate) <= 8000 ? .narrowband : .wideband)
        // nb runs at 8 or 16 kHz as given (if both files share that rate); everything else is resampled.
        let target: Int
        if band == .narrowband && ref.sampleRate == deg.sampleRate && (ref.sampleRate == 8000 || ref.sampleRate == 16000) {
            target = ref.sampleRate
        } else {
            target = band == .narrowband ? 8000 : 16000
        }
        var notes: [String] = []
        if ref.sampleRate != target {
            notes.append("reference resampled \(ref.sampleRate) Hz → \(target) Hz (libsamplerate)")
            ref = try Resampler.resample(ref, to: target)
        }
        if deg.sampleRate != target {
            notes.append("degraded resampled \(deg.sampleRate) Hz → \(target) Hz (libsamplerate)")
            deg = try Resampler.resample(deg, to: target)
        }
        let result = try P862.score(reference: ref, degraded: deg, band: band,
                                    options: P862Options(corrigendum2: corrigendum2))
        return Outcome(reference: reference, degraded: degraded, result: result, notes: notes)
    }

    static func jsonLine(_ outcome: Outcome) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(outcome), as: UTF8.self)
    }

    static func text(_ outcome: Outcome) -> String {
        guard let r = outcome.result else { return "error: \(outcome.error ?? "unknown")" }
        var lines = [
            "\(r.band.scoreLabel): \(fixed(r.mosLQO, 3))   raw P.862: \(fixed(r.raw, 3))   (\(r.band.rawValue), \(r.sampleRate) Hz"
                + (r.corrigendum2 ? ", Corrigendum 2)" : ")"),
            "delay \(fixed(r.delayMs, 1)) ms, \(r.utterances.count) utterance\(r.utterances.count == 1 ? "" : "s")",
        ]
        let rows = r.utterances.enumerated().map { i, u in
            ["\(i + 1)", fixed(u.start, 2), fixed(u.end, 2), fixed(u.delayMs, 1)]
        }
        if !rows.isEmpty { lines.append(table(["#", "start s", "end s", "delay ms"], rows)) }
        lines += outcome.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }

    // MARK: - Batch

    /// One `--pairs` row: the two paths, or why the row cannot be scored (it is reported in place and the others
    /// are still scored).
    struct PairRow {
        var reference: String
        var degraded: String
        var problem: String?
    }

    /// Reads `reference,degraded` rows with the RFC 4180 reader (quoted paths may hold commas); relative paths are
    /// taken from the CSV file's folder. A short row no longer aborts the batch: it becomes an error line.
    static func readPairs(_ path: String) throws -> [PairRow] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the pairs file", hint: "give a CSV with columns reference,degraded")
        }
        let folder = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || folder.isEmpty ? p : folder + "/" + p
        }
        var rows: [PairRow] = []
        var sawHeader = false
        for record in try CSV.records(text, file: path) where !record.isBlank && !record.isComment {
            let cells = record.fields
            if rows.isEmpty && !sawHeader && cells.count >= 2 && cells[0].lowercased() == "reference" && cells[1].lowercased() == "degraded" {
                sawHeader = true
                continue
            }
            // Exactly two: a third field is most often an unquoted path with a comma, and ignoring it scored the
            // wrong files silently (empty trailing fields, `a.wav,b.wav,`, are fine).
            guard cells.count >= 2, !cells[0].isEmpty, !cells[1].isEmpty, cells.dropFirst(2).allSatisfy(\.isEmpty) else {
                let problem = InputError(file: path, line: record.line, "expected two columns reference,degraded, found \(cells.filter { !$0.isEmpty }.count)",
                                         hint: "one pair per line, e.g. `ref.wav,deg.wav`; quote paths that hold commas")
                rows.append(PairRow(reference: cells.first.map(resolve) ?? "", degraded: "", problem: "\(problem)"))
                continue
            }
            rows.append(PairRow(reference: resolve(cells[0]), degraded: resolve(cells[1]), problem: nil))
        }
        if rows.isEmpty { throw InputError(file: path, "no pairs listed", hint: "columns reference,degraded") }
        return rows
    }

    private func runBatch(_ path: String) throws {
        let slice = try failing { try shard.map { try Shard(parsing: $0) } }
        let all = try failing { try Self.readPairs(path) }
        // Positions are 1-based in the file's order, the same on every machine.
        let positions = slice?.positions(of: all.count) ?? Array(1...all.count)
        let rows = positions.map { all[$0 - 1] }
        guard !rows.isEmpty else { return }  // a shard beyond the pair count has nothing to score
        let workers = min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, rows.count)
        let results = OrderedResults(count: rows.count)
        let band = self.band?.p862
        let corrigendum2 = self.corrigendum2
        let threads = (0..<workers).map { _ in
            Thread {
                while let i = results.nextIndex() {
                    let row = rows[i]
                    let (ref, deg) = (row.reference, row.degraded)
                    var outcome: Outcome
                    do {
                        if let problem = row.problem { throw InputError(problem) }
                        outcome = try Self.score(reference: ref, degraded: deg, band: band, corrigendum2: corrigendum2)
                    } catch {
                        outcome = Outcome(reference: ref, degraded: deg, result: nil, error: "\(error)")
                    }
                    outcome.pair = positions[i]
                    outcome.pairCount = all.count
                    results.finish(i, line: (try? Self.jsonLine(outcome)) ?? "{\"error\": \"encoding failed\"}",
                                   failed: outcome.error != nil)
                }
            }
        }
        threads.forEach { $0.stackSize = 8 << 20; $0.start() }
        results.printInOrderUntilDone()
        if results.failures > 0 {
            printError("error: \(results.failures) of \(rows.count) pairs could not be scored (their lines hold \"error\")")
            throw ExitCode(1)
        }
    }
}

/// Results of a batch, printed in input order as soon as each next line is ready.
private final class OrderedResults: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String?]
    private var next = 0
    private(set) var failures = 0

    init(count: Int) { lines = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard next < lines.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ i: Int, line: String, failed: Bool) {
        condition.lock()
        lines[i] = line
        if failed { failures += 1 }
        condition.signal()
        condition.unlock()
    }

    func printInOrderUntilDone() {
        var printed = 0
        condition.lock()
        while printed < lines.count {
            while let line = lines[printed] {
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                lines[printed] = ""
                printed += 1
                if printed == lines.count { break }
            }
            if printed < lines.count { condition.wait() }
        }
        condition.unlock()
    }
}

private func rounded(_ x: Double, _ digits: Int = 4) -> Double {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return (x * scale).rounded() / scale
}
