import LabCore
import Yams

/// A YAML node with the file it came from, so every complaint can say `file:line:column: message (hint: …)`.
///
/// Reading is strict: wrong types, out-of-range values and (via `SpecMapping.finish()`) unknown keys are refused.
struct SpecNode {
    let node: Node
    let file: String
    /// Dotted key path, for messages (`network.loss.p`).
    let path: String

    func error(_ message: String, hint: String? = nil) -> InputError {
        InputError(file: file, line: node.mark?.line, column: node.mark?.column, message, hint: hint)
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.tag.description == Tag.Name.null.rawValue || (scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)) }
        return false
    }

    func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("\(path) must be a string, found a \(kind)") }
        return scalar.string
    }

    func double(in range: ClosedRange<Double>? = nil, unit: String = "") throws -> Double {
        guard case .scalar(let scalar) = node else { throw error("\(path) must be a number, found a \(kind)") }
        let text = scalar.string.lowercased()
        guard scalar.style == .plain, let value = Double(text), !text.hasPrefix("0x") else {
            throw error("\(path) must be a number, found '\(scalar.string)'", hint: unit.isEmpty ? nil : "give the value in \(unit)")
        }
        guard value.isFinite else { throw error("\(path) must be a finite number, found '\(scalar.string)'") }
        if let range, !range.contains(value) {
            throw error("\(path) = \(scalar.string) is out of range", hint: "allowed: \(describe(range))\(unit.isEmpty ? "" : " " + unit)")
        }
        return value
    }

    func integer(in range: ClosedRange<Int>? = nil) throws -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            throw error("\(path) must be an integer, found \(describeValue)")
        }
        if let range, !range.contains(value) {
            throw error("\(path) = \(value) is out of range", hint: "allowed: \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func unsigned64() throws -> UInt64 {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = UInt64(scalar.string) else {
            throw error("\(path) must be a non-negative integer, found \(describeValue)", hint: "seeds are 0…18446744073709551615")
        }
        return value
    }

    func bool() throws -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { throw error("\(path) must be true or false, found \(describeValue)") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(path) must be true or false, found '\(scalar.string)'")
        }
    }

    func mapping() throws -> SpecMapping {
        guard case .mapping(let mapping) = node else { throw error("\(path.isEmpty ? "the spec" : path) must be a mapping (key: value), found a \(kind)") }
        return try SpecMapping(owner: self, mapping: mapping)
    }

    func sequence() throws -> [SpecNode] {
        guard case .sequence(let sequence) = node else { throw error("\(path) must be a list, found a \(kind)") }
        return sequence.enumerated().map { SpecNode(node: $0.element, file: file, path: "\(path)[\($0.offset)]") }
    }

    /// One of `choices`; the error lists them.
    func choice(_ choices: [String]) throws -> String {
        let value = try string()
        guard choices.contains(value) else {
            throw error("unknown \(path) '\(value)'", hint: "valid: \(choices.joined(separator: ", "))")
        }
        return value
    }

    var kind: String {
        switch node {
        case .scalar: return "scalar"
        case .mapping: return "mapping"
        case .sequence: return "list"
        }
    }

    var describeValue: String {
        if case .scalar(let scalar) = node { return "'\(scalar.string)'" }
        return "a \(kind)"
    }

    private func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .greatestFiniteMagnitude { return "≥ \(format(range.lowerBound))" }
        return "\(format(range.lowerBound))…\(format(range.upperBound))"
    }

    private func format(_ value: Double) -> String { plainNumber(value) }
}

/// A mapping being read: remembers which keys were consumed so `finish()` can refuse the rest.
///
/// The keys are indexed once (a dictionary), so reading a mapping of n keys costs O(n), not O(n²): a spec with 10k
/// `expect:` keys loads in milliseconds. Duplicate keys are refused with both places (YAML 1.2 §3.2.1.1 requires
/// unique keys; libyaml keeps both and the first would silently win), and so are keys that are not plain strings.
struct SpecMapping {
    /// One `key: value` pair as written.
    struct Entry {
        var name: String
        var key: SpecNode
        var value: SpecNode
    }

    let owner: SpecNode
    let mapping: Node.Mapping
    /// The pairs in the order written.
    let entries: [Entry]
    private let index: [String: Int]
    private(set) var allowed: [String] = []
    private var allowedSet: Set<String> = []

    init(owner: SpecNode, mapping: Node.Mapping) throws {
        self.owner = owner
        self.mapping = mapping
        var entries: [Entry] = []
        var index: [String: Int] = [:]
        entries.reserveCapacity(mapping.count)
        for (k, v) in mapping {
            guard case .scalar(let scalar) = k else {
                throw SpecNode(node: k, file: owner.file, path: owner.path)
                    .error("a key must be a plain name, found a \(SpecNode(node: k, file: owner.file, path: "").kind)",
                           hint: "write `name: value`")
            }
            let name = scalar.string
            let path = owner.path.isEmpty ? name : "\(owner.path).\(name)"
            let entry = Entry(name: name, key: SpecNode(node: k, file: owner.file, path: path),
                              value: SpecNode(node: v, file: owner.file, path: path))
            if let first = index[name] {
                let place = entries[first].key.node.mark.map { "\($0.line):\($0.column)" } ?? "earlier"
                throw entry.key.error("duplicate key '\(path)' (first written at \(owner.file):\(place))",
                                      hint: "keep one of the two; YAML keys must be unique")
            }
            index[name] = entries.count
            entries.append(entry)
        }
        self.entries = entries
        self.index = index
    }

    var file: String { owner.file }

    /// The value under `key`, or nil when absent (or explicitly null).
    mutating func optional(_ key: String) -> SpecNode? {
        if allowedSet.insert(key).inserted { allowed.append(key) }
        guard let position = index[key] else { return nil }
        let child = entries[position].value
        return child.isNull ? nil : child
    }

    mutating func required(_ key: String, hint: String) throws -> SpecNode {
        guard let value = optional(key) else {
            throw owner.error("missing required key '\(owner.path.isEmpty ? key : "\(owner.path).\(key)")'", hint: hint)
        }
        return value
    }

    /// Keys present in the mapping, in order, with their key nodes (for places in messages).
    var keys: [(String, SpecNode)] { entries.map { ($0.name, $0.key) } }

    /// Refuses keys that were never asked for, suggesting the nearest allowed key.
    func finish() throws {
        for entry in entries where !allowedSet.contains(entry.name) {
            let key = entry.name
            let nearest = NearestName.nearest(to: key, in: allowed)
            let suggestion = nearest.flatMap { NearestName.distance($0, key) <= max(2, key.count / 3) ? "did you mean '\($0)'? " : nil } ?? ""
            throw entry.key.error("unknown key '\(entry.key.path)'",
                                  hint: "\(suggestion)valid keys here: \(allowed.joined(separator: ", "))")
        }
    }
}
