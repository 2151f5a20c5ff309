import Foundation
import LabCore

/// A bottleneck link (an access uplink) with a drop-tail queue and on/off cross traffic (a download during the
/// call; MODELS.md §3.1 `rate`): queueing delay and tail drops.
///
/// The queue is modelled as a fluid: cross traffic fills it at `crossRateKbps` while "on" (exponential on/off
/// periods with means `crossOnS`/`crossOffS`, drawn on the time axis from the `network.cross` stream), the link
/// drains it at `rateKbps`, and cross traffic that finds it full is dropped. A voice packet of `packetBytes`
/// entering at time t finds a backlog B and waits B/rate, then is serialised in size/rate (FIFO, no reordering).
/// When B + size exceeds `queueBytes` the queue is overflowing and the overflow is shared in proportion to the
/// arrival rates: the voice packet is dropped with probability (cross + voice − rate)/(cross + voice), drawn from
/// the same stream (a full fluid queue would otherwise refill before any voice packet and starve the call).
public struct BottleneckLink: Sendable, Hashable {
    public var rateKbps: Double
    public var queueBytes: Double
    public var packetBytes: Double
    public var crossRateKbps: Double
    public var crossOnS: Double
    public var crossOffS: Double

    public init(rateKbps: Double, queueBytes: Double, packetBytes: Double = 200, crossRateKbps: Double = 0,
                crossOnS: Double = 5, crossOffS: Double = 10) {
        self.rateKbps = rateKbps
        self.queueBytes = queueBytes
        self.packetBytes = packetBytes
        self.crossRateKbps = crossRateKbps
        self.crossOnS = crossOnS
        self.crossOffS = crossOffS
    }

    public func validate() throws {
        guard rateKbps > 0 else { throw InputError("bottleneck rate_kbps \(rateKbps) must be > 0") }
        guard queueBytes >= packetBytes, packetBytes > 0 else {
            throw InputError("bottleneck queue_bytes \(queueBytes) must hold at least one packet of \(packetBytes) bytes")
        }
        guard crossRateKbps >= 0, crossOnS > 0, crossOffS > 0 else {
            throw InputError("cross traffic needs rate_kbps ≥ 0 and on_s, off_s > 0")
        }
    }

    public struct Process: Sendable {
        let link: BottleneckLink
        var random: SeededRandom
        var backlogBits = 0.0
        var now = 0.0
        var crossOn = false
        var nextToggle: Double
        var lastEntry = -Double.infinity

        public init(_ link: BottleneckLink, seed: UInt64) {
            self.link = link
            random = SeededRandom(seed: seed, stream: "network.cross")
            nextToggle = -link.crossOffS * 1000 * log(random.nextOpenUnit())
        }

        /// Queueing + serialisation delay of a voice packet entering at `t` (ms), or nil when it is tail-dropped.
        public mutating func enter(at t: Double) -> Double? {
            let capacity = link.rateKbps          // bits per ms
            let limit = link.queueBytes * 8
            while now < t {
                let until = min(t, nextToggle)
                let inflow = crossOn ? link.crossRateKbps : 0
                backlogBits = min(limit, max(0, backlogBits + (inflow - capacity) * (until - now)))
                now = until
                if now == nextToggle {
                    crossOn.toggle()
                    nextToggle += -(crossOn ? link.crossOnS : link.crossOffS) * 1000 * log(random.nextOpenUnit())
                }
            }
            let size = link.packetBytes * 8
            let voiceRate = lastEntry.isFinite && t > lastEntry ? size / (t - lastEntry) : 0
            lastEntry = t
            if backlogBits + size > limit {
                let inflow = (crossOn ? link.crossRateKbps : 0) + voiceRate
                let dropProbability = inflow > capacity ? (inflow - capacity) / inflow : 0
                if random.nextUnit() < dropProbability { return nil }
                return limit / capacity
            }
            backlogBits += size
            return backlogBits / capacity
        }
    }
}
