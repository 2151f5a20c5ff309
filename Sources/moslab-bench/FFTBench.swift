import Foundation
import SignalQuality

/// The P.862 FFT at the lengths it uses (docs/p862.md, "FFT choice"): one forward + inverse pair of the filter path
/// (`FFTTiming.pair`) on the portable kernels, the AVX2 ones and AVX2 with the AVX-512 Float butterflies (each
/// only where the processor has it: CPUID), alternating in one run. Thread CPU time per pair, median of 9 rounds.
func runFFTBenchmark() {
    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let levels = FFTTiming.avx512Available ? 3 : FFTTiming.avx2Available ? 2 : 1
    let names = ["portable", "avx2", "avx512"]
    print("FFT pairs (forwardPacked + inverseFiltered), µs per pair, median of 9 rounds alternating the kernel sets "
          + "this CPU has (\(names[..<levels].joined(separator: ", "))); ratios against portable")
    let cases: [(Int, Bool)] = [(256, false), (512, false), (1024, false), (131_072, false),
                                (256, true), (512, true), (1024, true), (131_072, true), (262_144, true)]
    // Each wide set with its Float small stages in C on ymm (the default), in Swift, and for AVX-512 in C on zmm
    // (`FFTSmallStages`, Sources/CFFTStages), to compare them in the same run.
    let columns: [(level: Int, version: FFTSmallStages.Version, name: String)] = [(0, .c, names[0])]
        + (1..<levels).flatMap { [($0, .c, names[$0]), ($0, .swift, names[$0] + "-swift")] }
        + (levels == 3 ? [(2, .cZMM, "avx512-zmm")] : [])
    if levels > 1 {
        print("  (<set>-swift: that set with the four smallest Float stages in Swift, not C; avx512-zmm: in C on zmm)")
    }
    var sink = 0.0
    for (n, double) in cases {
        let runs = columns.map { FFTTiming.pair(length: n, double: double, level: $0.level) }
        let repeats = max(3, 16_000_000 / (n * 8))
        var times = [[Double]](repeating: [], count: columns.count)
        for _ in 0..<9 {
            for k in columns.indices {
                FFTSmallStages.version = columns[k].version
                let start = clock()
                for _ in 0..<repeats { sink += runs[k]() }
                times[k].append((clock() - start) / Double(repeats) * 1e6)
            }
        }
        FFTSmallStages.version = .c
        let med = times.map { $0.sorted()[4] }
        var line = "  \(double ? "double" : "float ") \(String(n).padding(toLength: 7, withPad: " ", startingAt: 0))"
        for k in columns.indices {
            line += "  \(columns[k].name) \(String(format: "%8.2f", med[k]))"
            if k > 0 { line += " (\(String(format: "%.2f", med[0] / med[k]))×)" }
        }
        print(line)
    }
    if sink.isNaN { print("  (a transform produced NaN)") }
}
