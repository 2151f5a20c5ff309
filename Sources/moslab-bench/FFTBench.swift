import Foundation
import SignalQuality

/// The P.862 FFT at the lengths it uses (docs/p862.md, "FFT choice"): one forward + inverse pair of the filter path
/// (`FFTTiming.pair`), portable kernels against the AVX2 ones (chosen at run time by CPUID), alternating in one run.
/// Thread CPU time per pair, median of 9 rounds.
func runFFTBenchmark() {
    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    print("FFT pairs (forwardPacked + inverseFiltered), µs per pair, median of 9 rounds alternating the two kernel sets; AVX2 \(FFTTiming.avx2Available ? "available" : "NOT available on this CPU (both columns run the portable kernels)")")
    let cases: [(Int, Bool)] = [(256, false), (512, false), (1024, false), (131_072, false),
                                (256, true), (512, true), (1024, true), (131_072, true), (262_144, true)]
    for (n, double) in cases {
        let runs = [false, true].map { FFTTiming.pair(length: n, double: double, avx2: $0) }
        let repeats = max(1, 2_000_000 / (n * 8))
        var times: [[Double]] = [[], []]
        var sink = 0.0
        for _ in 0..<9 {
            for k in 0..<2 {
                let start = clock()
                for _ in 0..<repeats { sink += runs[k]() }
                times[k].append((clock() - start) / Double(repeats) * 1e6)
            }
        }
        let med = times.map { $0.sorted()[4] }
        print("  \(double ? "double" : "float ") \(String(n).padding(toLength: 7, withPad: " ", startingAt: 0)) portable \(String(format: "%9.2f", med[0]))  avx2 \(String(format: "%9.2f", med[1]))  ratio \(String(format: "%.2f", med[0] / med[1]))×\(sink.isNaN ? " " : "")")
    }
}
