// swift-tools-version: 6.0
// MOSLab: a network-impairment simulation lab for voice.
// Targets follow ../shared/ARCHITECTURE.md: dependencies flow left to right along the simulated call.
import PackageDescription

// The AVX2 FFT kernels (Sources/FFTKernelsAVX2) are compiled for AVX2 on x86-64 hosts; SignalQuality calls them
// only after a CPUID check, so the binary still runs on any x86-64 (docs/p862.md, "FFT choice"). No -mfma: the
// kernels must round exactly as the portable ones, so there must be no fused multiply-add to contract into.
// FFTKernelsAVX512 (the Float butterflies on 16 lanes) likewise with -mavx512f (LLVM adds FMA to that feature
// set; it is not used either, as no operation is marked contractible: checked in the disassembly).
#if arch(x86_64)
let avx2Kernels: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2"])]
let avx512Kernels: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx512f"])]
#else
let avx2Kernels: [SwiftSetting] = []
let avx512Kernels: [SwiftSetting] = []
#endif

let package = Package(
    name: "MOSLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "moslab", targets: ["moslab"]),
        .executable(name: "moslab-bench", targets: ["moslab-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Thin C library wrappers: a modulemap and a shim header, nothing else.
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp", providers: [.apt(["libspandsp-dev"])]),
        .systemLibrary(name: "CBcg729", pkgConfig: "libbcg729", providers: [.apt(["libbcg729-dev"])]),
        .systemLibrary(name: "CGSM", providers: [.apt(["libgsm1-dev"])]),  // libgsm ships no .pc file
        .systemLibrary(name: "CAMRNB", pkgConfig: "opencore-amrnb", providers: [.apt(["libopencore-amrnb-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CSpeex", pkgConfig: "speex", providers: [.apt(["libspeex-dev"])]),
        .systemLibrary(name: "CCodec2", pkgConfig: "codec2", providers: [.apt(["libcodec2-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),

        // libcodec2's process-wide `codec2_rand`, replaced by a per-decoder generator (codec2_random.c explains why);
        // exported from every linked executable so that libcodec2's calls resolve to it.
        .target(name: "CCodec2Random", linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=codec2_rand"])]),

        // FNV-1a 64 of output files many bytes at a time (AVX2/AVX-512 per-function target attributes, CPUID-checked).
        .target(name: "CDigest"),
        .target(name: "LabCore", dependencies: ["CDigest"]),
        .target(name: "AudioIO", dependencies: ["LabCore", "CSndFile", "CSampleRate"]),
        .target(name: "SpeechCodecs", dependencies: [
            "LabCore", "CSpanDSP", "CBcg729", "CGSM", "CAMRNB", "COpus", "CSpeex", "CCodec2", "CCodec2Random",
        ]),
        .target(name: "ChannelModels", dependencies: ["LabCore"]),
        // RTP captures in and out: the libpcap reader, link/IP/UDP/RTP decoding, per-stream statistics, the writer.
        .target(name: "PacketTraces", dependencies: ["LabCore", "ChannelModels", "CPcap"]),
        .target(name: "Playout", dependencies: ["LabCore", "ChannelModels", "SpeechCodecs", "PacketTraces"]),
        .target(name: "EModel", dependencies: ["LabCore"]),
        // CPUID check (C, built for the baseline) and the AVX2 kernels it guards.
        .target(name: "CCPUFeatures"),
        // The FFT's four smallest Float stages in C with AVX2/AVX-512F intrinsics (per-function target attributes;
        // no fused multiply-add: -ffp-contract=off, docs/p862.md "FFT choice").
        .target(name: "CFFTStages", cSettings: [.unsafeFlags(["-ffp-contract=off", "-fno-fast-math"])]),
        .target(name: "FFTKernelsAVX2", dependencies: ["CFFTStages"], swiftSettings: avx2Kernels),
        .target(name: "FFTKernelsAVX512", dependencies: ["CFFTStages"], swiftSettings: avx512Kernels),  // Lanes/WideButterflies: links to FFTKernelsAVX2's
        .target(name: "SignalQuality", dependencies: ["LabCore", "CCPUFeatures", "CFFTStages", "FFTKernelsAVX2", "FFTKernelsAVX512"]),
        .target(name: "ScenarioSpecs", dependencies: [
            "LabCore", "ChannelModels", "Playout", "SpeechCodecs", "EModel", "PacketTraces",
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Reporting", dependencies: ["LabCore", "EModel", "SignalQuality", "PacketTraces"]),
        .target(name: "LabPipeline", dependencies: [
            "LabCore", "AudioIO", "SpeechCodecs", "ChannelModels", "Playout", "EModel", "PacketTraces",
            "SignalQuality", "ScenarioSpecs", "Reporting",
        ]),
        .target(name: "LabCommands", dependencies: [
            "LabCore", "AudioIO", "SpeechCodecs", "ChannelModels", "Playout", "EModel", "SignalQuality", "ScenarioSpecs",
            "Reporting", "LabPipeline", "PacketTraces", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "moslab", dependencies: ["LabCommands"]),
        .executableTarget(name: "moslab-bench", dependencies: [
            "LabCore", "AudioIO", "SpeechCodecs", "ChannelModels", "Playout", "EModel", "SignalQuality", "ScenarioSpecs",
            "Reporting", "LabPipeline", "PacketTraces", "CSpanDSP", "CBcg729", "CGSM", "CAMRNB", "COpus", "CSpeex", "CCodec2",
        ]),
        // libFuzzer entry points (spec loader, WAV reader, CSV readers, external-buffer protocol): `make fuzz`.
        // A plain build gives an empty stub (docs/fuzzing.md).
        .executableTarget(name: "moslab-fuzz", dependencies: [
            "LabCore", "AudioIO", "ChannelModels", "Playout", "ScenarioSpecs",
        ]),

        .testTarget(name: "LabCoreTests", dependencies: ["LabCore"]),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "LabCore"]),
        .testTarget(name: "SpeechCodecsTests", dependencies: ["SpeechCodecs", "AudioIO", "Playout", "LabCore", "SignalQuality"],
                    exclude: ["Oracles"], resources: [.copy("Fixtures")]),  // Oracles: C reference programs built by the tests
        .testTarget(name: "ChannelModelsTests", dependencies: ["ChannelModels", "LabCore"]),
        .testTarget(name: "PacketTracesTests", dependencies: ["PacketTraces", "LabPipeline"]),
        .testTarget(name: "PlayoutTests", dependencies: ["Playout", "ChannelModels", "SpeechCodecs", "LabCore"]),
        .testTarget(name: "EModelTests", dependencies: ["EModel", "LabCore"]),
        .testTarget(name: "SignalQualityTests", dependencies: ["SignalQuality", "AudioIO", "LabCore"], exclude: ["Fixtures"]),
        .testTarget(name: "ScenarioSpecsTests", dependencies: ["ScenarioSpecs", "ChannelModels", "Playout", "LabCore"]),
        .testTarget(name: "LabPipelineTests", dependencies: [
            "LabPipeline", "AudioIO", "EModel", "LabCore", "Reporting", "ScenarioSpecs", "SpeechCodecs",
        ]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "LabCore"]),
        .testTarget(name: "CLITests", dependencies: ["LabCommands"]),
    ]
)
