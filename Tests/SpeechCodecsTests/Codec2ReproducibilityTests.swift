import Foundation
import Testing
@testable import SpeechCodecs

/// libcodec2 keeps its random generator (unvoiced phases, postfilter noise) in one process-wide variable; MOSLab gives
/// every coder its own (Sources/CCodec2Random). Without that, a clip's decode depended on what was decoded before it
/// in the process and, with --jobs, on thread timing.
@Suite struct Codec2ReproducibilityTests {
    static let modes = ["3200", "1200", "700C"]

    func roundTrip(_ mode: String, _ pcm: [Int16]) throws -> [Int16] {
        try CodecRoundTrip.run(Codec2Codec(mode: mode), pcm: pcm)
    }

    @Test(arguments: modes)
    func decodeDoesNotDependOnEarlierDecodes(mode: String) throws {
        let speech = try CodecTestSupport.speech(sampleRate: 8000, seconds: 3)
        let first = try roundTrip(mode, speech)
        _ = try roundTrip(mode, Array(speech.reversed()))  // another stream decoded in between
        let again = try roundTrip(mode, speech)
        #expect(first == again)
    }

    @Test(arguments: modes)
    func interleavedDecodersEqualSeparateOnes(mode: String) throws {
        let speech = try CodecTestSupport.speech(sampleRate: 8000, seconds: 2)
        let codec = Codec2Codec(mode: mode)
        var encoder = try codec.makeEncoder()
        let frame = codec.descriptor.frameSamples
        let payloads = try stride(from: 0, through: speech.count - frame, by: frame).map {
            try encoder.encode(Array(speech[$0..<$0 + frame]))
        }
        var alone = try codec.makeDecoder()
        let separate = try payloads.flatMap { try alone.decode($0)! }
        var a = try codec.makeDecoder(), b = try codec.makeDecoder()
        var left: [Int16] = [], right: [Int16] = []
        for payload in payloads {
            left += try a.decode(payload)!
            right += try b.decode(payload)!
        }
        #expect(left == separate)
        #expect(right == separate)
    }

    @Test func libcodec2DrawsFromMOSLabsGenerator() throws {
        let before = Codec2Codec.State.randomDrawsOnThisThread
        _ = try roundTrip("700C", try CodecTestSupport.speech(sampleRate: 8000, seconds: 1))
        #expect(Codec2Codec.State.randomDrawsOnThisThread > before,
                "codec2_rand is not interposed: check Package.swift's --export-dynamic-symbol for CCodec2Random")
    }

    @Test func concurrentDecodesEqualSerialOnes() async throws {
        let speech = try CodecTestSupport.speech(sampleRate: 8000, seconds: 2)
        let serial = try Self.modes.map { try roundTrip($0, speech) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [Int16]).self) { group in
            for _ in 0..<4 {
                for (index, mode) in Self.modes.enumerated() {
                    group.addTask { (index, try CodecRoundTrip.run(Codec2Codec(mode: mode), pcm: speech)) }
                }
            }
            var results: [(Int, [Int16])] = []
            for try await result in group { results.append(result) }
            return results
        }
        for (index, output) in concurrent { #expect(output == serial[index]) }
    }

    /// The reference: libcodec2 itself decoding the same frames in a fresh process (its own generator from its
    /// initial state), through `Oracles/codec2_fresh_decode.c` built with `cc`. MOSLab's decode must equal it
    /// sample for sample, also after other decodes ran in this process.
    @Test(.enabled(if: Self.freshDecoder != nil, "no C compiler (cc) to build the libcodec2 reference decoder"),
          arguments: modes)
    func decodeEqualsLibcodec2InAFreshProcess(mode: String) throws {
        let speech = try CodecTestSupport.speech(sampleRate: 8000, seconds: 3)
        _ = try roundTrip(mode, Array(speech.reversed()))  // draws from this thread's generator first
        let codec = Codec2Codec(mode: mode)
        var encoder = try codec.makeEncoder()
        let frame = codec.descriptor.frameSamples
        let payloads = try stride(from: 0, through: speech.count - frame, by: frame).map {
            try encoder.encode(Array(speech[$0..<$0 + frame]))
        }
        var decoder = try codec.makeDecoder()
        let ours = try payloads.flatMap { try decoder.decode($0)! }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.freshDecoder!)
        process.arguments = ["\(codec.mode.constant)"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(payloads.joined()))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let reference = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        #expect(reference.count == ours.count)
        #expect(reference == ours)
    }

    /// `Oracles/codec2_fresh_decode.c` compiled once against libcodec2 (nil without a C compiler).
    static let freshDecoder: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/cc" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let cc = path else { return nil }
        let output = NSTemporaryDirectory() + "moslab-codec2-fresh-decode-\(getpid())"
        let source = CodecTestSupport.repositoryRoot.appendingPathComponent("Tests/SpeechCodecsTests/Oracles/codec2_fresh_decode.c").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: cc)
        process.arguments = ["-O2", "-Wall", "-Werror", "-o", output, source, "-lcodec2"]
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }()
}
