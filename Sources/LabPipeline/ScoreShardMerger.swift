import Foundation
import LabCore

/// Joins the JSON lines of `moslab score --pairs FILE --shard I/N` runs back into the lines one unsharded run
/// prints: each line carries `pair` (its 1-based position in FILE) and `pairs` (how many FILE lists), so the merge
/// can order them and tell a missing or repeated shard (docs/cluster.md).
public enum ScoreShardMerger {
    /// The merged text (lines in pair order, each as it was printed). Errors name the file at fault.
    public static func merge(files: [String]) throws -> String {
        guard !files.isEmpty else { throw InputError("no score files given", hint: "moslab merge SCORES.jsonl... --out FILE") }
        var lines: [Int: (line: String, file: String)] = [:]
        var total: (count: Int, file: String)?
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw InputError(file: file, "cannot read", hint: "give the output files of `moslab score --pairs … --shard I/N`")
            }
            for (number, line) in text.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let pair = object["pair"] as? Int, let count = object["pairs"] as? Int else {
                    throw InputError(file: file, line: number + 1, "is not a `moslab score --pairs` line with pair and pairs",
                                     hint: "give the output files of `moslab score --pairs … --shard I/N`")
                }
                if let total, total.count != count {
                    throw InputError(file: file, line: number + 1, "scores a pairs file of \(count) pairs, \(total.file) one of \(total.count)",
                                     hint: "merge the shards of one pairs file")
                }
                total = (count, file)
                if let other = lines[pair] {
                    throw InputError(file: file, line: number + 1, "overlaps \(other.file): both hold pair \(pair)",
                                     hint: "give each shard once")
                }
                lines[pair] = (String(line), file)
            }
        }
        guard let total else { throw InputError(file: files[0], "holds no scores", hint: "give non-empty shard outputs") }
        let missing = (1...max(1, total.count)).filter { lines[$0] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(5).map(String.init).joined(separator: ", ") + (missing.count > 5 ? ", …" : "")
            throw InputError("pair\(missing.count == 1 ? "" : "s") \(shown) of \(total.count) missing from \(files.joined(separator: ", "))",
                             hint: "run the missing shard(s), then merge all")
        }
        return (1...total.count).map { lines[$0]!.line + "\n" }.joined()
    }
}
