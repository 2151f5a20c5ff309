import ChannelModels
import Foundation

/// One captured RTP stream's figures, as `moslab analyze --json` prints them under `streams: [...]` (snake_case
/// keys; times in ms unless named otherwise). Built from `RTPStreamStatistics` at the end of the capture.
public struct RTPStreamSummary: Sendable, Codable, Equatable {
    public var file: String = ""
    public var ssrc: UInt32
    public var ssrcHex: String
    public var src: String
    public var dst: String
    public var payloadType: Int
    /// RTP clock rate used for the timestamps, and where it came from (`static`, `sdp`, `user`, `estimated`).
    public var clockRate: Int
    public var clockSource: String = "static"
    /// Encoding name from RFC 3551 or the SDP (`PCMU`, `opus`), when known.
    public var encoding: String?
    public var firstTimeS: Double
    public var durationS: Double
    /// Packet duration from the usual timestamp step.
    public var ptimeMs: Double?
    public var packetsReceived: Int
    public var packetsExpected: Int
    public var packetsLost: Int
    public var lossRate: Double
    public var duplicates: Int
    public var reordered: Int
    public var sequenceJumps: Int
    public var sequenceRestarts: Int
    public var timestampJumps: Int
    public var jitterMs: Double
    public var meanJitterMs: Double
    public var maxJitterMs: Double
    public var rfc3611: RFC3611Metrics
    public var lossPattern: LossPattern
    public var relativeDelay: RelativeDelay
    public var lossModel: FittedLossModel

    public struct LossPattern: Sendable, Codable, Equatable {
        public var bursts: Int
        public var meanBurst: Double
        public var maxBurst: Int
        /// G.107 BurstR = mean burst × (1 − loss rate) (MODELS.md §1.2), 1 for no or random loss.
        public var burstRatio: Double
        /// `[length, count]` pairs of loss runs, shortest first.
        public var burstHistogram: [[Int]]
    }

    public struct RelativeDelay: Sendable, Codable, Equatable {
        public var meanMs: Double
        public var stddevMs: Double
        public var p50Ms: Double
        public var p95Ms: Double
        public var p99Ms: Double
        public var maxMs: Double
        /// Lag-1 correlation of successive delays (arrival order).
        public var lag1Correlation: Double
        /// Packets per 1 ms bin from 0 ms (capped at 2000 bins; the rest in the last).
        public var histogram1Ms: [Int]
    }

    enum CodingKeys: String, CodingKey {
        case file, ssrc, src, dst, encoding, duplicates, reordered, rfc3611
        case ssrcHex = "ssrc_hex", payloadType = "payload_type", clockRate = "clock_rate", clockSource = "clock_source"
        case firstTimeS = "first_time_s", durationS = "duration_s", ptimeMs = "ptime_ms"
        case packetsReceived = "packets_received", packetsExpected = "packets_expected", packetsLost = "packets_lost"
        case lossRate = "loss_rate", sequenceJumps = "sequence_jumps", sequenceRestarts = "sequence_restarts"
        case timestampJumps = "timestamp_jumps", jitterMs = "jitter_ms", meanJitterMs = "mean_jitter_ms"
        case maxJitterMs = "max_jitter_ms", lossPattern = "loss_pattern", relativeDelay = "relative_delay"
        case lossModel = "loss_model"
    }

    init(_ s: RTPStreamStatistics) {
        ssrc = s.key.ssrc
        ssrcHex = s.key.ssrcHex
        src = s.key.sourceText
        dst = s.key.destinationText
        payloadType = Int(s.payloadType)
        clockRate = s.clockRate
        firstTimeS = Double(s.firstMicros) / 1e6
        durationS = Double(s.lastMicros - s.firstMicros) / 1e6
        if let step = s.timestampSteps.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key, step > 0 {
            ptimeMs = Double(step) * 1000 / Double(s.clockRate)
        }
        packetsReceived = s.received
        packetsExpected = Int(s.expected)
        packetsLost = Int(s.lost)
        lossRate = s.expected > 0 ? Double(s.lost) / Double(s.expected) : 0
        duplicates = s.duplicates
        reordered = s.reordered
        sequenceJumps = s.sequenceJumps
        sequenceRestarts = s.sequenceRestarts
        timestampJumps = s.timestampJumps
        jitterMs = s.jitter.jitterMs
        meanJitterMs = s.jitter.meanMs
        maxJitterMs = s.maxJitterMs
        rfc3611 = s.rfc3611.metrics(packetMs: ptimeMs ?? 20)

        let bursts = s.burstHistogram.values.reduce(0, +)
        let lostInRuns = s.burstHistogram.reduce(0) { $0 + $1.key * $1.value }
        let pattern = LossPatternStatistics(packets: rfc3611.packets, lost: lostInRuns, bursts: bursts)
        lossPattern = LossPattern(bursts: bursts, meanBurst: pattern.meanBurstLength, maxBurst: s.burstHistogram.keys.max() ?? 0,
                                  burstRatio: pattern.burstRatio,
                                  burstHistogram: s.burstHistogram.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })

