import AudioIO
import ChannelModels
import Foundation
import LabCore
import LabPipeline
import Playout
import ScenarioSpecs
import SpeechCodecs

/// A 10 s G.711 run (Experiment: code, network, buffer, render, E-model and P.862) with the built-in fixed buffer
/// and with the same buffer as an external process (Examples/python-fixed-buffer, Examples/c-fixed-buffer), and the
/// buffer stage alone. Medians of 7. Run from the repository root (it reads Corpus/ and Examples/).
func runExternalBufferBenchmark() {
    do {
        try ExternalBufferBench().run()
    } catch {
        print("external buffer benchmark failed: \(error)")
    }
}

struct ExternalBufferBench {
    let corpus = ProcessInfo.processInfo.environment["MOSLAB_CORPUS"] ?? "Corpus"
    let folder = NSTemporaryDirectory() + "moslab-bench-external-\(getpid())"

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clip = try tenSecondClip()
        let python = interpreter()
        let cBuffer = folder + "/fixed_buffer"
        let compiled = shell("/usr/bin/env", ["cc", "-O2", "-o", cBuffer, "Examples/c-fixed-buffer/fixed_buffer.c"]) != nil

        var spec = ScenarioSpec(name: "bench", reference: .files([clip]), seed: 7, codec: CodecSpec(name: "g711u", ptimeMs: 20),
                                network: NetworkSpec(latencyMs: 60, jitter: .normal(stddevMs: 12), loss: .gilbertElliott(p: 0.02, r: 0.3, lossBad: 1, lossGood: 0)),
                                jitterBuffer: JitterBufferSpec(type: "fixed", depthMs: 40))
        var variants: [(String, ScenarioSpec)] = [("built-in fixed 40 ms", spec)]
        let script = FileManager.default.currentDirectoryPath + "/Examples/python-fixed-buffer/fixed_buffer.py"
        var pythons: [(String, [String])] = []
        if let python { pythons.append((python, [])) }
        // Debian's interpreter without site-packages (-S): the example needs only the standard library.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { pythons.append(("/usr/bin/python3", ["-S"])) }
        for (interpreter, flags) in pythons {
            spec.jitterBuffer = JitterBufferSpec(type: "external")
            spec.jitterBuffer.command = interpreter
            spec.jitterBuffer.args = flags + [script, "--depth-ms", "40"]
            variants.append(("python example: \(([(interpreter as NSString).lastPathComponent] + flags).joined(separator: " "))", spec))
        }
        if compiled {
            spec.jitterBuffer = JitterBufferSpec(type: "external")
            spec.jitterBuffer.command = cBuffer
            spec.jitterBuffer.args = ["--depth-ms", "40"]
            variants.append(("C example", spec))
        }

        print("10 s G.711 µ-law, 20 ms, 60 ms ± 12 ms, GE loss; median of 7 (whole run includes P.862):")
        let widths = [44, 12, 10, 14, 10]
        print(row(["buffer", "whole run", "ratio", "buffer alone", "ratio"], widths: widths))
        var baseRun = 0.0, baseBuffer = 0.0
        for (name, variant) in variants {
            let experiment = Experiment(spec: variant, clipPath: clip)
            let output = try experiment.run()
            let whole = try Stopwatch.median { _ = try experiment.run() }
            let descriptor = try CodecRegistry.codec(named: "g711u").descriptor
            let bufferOnly = try Stopwatch.median {
                _ = try variant.schedulePlayout(output.arrivals, codec: descriptor, talkspurtStarts: nil)
            }
            if baseRun == 0 { baseRun = whole; baseBuffer = bufferOnly }
            print(row([name, ms(whole), format(whole / baseRun, 2) + "×", ms(bufferOnly), format(bufferOnly / baseBuffer, 0) + "×"],
                      widths: widths))
        }
        if python == nil { print("(python3 not found: Python example skipped)") }
        if !compiled { print("(cc failed: C example skipped)") }
    }

    private func ms(_ seconds: Double) -> String { format(seconds * 1000, seconds < 0.01 ? 2 : 1) + " ms" }

    /// Corpus clips end to end, cut to exactly 10 s.
    private func tenSecondClip() throws -> String {
        let nb = corpus + "/nb"
        let names = try FileManager.default.contentsOfDirectory(atPath: nb).filter { $0.hasSuffix(".wav") }.sorted()
        var samples: [Float] = []
        for name in names where samples.count < 80_000 { samples += try AudioFile.read(path: nb + "/" + name).samples }
        let path = folder + "/ten-seconds.wav"
        try AudioFile.writeWAV(AudioBuffer(samples: Array(samples.prefix(80_000)), sampleRate: 8000), to: path)
        return path
    }

    /// The Python interpreter itself (a pyenv shim costs ~130 ms per start, which is not the protocol's cost).
    private func interpreter() -> String? {
        shell("/usr/bin/env", ["python3", "-c", "import sys; print(sys.executable)"])?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func shell(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
