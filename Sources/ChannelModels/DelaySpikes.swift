import Foundation
import LabCore

/// Delay spikes (a Wi-Fi scan, a route change; Bolot 1993, Ramjee et al. 1994; MODELS.md §3.3): a spike of
/// `heightMs` added to the delay, starting every `intervalS` seconds (or at Poisson times with that mean
/// interval), then falling linearly to nothing over `decayMs` (default: the height, i.e. 1 ms per ms, so queued
/// packets drain back to back). Overlapping spikes take the larger. Spike times come from their own stream
/// (`network.spikes`), drawn on the time axis, so they are the same for every packetization.
public struct DelaySpikes: Sendable, Hashable {
    public var heightMs: Double
    public var intervalS: Double
    public var decayMs: Double
    public var poisson: Bool

    public init(heightMs: Double, intervalS: Double, decayMs: Double? = nil, poisson: Bool = false) {
        self.heightMs = heightMs
        self.intervalS = intervalS
        self.decayMs = decayMs ?? heightMs
        self.poisson = poisson
    }

    public func validate() throws {
        guard heightMs >= 0, intervalS > 0, decayMs > 0 else {
            throw InputError("spikes need height_ms ≥ 0, interval_s > 0 and decay_ms > 0")
        }
    }

    /// Walks the spike process forward in time; `extraDelay(at:)` must be called with non-decreasing times.
    public struct Process: Sendable {
        let spikes: DelaySpikes
        var random: SeededRandom
        var lastStart = -Double.infinity
        var nextStart: Double

        public init(_ spikes: DelaySpikes, seed: UInt64) {
            self.spikes = spikes
            random = SeededRandom(seed: seed, stream: "network.spikes")
            let period = spikes.intervalS * 1000
            nextStart = spikes.poisson ? -period * log(random.nextOpenUnit()) : period * random.nextUnit()
        }

        public mutating func extraDelay(at t: Double) -> Double {
            // A new spike starts at full height, so it always covers what is left of the one before.
            while nextStart <= t {
                lastStart = nextStart
                let period = spikes.intervalS * 1000
                nextStart += spikes.poisson ? -period * log(random.nextOpenUnit()) : period
            }
            return height(since: lastStart, at: t)
        }

        func height(since start: Double, at t: Double) -> Double {
            guard start.isFinite else { return 0 }
            return spikes.heightMs * max(0, 1 - (t - start) / spikes.decayMs)
        }
    }
}

