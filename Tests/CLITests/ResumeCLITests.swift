import Foundation
import Testing

/// `--resume` reuses a run only when every file it wrote is intact (size and hash in its result), and each run's
/// result is written as it finishes (issue 14).
@Suite struct ResumeCLITests {
    static let clip = CLIRunner.repositoryRoot + "/Corpus/nb/nb01-directory.wav"

    func modified(_ path: String) throws -> Date { try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date }

    @Test func resumeVerifiesEachRunsFiles() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: r\nreference: \(Self.clip)\n".write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        let arguments = ["run", directory + "/s.yaml", "--out", directory + "/out", "--resume"]
        #expect(try CLIRunner.run(arguments).status == 0)
        let wav = directory + "/out/r/nb01-directory.wav", reference = directory + "/out/r/nb01-directory.reference.wav"
        #expect(FileManager.default.fileExists(atPath: directory + "/out/r/nb01-directory.result.json"))
        let full = try Data(contentsOf: URL(fileURLWithPath: wav))
        let stamp = try modified(wav)

        // Intact: reused (not rewritten).
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try CLIRunner.run(arguments).status == 0)
        #expect(try modified(wav) == stamp)

        // Truncated degraded WAV: recomputed, not reused.
        #expect(truncate(wav, off_t(full.count / 2)) == 0)
        #expect(try CLIRunner.run(arguments).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: wav)) == full)

        // Deleted reference: regenerated.
        try FileManager.default.removeItem(atPath: reference)
        #expect(try CLIRunner.run(arguments).status == 0)
        #expect(FileManager.default.fileExists(atPath: reference))
    }

    @Test(.enabled(if: getuid() != 0, "root reads every folder, so an unreadable one cannot be made"))
    func anUnreadableFolderIsOneLine() throws {
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/specs", withIntermediateDirectories: true)
        chmod(directory + "/specs", 0)
        defer { chmod(directory + "/specs", 0o755) }
        let output = try CLIRunner.run(["validate", directory + "/specs"])
        #expect(output.status == 2)
        #expect(output.stderr == "error: \(directory)/specs: cannot read the folder: Permission denied (hint: check its permissions)\n")
    }
}
