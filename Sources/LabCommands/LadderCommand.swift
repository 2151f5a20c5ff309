import ArgumentParser
import AudioIO
import Foundation
import LabCore
import LabPipeline
import Reporting
import SpeechCodecs

struct LadderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ladder",
        abstract: "Build a MOS ladder: clips whose signal MOS hits each target, and a page that plays them in order.",
        discussion: """
            For each target the impairment's level is bisected (fixed seed) until the P.862 MOS-LQO is within
            ±0.05 of it. Writes DIR/reference.wav, DIR/rung-<target>.wav, DIR/ladder.json and DIR/index.html.
            """)

    @Option(name: .long, help: "Target MOS values, comma-separated.")
    var targets: String = "4.3,4.0,3.5,3.0,2.5"

    @Option(name: .long, help: "What to degrade: loss, burst, jitter or noise.")
    var impairment: String = "loss"

    @Option(name: .long, help: "Corpus clip name (e.g. nb01-directory) or a WAV path.")
    var clip: String = "nb01-directory"

    @Option(name: .long, help: "Output directory.")
    var out: String

    @Option(name: .long, help: "Codec the network impairments go through (l16 = linear PCM, no coding loss; g711u, …).")
    var codec: String = "l16"

    @Option(name: .long, help: "Seed of the impairment's random draws.")
    var seed: UInt64 = 1

    @Flag(name: .long, help: "Print ladder.json to stdout.")
    var json = false

    func run() throws {
        let rungs = try failing { () -> [LadderPage.Rung] in
            guard let kind = Ladder.Impairment(rawValue: impairment) else {
                throw InputError("unknown impairment '\(impairment)'", hint: "valid: \(Ladder.Impairment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let values = try targets.split(separator: ",").map { text -> Double in
                guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (1...4.6).contains(value) else {
                    throw InputError("--targets: '\(text)' is not a MOS between 1 and 4.6", hint: "e.g. --targets 4.3,3.5,2.5")
                }
                return value
            }
            let clipPath = try resolveClip()
            _ = try CodecRegistry.codec(named: codec)
            let ladder = Ladder(impairment: kind, clipPath: clipPath, codec: codec, seed: seed)
            let found = try ladder.search(targets: values)
            try AtomicFile.makeDirectory(out)
            let protected: Set<String> = [clipPath]
            try AudioFile.writeWAV(found[0].point.reference, to: out + "/reference.wav", protected: protected)
            var rungs: [LadderPage.Rung] = []
            for rung in found {
                let name = "rung-\(String(format: "%.2f", rung.target)).wav"
                try AudioFile.writeWAV(rung.point.degraded, to: out + "/" + name, protected: protected)
                rungs.append(LadderPage.Rung(
                    target: rung.target, achieved_mos: (rung.point.mos * 1000).rounded() / 1000,
                    band: MOSBand(mos: (rung.point.mos * 100).rounded() / 100).rawValue, reached: rung.reached,
                    reference: "reference.wav", degraded: name,
                    impairment: .init(kind: kind.rawValue, parameter: Self.parameterName(kind), value: rung.point.level),
                    description: rung.point.description))
            }
            try AtomicFile.write(try ResultWriters.json(rungs), to: out + "/ladder.json", protected: protected)
            let clipName = ((clipPath as NSString).lastPathComponent as NSString).deletingPathExtension
            try AtomicFile.write(LadderPage.render(clip: clipName, rungs: rungs), to: out + "/index.html", protected: protected)
            return rungs
        }
        if json {
            print(try ResultWriters.json(rungs), terminator: "")
        } else {
            print(table(["target", "achieved", "band", "what was done"], rungs.map {
                [fixed($0.target, 2), fixed($0.achieved_mos, 2) + ($0.reached ? "" : " (closest)"), $0.band, $0.description]
            }))
            print("\nOpen \(out)/index.html to play them in order.")
        }
        if rungs.contains(where: { !$0.reached }) {
            printError("warning: some targets were only approximated (marked 'closest')")
        }
    }

    static func parameterName(_ kind: Ladder.Impairment) -> String {
        switch kind {
        case .loss: return "network.loss.rate"
        case .burst: return "network.loss.p"
        case .jitter: return "network.jitter.stddev_ms"
        case .noise: return "noise_level_db_re_speech"
        }
    }

    func resolveClip() throws -> String {
        if clip.contains("/") || clip.hasSuffix(".wav") { return clip }
        let corpus = try ReferenceResolver.corpusDirectory(specDirectory: "")
        for set in ["nb", "wb"] {
            let folder = corpus + "/" + set
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if let match = files.sorted().first(where: { $0 == clip + ".wav" || $0.hasPrefix(clip + "-") }) {
                return folder + "/" + match
            }
        }
        throw InputError("no corpus clip named '\(clip)'", hint: "see Corpus/README.md, e.g. nb01-directory")
    }
}
