import Foundation
import LabCore
import ScenarioSpecs

/// Turns a spec's `reference` into clip paths: explicit files relative to the spec's folder, or corpus clips.
///
/// The corpus is found, in order (issue 15: "install and run anywhere"):
/// 1. next to the running binary: `<prefix>/share/moslab/Corpus` for an installed `<prefix>/bin/moslab`
///    (`make install`), or `Corpus/` in a folder above it (the build tree, `.build/release/moslab`);
/// 2. `$MOSLAB_CORPUS`;
/// 3. `./Corpus` in the current folder;
/// 4. `Corpus/` beside or above the spec's folder.
public enum ReferenceResolver {
    public static func clips(for spec: ScenarioSpec) throws -> [String] {
        let specDirectory = (spec.sourcePath as NSString).deletingLastPathComponent
        switch spec.reference {
        case .files(let files):
            return files.map { file in
                if file.hasPrefix("/") { return file }
                let besideSpec = specDirectory.isEmpty ? file : specDirectory + "/" + file
                return FileManager.default.fileExists(atPath: besideSpec) ? besideSpec : file
            }
        case let .corpus(set, names, count):
            let folder = try corpusDirectory(specDirectory: specDirectory) + "/" + set
            let available = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".wav") }.sorted()
            guard !available.isEmpty else {
                throw InputError(file: folder, "no corpus clips found", hint: "run scripts/corpus/build-corpus.sh or set MOSLAB_CORPUS")
            }
            var chosen = available
            if !names.isEmpty {
                chosen = try names.map { name in
                    guard let match = available.first(where: { $0 == name || $0 == name + ".wav" || $0.hasPrefix(name + "-") }) else {
                        throw InputError(file: spec.sourcePath, "reference clip '\(name)' is not in the \(set) corpus",
                                         hint: "available: \(available.map { String($0.dropLast(4)) }.joined(separator: ", "))")
                    }
                    return match
                }
            }
            if let count { chosen = Array(chosen.prefix(count)) }
            return chosen.map { folder + "/" + $0 }
        }
    }

    public static func corpusDirectory(specDirectory: String) throws -> String {
        var candidates = besideExecutable()
        if let environment = ProcessInfo.processInfo.environment["MOSLAB_CORPUS"] { candidates.append(environment) }
        candidates.append("Corpus")
        if !specDirectory.isEmpty {
            candidates += [specDirectory + "/Corpus", specDirectory + "/../Corpus"]
        }
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
        }
        throw InputError("cannot find the corpus (looked in \(candidates.joined(separator: ", ")))",
                         hint: "install with `make install PREFIX=…`, run from the repository root, or set MOSLAB_CORPUS=/path/to/Corpus")
    }

    /// Corpus folders the running binary would have beside it: for each folder above the executable (symbolic
    /// links resolved, so a `bin/moslab` link into a build tree still finds its tree), `share/moslab/Corpus`
    /// (an installed prefix) and `Corpus` (the repository root above `.build/`). Only candidates that would contain
    /// `nb/` are useful; the caller checks existence.
    static func besideExecutable() -> [String] {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        guard executable.hasPrefix("/") else { return [] }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates: [String] = []
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("share/moslab/Corpus").path)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Corpus/nb").path) {
                candidates.append(folder.appendingPathComponent("Corpus").path)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        return candidates.filter { FileManager.default.fileExists(atPath: $0) }
    }
}
