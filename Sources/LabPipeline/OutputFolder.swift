import Foundation
import LabCore
import Reporting
import ScenarioSpecs

/// Keeps a run folder truthful (issue 15): report.html, results.csv and the `<scenario>/` folders always describe
/// the same runs. A re-run of a spec replaces that spec's earlier runs: folders of matrix combinations it no longer
/// expands to, and files of clips it no longer runs, are removed; other specs' runs stay.
struct OutputFolder {
    var directory: String

    static func absolute(_ path: String) -> String {
        ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString).standardizingPath
    }

    /// `runNow`: the specs just run (matrix combinations expanded); `clips`: their clip names by spec name.
    func removeStale(runNow specs: [ScenarioSpec], clips: [String: [String]]) throws {
        let fileManager = FileManager.default
        let current = Set(specs.map(\.name))
        let bases = Set(specs.map { $0.baseName.isEmpty ? $0.name : $0.baseName })
        for folder in (try? fileManager.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = "\(directory)/\(folder)"
            // Only run folders (with a result.json) are ever touched.
            guard let data = fileManager.contents(atPath: path + "/result.json") else { continue }
            if current.contains(folder) {
                // Same spec: drop files of clips it no longer runs.
                let kept = clips[folder] ?? []
                for file in (try? fileManager.contentsOfDirectory(atPath: path)) ?? []
                where (file.hasSuffix(".wav") || file.hasSuffix(".csv") || file.hasSuffix(".result.json")) && !kept.contains(where: { file.hasPrefix($0 + ".") }) {
                    try fileManager.removeItem(atPath: path + "/" + file)
                }
                continue
            }
            let results = (try? JSONDecoder().decode([RunResult].self, from: data)) ?? []
            let base = results.first.map { $0.base_scenario.isEmpty ? $0.scenario : $0.base_scenario }
                ?? (folder.components(separatedBy: "--").first ?? folder)
            if bases.contains(base) { try fileManager.removeItem(atPath: path) }
        }
    }
}
