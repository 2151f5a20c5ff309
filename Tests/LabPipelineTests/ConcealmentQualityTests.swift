import Foundation
import ScenarioSpecs
import Testing
@testable import LabPipeline

/// Issue 3: G.711 Appendix I concealment beats silence fill in signal-based MOS at 5 % loss on the corpus.
/// (Over all ten clips × three seeds, `Scenarios/sweeps/plc-at-5pct-loss.yaml` gives 3.18 vs 2.67; here three clips.)
@Suite struct ConcealmentQualityTests {
    @Test func appendixIBeatsSilenceAtFivePercentLoss() throws {
        let clips = ["nb01-directory", "nb04-voicemail", "nb07-password"].map { TestSupport.repositoryRoot + "/Corpus/nb/\($0).wav" }
        func meanMOS(_ plc: PLCKind) throws -> Double {
            var spec = ScenarioSpec(name: "plc", codec: CodecSpec(name: "g711u", ptimeMs: 20),
                                    network: NetworkSpec(latencyMs: 40, loss: .bernoulli(rate: 0.05)))
            spec.plc = plc
            let scores = try clips.map { try Experiment(spec: spec, clipPath: $0, seed: 5).run().result.signal_mos! }
            return scores.reduce(0, +) / Double(scores.count)
        }
        let silence = try meanMOS(.silence), appendixI = try meanMOS(.g711AppendixI), repeatFade = try meanMOS(.repeat)
        #expect(appendixI > silence + 0.2, "Appendix I \(appendixI) vs silence \(silence)")
        #expect(appendixI > repeatFade, "Appendix I \(appendixI) vs repeat \(repeatFade)")
    }
}