        // Relative delay: transit minus the smallest transit seen.
        let n = Double(max(1, s.transitCount))
        let minimum = s.transitCount > 0 ? s.minRelativeTransit : 0
        let mean = s.transitSum / n - minimum
        let meanRaw = s.transitSum / n
        let variance = max(0, s.transitSumSquares / n - meanRaw * meanRaw)
        var correlation = 0.0
        if s.transitCount > 2 && variance > 0 {
            let lagMean = s.transitLagProduct / Double(s.transitCount - 1)
            correlation = max(-1, min(1, (lagMean - meanRaw * meanRaw) / variance))
        }
        let binMs = RTPStreamStatistics.delayBinMs
        let bins = s.transitBins.sorted { $0.key < $1.key }
        let lowest = bins.first?.key ?? 0
        func quantile(_ q: Double) -> Double {
            guard s.transitCount > 0 else { return 0 }
            let rank = max(1, Int((q * Double(s.transitCount)).rounded(.up)))
            var cumulative = 0
            for (bin, count) in bins {
                cumulative += count
                // The bin's upper edge (nearest-rank at 0.1 ms resolution), at most the true maximum.
                if cumulative >= rank { return min(Double(bin - lowest + 1) * binMs, s.maxRelativeTransit - minimum) }
            }
            return s.maxRelativeTransit - minimum
        }
        var histogram: [Int] = []
        for (bin, count) in bins {
            let ms = min(1999, Int(Double(bin - lowest) * binMs))
            if histogram.count <= ms { histogram += [Int](repeating: 0, count: ms + 1 - histogram.count) }
            histogram[ms] += count
        }
        relativeDelay = RelativeDelay(meanMs: mean, stddevMs: variance.squareRoot(), p50Ms: quantile(0.5), p95Ms: quantile(0.95),
                                      p99Ms: quantile(0.99), maxMs: s.transitCount > 0 ? s.maxRelativeTransit - minimum : 0,
                                      lag1Correlation: correlation, histogram1Ms: histogram)
        lossModel = FittedLossModel(transitions: s.transitions)
    }
}

/// The loss model that best explains a stream's loss sequence, chosen by likelihood (Akaike's criterion,
/// AIC = 2k − 2 ln L, so Gilbert's extra parameter must earn its keep) between Bernoulli (k = 1) and the simple
/// Gilbert chain (k = 2; netem `gemodel p r` with 1−h = 1, 1−k = 0). Both are fitted by maximum likelihood from
/// the received/lost transition counts: Bernoulli x = L/N; Gilbert p = n(r→l)/n(r→·), r = n(l→r)/n(l→·)
/// (MODELS.md §1.5: the simple Gilbert's states are observable, so these are exact MLEs).
/// The 4-state model is not fitted (its gap/burst states are hidden).
public struct FittedLossModel: Sendable, Codable, Equatable {
    /// `none`, `bernoulli` or `gilbert`.
    public var model: String
    public var rate: Double?
    public var p: Double?
    public var r: Double?
    public var logLikelihoodBernoulli: Double
    public var logLikelihoodGilbert: Double

    enum CodingKeys: String, CodingKey {
        case model, rate, p, r
        case logLikelihoodBernoulli = "log_likelihood_bernoulli", logLikelihoodGilbert = "log_likelihood_gilbert"
    }

    init(transitions t: (rr: Int, rl: Int, lr: Int, ll: Int)) {
        let lost = Double(t.rl + t.ll), total = Double(t.rr + t.rl + t.lr + t.ll)
        func xlogy(_ x: Double, _ y: Double) -> Double { x > 0 ? x * Foundation.log(y) : 0 }
        let x = total > 0 ? lost / total : 0
        logLikelihoodBernoulli = xlogy(lost, x) + xlogy(total - lost, 1 - x)
        let fromReceived = Double(t.rr + t.rl), fromLost = Double(t.lr + t.ll)
        let p = fromReceived > 0 ? Double(t.rl) / fromReceived : 0
        let r = fromLost > 0 ? Double(t.lr) / fromLost : 1
        logLikelihoodGilbert = xlogy(Double(t.rr), 1 - p) + xlogy(Double(t.rl), p) + xlogy(Double(t.lr), r) + xlogy(Double(t.ll), 1 - r)
        if lost == 0 {
            model = "none"
        } else if 2 * 2 - 2 * logLikelihoodGilbert < 2 * 1 - 2 * logLikelihoodBernoulli && r > 0 {
            model = "gilbert"
            self.p = p
            self.r = r
        } else {
            model = "bernoulli"
            rate = x
        }
    }
}
