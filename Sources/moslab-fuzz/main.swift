// libFuzzer entry points for MOSLab's parsers (issue 14). Build and run with `make fuzz` (docs/fuzzing.md):
//   swift build -c release --product moslab-fuzz --build-path .build/fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -DFUZZING
// MOSLAB_FUZZ_TARGET picks the parser: spec, wav, csv or protocol. Any input must give a value or a thrown error;
// a crash, a sanitizer report or a hang is a bug.
#if FUZZING
import AudioIO
import ChannelModels
import Foundation
import LabCore
@testable import Playout
import ScenarioSpecs

enum FuzzTarget: String {
    case spec, wav, csv, `protocol`
}

nonisolated(unsafe) var target: FuzzTarget = .spec
let protocolBuffer = ExternalJitterBuffer(command: "fuzz")

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["MOSLAB_FUZZ_TARGET"] ?? "spec"
    guard let chosen = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("MOSLAB_FUZZ_TARGET must be spec, wav, csv or protocol\n".utf8))
        exit(2)
    }
    target = chosen
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    switch target {
    case .spec:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? ScenarioLoader.parseExpanded(yaml: text, file: "fuzz.yaml", maximumCombinations: 1_000)
    case .wav:
        // The in-memory path: the same libsndfile parsing and MOSLab checks as a file on disk (sf_open_virtual).
        _ = try? AudioFile.read(bytes: bytes, name: "fuzz.wav", channels: .mixDown)
    case .csv:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? CSV.records(text, file: "fuzz.csv")
        _ = try? ChannelTrace.parse(csv: text, file: "fuzz.csv")
    case .protocol:
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
            _ = try? protocolBuffer.checkHello(String(line))
            _ = try? protocolBuffer.parseDecision(String(line), at: "tick 0")
        }
    }
    return 0
}

/// libFuzzer's driver entry point (present in every -sanitize=fuzzer link).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<Int32>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ body: @convention(c) (UnsafeRawPointer, Int) -> CInt) -> CInt

/// SwiftPM links an executable's entry as `<product>_main` (it aliases `main` to it), so libFuzzer's own `main` is
/// not used: this one runs the driver with the same arguments.
@_cdecl("moslab_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    _ = initialize(&count, &arguments)
    return runFuzzerDriver(&count, &arguments) { testOneInput($0, $1) }
}
#endif
// Without FUZZING this file is empty on purpose: the fuzz build parses it as a library (libFuzzer brings `main`),
// where top-level code is not allowed even in an inactive branch, so a plain build's binary does nothing.
