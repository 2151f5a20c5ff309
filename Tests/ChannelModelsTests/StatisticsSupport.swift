import ChannelModels
import LabCore

/// z for a two-sided 99 % interval (issue 3 asks for the 99 % interval of the theoretical value).
let z99 = 2.576

/// Loss flags of `count` packets from `model` on a fixed seed's `network.loss` stream.
func lossFlags(_ model: any LossModel, count: Int, seed: UInt64 = 20_261_122) -> [Bool] {
    var model = model
    var random = SeededRandom(seed: seed, stream: "network.loss")
    return (0..<count).map { _ in model.nextIsLost(using: &random) }
}

/// Batch means (MODELS.md §1.7/§8): the standard error of a statistic from the spread of its value over
/// `batches` consecutive batches.
func batchMeans(_ flags: [Bool], batches: Int = 40, _ statistic: (ArraySlice<Bool>) -> Double) -> (mean: Double, se: Double) {
    let size = flags.count / batches
    let values = (0..<batches).map { statistic(flags[($0 * size)..<(($0 + 1) * size)]) }
    let mean = values.reduce(0, +) / Double(batches)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(batches - 1)
    return (mean, (variance / Double(batches)).squareRoot())
}

func sliceStats(_ slice: ArraySlice<Bool>) -> LossPatternStatistics { LossPatternStatistics(lostFlags: Array(slice)) }

/// |observed − expected| in standard errors, with a message for failures.
func zScore(_ observed: Double, _ expected: Double, _ se: Double) -> Double { abs(observed - expected) / se }
