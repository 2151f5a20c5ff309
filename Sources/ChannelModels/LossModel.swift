import LabCore

/// Decides, packet by packet, whether the network drops it. Each model draws only from the generator it is given
/// (the channel's own `network.loss` stream), so delay settings never change loss draws.
public protocol LossModel: Sendable {
    /// Whether the next packet is lost.
    mutating func nextIsLost(using random: inout SeededRandom) -> Bool
    /// Long-run loss probability the parameters imply (for reports and tests).
    var stationaryLossRate: Double { get }
    /// Long-run mean run of consecutive losses the parameters imply (1/(1−x̄) for random loss; 0 without loss).
    var meanBurstLength: Double { get }
}

extension LossModel {
    public var meanBurstLength: Double {
        let x = stationaryLossRate
        return x > 0 ? (x < 1 ? 1 / (1 - x) : .infinity) : 0
    }
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

/// Checks shared by the loss models: probabilities in [0, 1].
enum Probability {
    static func check(_ value: Double, _ name: String) throws {
        guard value.isFinite, (0...1).contains(value) else {
            throw InputError("\(name) = \(value) is not a probability", hint: "give a value in 0…1 (3 % is 0.03)")
        }
    }
}
