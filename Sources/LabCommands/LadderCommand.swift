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
        abstract: "Build a MOS ladder: clips whose MOS hits each target, and a classroom page that plays them.",
        discussion: """
            For each target the impairment's level and its random realisation (--seed, --seed + 1, …) are searched \
            jointly until the clip's MOS is within ±0.05 of the target; every clip is level-matched to −26 dBov \
            (P.56) and re-scored after it is written. A target that cannot be reached is reported as missed, on the \
            page and here, and the command exits 1 (0 with --allow-miss). Writes DIR/reference.wav, \
            DIR/rung-<target>.wav, DIR/ladder.json and DIR/index.html (the classroom page: play all in order, \
            blind quiz, A/B against the reference; --embed-audio makes it one self-contained file).
            """)

    @Option(name: .long, help: "Target MOS values, comma-separated (default: 4.4, then the middles of Good, Fair and Poor, and 2.5).")
    var targets: String?

    @Option(name: .long, help: "What to degrade: loss, burst, jitter or noise.")
    var impairment: String = "loss"

    @Option(name: .long, help: "Corpus clip name (e.g. nb01-directory) or a WAV path.")
    var clip: String = "nb01-directory"

    @Option(name: .long, help: "Output directory.")
    var out: String

    @Option(name: .long, help: "Codec every impairment goes through (l16 = linear PCM, no coding loss; g711u, …). Noise is added before encoding.")
    var codec: String = "l16"

    @Option(name: .long, help: "signal: P.862 MOS of each clip (what the room hears). predicted: the E-model's conversational MOS, delay included.")
    var scale: String = "signal"

    @OptionGroup var seedOption: SeedOption
    @OptionGroup var parallel: JobsOption

    @Flag(name: .long, help: "Embed the audio in index.html (one self-contained file for a USB stick).")
    var embedAudio = false

    @Flag(name: .long, help: "Exit 0 even when a target is missed (the miss is still reported).")
    var allowMiss = false

    @Flag(name: .long, help: "Print ladder.json to stdout.")
    var json = false

    func run() throws {
        let rungs = try failing { () -> [LadderPage.Rung] in
            guard let kind = Ladder.Impairment(rawValue: impairment) else {
                throw InputError("unknown impairment '\(impairment)'", hint: "valid: \(Ladder.Impairment.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let scaleKind = Ladder.Scale(rawValue: scale) else {
                throw InputError("unknown scale '\(scale)'", hint: "valid: signal, predicted")
            }
            let values = try targets.map { text in
                try text.split(separator: ",").map { text -> Double in
                    guard let value = Double(text.trimmingCharacters(in: .whitespaces)), (1...4.6).contains(value) else {
                        throw InputError("--targets: '\(text)' is not a MOS between 1 and 4.6", hint: "e.g. --targets 4.15,3.75,2.5")
                    }
                    return value
                }
            } ?? Ladder.defaultTargets(scale: scaleKind)
            let clipPath = try resolveClip()
            let ladder = Ladder(impairment: kind, clipPath: clipPath, codec: codec, scale: scaleKind, seed: seedOption.seed)
            try ladder.validate()
            let found = try ladder.search(targets: values, jobs: parallel.jobs)
            try AtomicFile.makeDirectory(out)
            let protected: Set<String> = [clipPath]
            let referencePath = out + "/reference.wav"
            try AudioFile.writeWAV(found[0].point.reference, to: referencePath, protected: protected)
            var rungs: [LadderPage.Rung] = []
            for rung in found {
                let name = "rung-\(fixed(rung.target, 2)).wav"
                try AudioFile.writeWAV(rung.point.degraded, to: out + "/" + name, protected: protected)
                // Re-score what was written: the page and the terminal quote the file, not the search.
                let written = try Ladder.rescore(referencePath: referencePath, degradedPath: out + "/" + name)
                let achieved = scaleKind == .signal ? written : rung.point.mos
                let shown = (achieved * 1000).rounded() / 1000
                var entry = LadderPage.Rung(
                    target: rung.target, achieved_mos: shown, band: MOSBand(mos: achieved).rawValue,
                    reached: abs(achieved - rung.target) <= ladder.tolerance,
                    reference: "reference.wav", degraded: name,
                    impairment: .init(kind: kind.rawValue, parameter: Self.parameterName(kind), value: rung.point.level),
                    description: rung.point.description)
                entry.scale = scaleKind.rawValue
                entry.tolerance = ladder.tolerance
                entry.signal_mos = (written * 1000).rounded() / 1000
                entry.predicted_mos = rung.point.predictedMOS.map { ($0 * 1000).rounded() / 1000 }
                entry.seed = rung.point.seed
                entry.evaluations = rung.evaluations
                entry.level_dbov = Ladder.levelDBov
                if !entry.reached {
                    entry.missed_because = rung.missReason ?? "the written file re-scored \(fixed(written, 3)), outside ±\(fixed(ladder.tolerance, 2))"
                }
                rungs.append(entry)
            }
            try AtomicFile.write(try ResultWriters.json(rungs), to: out + "/ladder.json", protected: protected)
            let clipName = ((clipPath as NSString).lastPathComponent as NSString).deletingPathExtension
            let page = LadderPage.render(clip: clipName, rungs: rungs, audio: embedAudio ? Self.dataURI(folder: out) : { $0 })
            try AtomicFile.write(page, to: out + "/index.html", protected: protected)
            return rungs
        }
        if json {
            print(try ResultWriters.json(rungs), terminator: "")
        } else {
            let scaleName = rungs.first?.scale == "predicted" ? "predicted (E-model, conversational)" : "signal (P.862)"
            print(table(["target", "measured", "band", "", "what was done"], rungs.map {
                [fixed($0.target, 2), fixed($0.achieved_mos, 2), $0.band, $0.reached ? "ok" : "MISSED", $0.description]
            }))
            print("\nScale: \(scaleName); each clip level-matched to −26 dBov and re-scored after writing.")
            print("Open \(out)/index.html to play them in order.")
        }
        let missed = rungs.filter { !$0.reached }
        for rung in missed {
            printError("missed: target \(fixed(rung.target, 2)) — closest reached \(fixed(rung.achieved_mos, 2)) (tolerance ±\(fixed(rung.tolerance, 2))): \(rung.missed_because ?? "")")
        }
        if !missed.isEmpty && !allowMiss {
            printError("\(missed.count) of \(rungs.count) rungs missed their target; pass --allow-miss to accept the ladder as it is")
            throw ExitCode(1)
        }
    }

    /// Reads a written WAV back as a data URI, so the page carries its own audio.
    static func dataURI(folder: String) -> (String) -> String {
        { name in
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { return name }
            return "data:audio/wav;base64," + data.base64EncodedString()
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
