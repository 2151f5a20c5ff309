extension G107 {
    /// The burst ratio of a realised loss sequence, G.107 (06/2015) §7.5 definition:
    ///
    ///     BurstR = (average length of observed loss bursts) / (average burst length expected for random loss)
    ///
    /// Under random (Bernoulli) loss with probability x the expected run of consecutive losses is 1/(1 − x),
    /// so BurstR = mean loss-run length · (1 − x). `lost[i]` is true when packet i was lost or discarded late.
    /// Returns 1 (random) when nothing or everything was lost, and never less than 1 (Table 3's range).
    public static func burstRatio(lossSequence lost: [Bool]) -> Double {
        guard !lost.isEmpty else { return 1 }
        var losses = 0
        var runs = 0
        var previous = false
        for l in lost {
            if l {
                losses += 1
                if !previous { runs += 1 }
            }
            previous = l
        }
        guard losses > 0, losses < lost.count else { return 1 }
        let x = Double(losses) / Double(lost.count)
        let meanRun = Double(losses) / Double(runs)
        return max(meanRun * (1 - x), 1)
    }
}
