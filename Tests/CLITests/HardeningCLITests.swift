import Foundation
import Testing

/// Issue 14 through the real binary: what a careless or hostile user gets.
@Suite struct HardeningCLITests {
    static let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"

    @Test func scorePairsReadsQuotedPathsAndReportsAShortRowInPlace() throws {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.clip, toPath: directory + "/a, b.wav")
        let csv = "reference,degraded\n\"a, b.wav\",\"a, b.wav\"\nonly-one.wav\n\"a, b.wav\",\"a, b.wav\"\n"
        try csv.write(toFile: directory + "/pairs.csv", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["score", "--pairs", directory + "/pairs.csv", "--jobs", "1"])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(output.stdout)\(output.stderr)")
        #expect(lines.first?.contains("\"mos_lqo\"") == true, "\(lines)")
        #expect(lines.last?.contains("\"mos_lqo\"") == true, "\(lines)")
        #expect(lines.count == 3 && lines[1].contains("pairs.csv:3: expected two columns reference,degraded"), "\(lines)")
        #expect(output.status == 1)
    }

    @Test func aSpecNamedDotDotIsRefusedAndNothingIsWrittenAboveOut() throws {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/parent/out", withIntermediateDirectories: true)
        try "name: ..\nreference: \(Self.clip)\n".write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory + "/parent/out"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("s.yaml:1:7: name '..' may not start with '.'"), "\(output.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/parent") == ["out"])
    }

    @Test func aNineAxisMatrixIsRefusedQuicklyWithExitTwo() throws {
        let directory = CLIRunner.temporaryDirectory()
        let axes = (0..<9).map { "  emodel.A\($0): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" }.joined(separator: "\n")
        try "name: big\nmatrix:\n\(axes)\n".write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("the matrix expands to 1000000000 combinations"), "\(output.stderr)")
    }

    static func processRunning(containing text: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.allSatisfy(\.isNumber) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            if String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text) { return true }
        }
        return false
    }

    /// Ctrl-C (SIGINT) on `moslab run` while an external buffer hangs: the buffer runs in its own process group, so
    /// it used to keep running after MOSLab died. Now the signal is forwarded to its group.
    @Test(.timeLimit(.minutes(2))) func interruptStopsAHungBuffer() throws {
        let directory = CLIRunner.temporaryDirectory()
        let marker = "sleep 47.\(getpid() % 10_000)3"
        try """
            name: hung
            reference: \(Self.clip)
            jitter_buffer:
              type: external
              command: /bin/sh
              args: ["-c", "read l; echo '{\\"type\\":\\"hello\\",\\"protocol\\":1}'; \(marker)"]
              timeout_ms: 600000
            """.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = ["run", directory + "/s.yaml", "--out", directory + "/out"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var started = false
        for _ in 0..<600 where !started {
            Thread.sleep(forTimeInterval: 0.1)
            started = Self.processRunning(containing: marker)
        }
        #expect(started, "the buffer never started")
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let masks = status.split(separator: "\n").filter { $0.hasPrefix("Sig") }.joined(separator: " ")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect((process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
                    || (process.terminationReason == .exit && process.terminationStatus == 128 + SIGINT),
                "moslab ended with \(process.terminationReason == .exit ? "status" : "signal") \(process.terminationStatus); \(masks)")
        var gone = false
        for _ in 0..<50 where !gone {
            Thread.sleep(forTimeInterval: 0.1)
            gone = !Self.processRunning(containing: marker)
        }
        #expect(gone, "the buffer outlived moslab")
    }
}

/// Inputs are never overwritten, and `validate` refuses what `run` refuses.
@Suite struct InputProtectionCLITests {
    static let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"

    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    @Test func aLossTraceNamedResultsCsvInOutIsNotReplaced() throws {
        let directory = CLIRunner.temporaryDirectory()
        let trace = "lost\n" + String(repeating: "0\n1\n0\n0\n", count: 200)
        try write(trace, directory + "/results.csv")
        try write("name: t\nreference: \(Self.clip)\nnetwork: {loss: {model: trace, file: results.csv}}\n", directory + "/s.yaml")
        let output = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("refusing to overwrite an input file"), "\(output.stderr)")
        #expect(try String(contentsOfFile: directory + "/results.csv", encoding: .utf8) == trace)
    }

    @Test func baselineOutAndCheckJunitNeverReplaceTheSpec() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = "name: b\nreference: \(Self.clip)\n"
        try write(spec, directory + "/s.yaml")
        let baseline = try CLIRunner.run(["baseline", directory + "/s.yaml", "--out", directory + "/s.yaml"])
        #expect(baseline.status == 2, "\(baseline.stderr)")
        #expect(baseline.stderr.contains("refusing to overwrite an input file"), "\(baseline.stderr)")
        #expect(try String(contentsOfFile: directory + "/s.yaml", encoding: .utf8) == spec)
        let made = try CLIRunner.run(["baseline", directory + "/s.yaml", "--out", directory + "/base.json"])
        #expect(made.status == 0, "\(made.stderr)")
        let check = try CLIRunner.run(["check", directory + "/s.yaml", "--baseline", directory + "/base.json", "--junit", directory + "/s.yaml"])
        #expect(check.status == 2, "\(check.stderr)")
        #expect(try String(contentsOfFile: directory + "/s.yaml", encoding: .utf8) == spec)
        // No temporary run folder is left behind.
        #expect(!FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "moslab-baseline-\(made.pid)"))
    }

    @Test(arguments: [
        ("expect: {signal_mos: {min: 1}, sigal_mos: {min: 1}}", "expect: unknown result field 'sigal_mos'"),
        ("emodel: {Iee: 3}", "emodel.Iee: unknown G.107 symbol 'Iee'"),
        ("emodel: {IeWB: 20}", "emodel.IeWB"),  // a wideband symbol for a narrowband codec
        ("emodel: {Ta: -5}", "emodel.Ta"),      // impossible (out-of-range but possible values compute with a warning)
        ("jitter_buffer: {type: external, command: no-such-buffer-xyz}", "could not start: 'no-such-buffer-xyz' is not in PATH"),
        ("jitter_buffer: {type: external, command: python3 buffer.py}", "holds spaces: it must name one executable (hint: put the arguments under args:, e.g. `command: python3` and `args: [buffer.py]`)"),
    ])
    func validateRefusesWhatRunRefuses(line: String, message: String) throws {
        let directory = CLIRunner.temporaryDirectory()
        try write("name: v\nreference: \(Self.clip)\n\(line)\n", directory + "/s.yaml")
        let validate = try CLIRunner.run(["validate", directory + "/s.yaml"])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains(message), "\(validate.stderr)")
        let run = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out/v/nb01-directory.wav"))
    }

    @Test func whenEveryRunFailsTheReasonsComeFirstAndExitIsOne() throws {
        let directory = CLIRunner.temporaryDirectory()
        try write("""
            name: crash
            reference: \(Self.clip)
            jitter_buffer: {type: external, command: /bin/sh, args: [-c, "echo dying >&2; exit 3"]}
            """, directory + "/s.yaml")
        let output = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("run failed: crash/nb01-directory: external jitter buffer"), "\(output.stderr)")
        #expect(output.stderr.contains("no run finished, so there is no report"), "\(output.stderr)")
        #expect(!output.stderr.contains("holds no"), "\(output.stderr)")
    }

    @Test func aTemporaryLeftByAKilledRunIsClearedByTheNext() throws {
        let directory = CLIRunner.temporaryDirectory()
        var dead: Int32 = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        try FileManager.default.createDirectory(atPath: directory + "/out/k", withIntermediateDirectories: true)
        try write("half", directory + "/out/k/.nb01-directory.wav.tmp-\(dead)")
        try write("name: k\nreference: \(Self.clip)\n", directory + "/s.yaml")
        let output = try CLIRunner.run(["run", directory + "/s.yaml", "--out", directory + "/out"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/out/k/.nb01-directory.wav.tmp-\(dead)"))
    }
}

@Suite struct NetworkBoundCLITests {
    @Test func aBillionPacketsIsRefusedBeforeAllocating() throws {
        let output = try CLIRunner.run(["network", "Scenarios/office-lan-g711.yaml", "--packets", "1000000000"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: --packets 1000000000 is more than 5000000"), "\(output.stderr)")
    }
}

@Suite struct ExitCodeCLITests {
    @Test func emodelBadInputIsExitTwoWithOneLine() throws {
        let output = try CLIRunner.run(["emodel", "Ta=abc"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: Ta=abc: 'abc' is not a number"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count == 1)
    }

    /// A clip cut short is found before any run starts, by `validate` and `run` alike.
    @Test func aTruncatedReferenceIsRefusedBeforeRunning() throws {
        let directory = CLIRunner.temporaryDirectory()
        let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"
        var data = try Data(contentsOf: URL(fileURLWithPath: clip))
        data.removeLast(data.count / 2)
        try data.write(to: URL(fileURLWithPath: directory + "/cut.wav"))
        try "name: cut\nreference: cut.wav\n".write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        for command in [["validate", directory + "/s.yaml"], ["run", directory + "/s.yaml", "--out", directory + "/out"]] {
            let output = try CLIRunner.run(command)
            #expect(output.status == 2)
            #expect(output.stderr.contains("cut.wav: truncated: its header declares"), "\(output.stderr)")
        }
    }
}
