import LabCore

/// Decides, packet by packet, whether the network drops it. Each model draws only from the generator it is given
/// (the channel's own `network.loss` stream), so delay settings never change loss draws.
public protocol LossModel: Sendable {
    /// Whether the next packet is lost.
    mutating func nextIsLost(using random: inout SeededRandom) -> Bool
    /// Long-run loss probability the parameters imply (for reports and tests).
    var stationaryLossRate: Double { get }
}

/// No loss.
public struct NoLoss: LossModel {
    public init() {}
    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool { false }
    public var stationaryLossRate: Double { 0 }
}

/// Independent loss with probability `rate` per packet.
public struct BernoulliLoss: LossModel {
    public var rate: Double
    public init(rate: Double) { self.rate = rate }
    public mutating func nextIsLost(using random: inout SeededRandom) -> Bool { random.bernoulli(rate) }
    public var stationaryLossRate: Double { rate }
}
