import Foundation
import Testing

/// The cases the extended bad-input catalogue (scripts/bad-input-catalogue.sh, issue 14) found still failing on main,
/// each fixed and pinned here through the real binary.
@Suite struct BadInputCatalogueCLITests {
    static let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"

    func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A 1 s float WAV at 8 kHz with one `bad` sample in the middle (format 3, IEEE float, RIFF layout of the WAVE spec).
    func floatWAV(_ path: String, bad: Float) throws {
        var samples = (0..<8000).map { Float(0.3 * sin(0.1 * Double($0))) }
        samples[4000] = bad
        var data = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + 4 * samples.count)); data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(3); u16(1); u32(8000); u32(32000); u16(4); u16(32)
        data.append(contentsOf: Array("data".utf8)); u32(UInt32(4 * samples.count))
        for s in samples { u32(s.bitPattern) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// `baseline --out`, `check --junit` and `network --output` never land on a reference clip or a trace: they used
    /// to replace `ref.wav` (baseline, check) and the loss trace (network --format pcap).
    @Test func noOutputReplacesAReferenceOrATrace() throws {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.clip, toPath: directory + "/ref.wav")
        let trace = "lost\n" + String(repeating: "0\n1\n0\n0\n", count: 200)
        try write(trace, directory + "/loss.csv")
        try write("name: p\nreference: ref.wav\nnetwork: {loss: {model: trace, file: loss.csv}}\n", directory + "/s.yaml")
        let reference = try bytes(directory + "/ref.wav")
        let spec = directory + "/s.yaml"
        for command in [["baseline", spec, "--out", directory + "/ref.wav"],
                        ["network", spec, "--format", "pcap", "--output", directory + "/loss.csv"],
                        ["network", spec, "--format", "rtpdump", "--output", directory + "/ref.wav"]] {
            let output = try CLIRunner.run(command)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("refusing to overwrite an input file"), "\(command): \(output.stderr)")
        }
        let made = try CLIRunner.run(["baseline", spec, "--out", directory + "/base.json"])
        #expect(made.status == 0, "\(made.stderr)")
        let check = try CLIRunner.run(["check", spec, "--baseline", directory + "/base.json", "--junit", directory + "/ref.wav"])
        #expect(check.status == 2, "\(check.stderr)")
        #expect(check.stderr.contains("refusing to overwrite an input file"), "\(check.stderr)")
        #expect(try bytes(directory + "/ref.wav") == reference)
        #expect(try String(contentsOfFile: directory + "/loss.csv", encoding: .utf8) == trace)
    }

    /// `network --output` with a text format used to be ignored silently (the text went to stdout).
    @Test func networkOutputWithATextFormatIsRefused() throws {
        let output = try CLIRunner.run(["network", "Scenarios/office-lan-g711.yaml", "--format", "csv", "--output", "x.csv"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: --output x.csv: --format csv prints to stdout"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    /// A run that fails under `baseline` or `check` is exit 1 with every reason printed (it was exit 2, bad input).
    @Test func baselineAndCheckWhoseRunsFailExitOne() throws {
        let directory = CLIRunner.temporaryDirectory()
        try write("name: ok\nreference: \(Self.clip)\n", directory + "/s.yaml")
        let made = try CLIRunner.run(["baseline", directory + "/s.yaml", "--out", directory + "/base.json"])
        #expect(made.status == 0, "\(made.stderr)")
        try write("""
            name: ok
            reference: \(Self.clip)
            jitter_buffer: {type: external, command: /bin/sh, args: [-c, "echo dying >&2; exit 3"]}
            """, directory + "/s.yaml")
        let baseline = try CLIRunner.run(["baseline", directory + "/s.yaml", "--out", directory + "/new.json"])
        #expect(baseline.status == 1, "\(baseline.stderr)")
        #expect(baseline.stderr.contains("run failed: ok/nb01-directory: external jitter buffer"), "\(baseline.stderr)")
        #expect(baseline.stderr.contains("1 run failed, so no baseline was written"), "\(baseline.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/new.json"))
        let check = try CLIRunner.run(["check", directory + "/s.yaml", "--baseline", directory + "/base.json",
                                       "--junit", directory + "/junit.xml"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stderr.contains("1 run failed, so nothing was compared"), "\(check.stderr)")
        #expect(try String(contentsOfFile: directory + "/junit.xml", encoding: .utf8).contains("dying"))
    }

    /// ArgumentParser's usage errors are one line with the way to the full usage (they were a usage dump).
    @Test(arguments: [
        (["run", "Scenarios/", "--jbos", "2"], "error: Unknown option '--jbos'. Did you mean '--jobs'? (hint: see `moslab run --help`)"),
        (["emodel", "--r", "abc"], "error: The value 'abc' is invalid for '--r <r>' (hint: see `moslab emodel --help`)"),
        (["codecs", "--nope"], "error: Unknown option '--nope' (hint: see `moslab codecs --help`)"),
    ])
    func usageErrorsAreOneLine(arguments: [String], line: String) throws {
        let output = try CLIRunner.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr == line + "\n", "\(output.stderr)")
    }

    /// A float reference with a NaN sample is refused by `validate` and by `run` before any run (run used to fail the
    /// run, exit 1, and validate said ok).
    @Test func aNaNInAFloatReferenceIsRefusedBeforeRunning() throws {
        let directory = CLIRunner.temporaryDirectory()
        try floatWAV(directory + "/nan.wav", bad: .nan)
        try write("name: n\nreference: nan.wav\n", directory + "/s.yaml")
        for command in [["validate", directory + "/s.yaml"], ["run", directory + "/s.yaml", "--out", directory + "/out"]] {
            let output = try CLIRunner.run(command)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("nan.wav: sample 4000 (at 0.500 s) is NaN"), "\(output.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/out/n"))
    }

    /// A trace that cannot be read is reported at the spec's `file:` key (it named only the trace).
    @Test func aMissingTraceNamesTheSpecAndLine() throws {
        let directory = CLIRunner.temporaryDirectory()
        try write("name: t\nreference: \(Self.clip)\nnetwork:\n  loss: {model: trace, file: nope.csv}\n", directory + "/s.yaml")
        let output = try CLIRunner.run(["validate", directory + "/s.yaml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("s.yaml:4:"), "\(output.stderr)")
        #expect(output.stderr.contains("cannot read the trace file '\(directory)/nope.csv'"), "\(output.stderr)")
    }

    /// A `--pairs` row with a third field is an error row, not two of its fields scored silently.
    @Test func aPairsRowWithThreeFieldsIsAnErrorRow() throws {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.clip, toPath: directory + "/r.wav")
        try write("reference,degraded\nr.wav,r.wav,extra\nr.wav,r.wav,\n", directory + "/pairs.csv")
        let output = try CLIRunner.run(["score", "--pairs", directory + "/pairs.csv", "--jobs", "1"])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(output.status == 1)
        #expect(lines.count == 2, "\(output.stdout)")
        #expect(lines.first?.contains("pairs.csv:2: expected two columns") == true, "\(lines)")
        #expect(lines.last?.contains("\"mos_lqo\"") == true, "\(lines)")
    }
}
