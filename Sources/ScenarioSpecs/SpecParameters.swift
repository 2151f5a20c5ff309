import Foundation
import LabCore
import Yams

/// A spec file's parameters as a flat map `jitter_buffer.depth_ms → "60"`, from the parsed YAML: comments,
/// key order, flow vs block style and quoting do not change it, so `moslab check` can tell a tuning change from an
/// edit that changes nothing.
public struct SpecParameters: Sendable, Equatable, Codable {
    public var values: [String: String]

    public init(values: [String: String]) { self.values = values }

    /// Parses `text` (the spec file's content); `file` names it in errors.
    public init(text: String, file: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw InputError(file: file, "not valid YAML: \(error)", hint: "fix the spec")
        }
        var values: [String: String] = [:]
        if let node { Self.flatten(node, prefix: "", into: &values) }
        self.values = values
    }

    static func flatten(_ node: Node, prefix: String, into values: inout [String: String]) {
        switch node {
        case .scalar(let scalar):
            values[prefix] = Self.canonical(scalar.string)
        case .mapping(let mapping):
            if mapping.isEmpty { values[prefix] = "{}" }
            for (key, value) in mapping {
                let name = key.string ?? "\(key)"
                flatten(value, prefix: prefix.isEmpty ? name : prefix + "." + name, into: &values)
            }
        case .sequence(let sequence):
            if sequence.isEmpty { values[prefix] = "[]" }
            for (index, value) in sequence.enumerated() { flatten(value, prefix: "\(prefix)[\(index)]", into: &values) }
        }
    }

    /// Numbers compare by value (`60`, `60.0` and `6e1` are the same depth).
    static func canonical(_ text: String) -> String {
        if let number = Double(text), number.isFinite {
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        }
        return text
    }

    /// A stable hash of the parameters (FNV-1a over the sorted `key=value` lines).
    public var hash: String {
        let text = values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: "\n")
        let digits = String(StreamSeed.fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// What changed from `old` to `self`: `key: old → new`, with `(none)` for a key added or removed.
    public func changes(from old: SpecParameters) -> [String] {
        Set(values.keys).union(old.values.keys).sorted().compactMap { key in
            let before = old.values[key], after = values[key]
            guard before != after else { return nil }
            return "\(key): \(before ?? "(none)") → \(after ?? "(none)")"
        }
    }
}
