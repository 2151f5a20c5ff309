import PacketTraces
import ChannelModels
import Foundation
import Playout

/// Network benchmark (issue 3, Speed): Gilbert–Elliott loss + Pareto-normal jitter + the NetEq-style buffer, with
/// output off, in packets per second on one core; then the same with the per-packet CSV formatted into memory and
/// written to /dev/null, and the ratio of the two (goal: ≥ 10 M packets/s, CSV ≤ 3× slower).
func runNetworkBenchmark() {
    let packets = 2_000_000
    let repeats = 5
    let channel = NetworkChannel(delay: JitterDelay(latencyMs: 60, distribution: .paretoNormal(jitterMs: 15)),
                                 loss: GilbertElliottLoss(p: 0.02, r: 0.3))
    let buffer = NetEqJitterBuffer(settings: AdaptiveBufferSettings(minDelayMs: 20, maxDelayMs: 300))
    let sends = NetworkChannel.sendTimes(packets: packets, ptimeMs: 20)
    _ = NetemTables.paretoNormal.count           // build the table outside the timing

    // CPU time of this thread: the figure for "one core" even when the machine is shared.
    func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    var checksum = 0
    var best = Double.infinity
    for seed in 0..<repeats {
        let start = clock()
        let arrivals = channel.transmit(sendTimesMs: sends, seed: UInt64(seed))
        let schedule = buffer.playout(arrivals, ptimeMs: 20)
        best = min(best, clock() - start)
        checksum &+= schedule.events.count &+ schedule.adaptations
    }
    let devNull = open("/dev/null", O_WRONLY)
    defer { close(devNull) }
    var bestCSV = Double.infinity
    var written = 0
    for seed in 0..<repeats {
        let start = clock()
        let arrivals = channel.transmit(sendTimesMs: sends, seed: UInt64(seed))
        let schedule = buffer.playout(arrivals, ptimeMs: 20)
        written = 0
        PacketTraceCSV.stream(arrivals, schedule.events) { chunk in
            written += Foundation.write(devNull, chunk.baseAddress, chunk.count)
        }
        bestCSV = min(bestCSV, clock() - start)
        checksum &+= written
    }
    let rate = Double(packets) / best
    let rateCSV = Double(packets) / bestCSV
    print("network: GE loss + pareto-normal jitter + NetEq buffer, \(packets) packets × \(repeats) (best run, thread CPU time)")
    print(String(format: "  output off: %.2f M packets/s (goal ≥ 10)", rate / 1e6))
    print(String(format: "  CSV to /dev/null: %.2f M packets/s, %.2f× the time (goal ≤ 3×), %.1f MB", rateCSV / 1e6, bestCSV / best,
                 Double(written) / 1e6))
    if checksum == 42 { print("") }
}
