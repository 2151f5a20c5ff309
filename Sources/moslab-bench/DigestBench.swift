import Foundation
import LabCore

/// FNV-1a 64 of a degraded WAV's size (160,044 bytes) and of shorter buffers, by the byte-serial definition and by
/// each kernel this processor runs (`FNV1a64Kernel`; docs/cluster.md, "Fifth pass: FNV-1a"), alternating in one run.
/// Thread CPU time per buffer, median of 101 rounds; ns per byte and MB/s.
func runDigestBenchmark() {
    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let kernels = FNV1a64Kernel.allCases.filter(\.isAvailable)
    let columns: [(String, (UnsafeRawBufferPointer) -> UInt64)] = [("scalar", { FileDigest.fnv1a64Scalar($0) })]
        + kernels.map { kernel in ("\(kernel)", { kernel.hash($0, from: FileDigest.fnvOffsetBasis) }) }
    print("FNV-1a 64, ns per byte (MB/s), median of 101 rounds alternating scalar (the Swift definition) and the "
          + "kernels this CPU has; process default \(FNV1a64Kernel.processDefault)")
    let widths = [10] + columns.map { _ in 20 }
    print(row(["bytes"] + columns.map(\.0), widths: widths))
    var state: UInt64 = 1
    let bytes = (0..<160_044).map { _ -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
    var sink: UInt64 = 0
    for count in [256, 512, 1_024, 8_192, 160_044] {
        let repeats = max(1, 2_000_000 / count)
        var times = [[Double]](repeating: [], count: columns.count)
        bytes.withUnsafeBytes { all in
            let buffer = UnsafeRawBufferPointer(rebasing: all[..<count])
            for _ in 0..<101 {
                for (k, column) in columns.enumerated() {
                    let start = clock()
                    for _ in 0..<repeats { sink &+= column.1(buffer) }
                    times[k].append((clock() - start) / Double(repeats * count) * 1e9)
                }
            }
        }
        let cells = times.map { samples -> String in
            let median = samples.sorted()[samples.count / 2]
            return "\(format(median, 3)) (\(format(1e3 / median, 0)))"
        }
        print(row(["\(count)"] + cells, widths: widths))
    }
    if sink == 42 { print("") }  // keeps the hashes from being optimised away
}
