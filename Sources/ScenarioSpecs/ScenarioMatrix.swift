import LabCore
import Yams

/// `matrix:` in a spec: a cartesian product over parameter paths (`codec.name: [g711u, g711a]`,
/// `network.loss.rate: [0, 0.02]`, `seed: [1, 2, 3]`). Each combination is substituted into the YAML tree and the
/// result read by the ordinary strict reader, so a bad value is reported at its place in the matrix list.
public enum ScenarioMatrix {
    /// One axis: the dotted path and its values (as YAML nodes, keeping their marks).
    struct Axis {
        var path: String
        var keyNode: SpecNode
        var values: [Node]
    }

    /// Splits `matrix:` off the root mapping. Returns the root without it and the axes (empty when absent).
    static func extract(from root: SpecNode) throws -> (root: Node, axes: [Axis]) {
        guard case .mapping(let mapping) = root.node else { return (root.node, []) }
        _ = try root.mapping()  // refuses duplicate top-level keys (two `matrix:`) with both places
        var kept: [(Node, Node)] = []
        var axes: [Axis] = []
        for (key, value) in mapping {
            guard key.scalar?.string == "matrix" else {
                kept.append((key, value))
                continue
            }
            let matrixNode = SpecNode(node: value, file: root.file, path: "matrix")
            let axisMapping = try matrixNode.mapping()
            for entry in axisMapping.entries {
                let path = entry.name, keyNode = entry.key, valueNode = entry.value
                let values = try valueNode.sequence().map(\.node)
                guard !values.isEmpty else {
                    throw valueNode.error("matrix.\(path) has no values", hint: "give a list, e.g. `\(path): [a, b]`")
                }
                if path == "name" || path.hasPrefix("matrix") || path.hasPrefix("expect") {
                    throw keyNode.error("matrix cannot vary '\(path)'", hint: "vary codec, network, jitter_buffer, plc, seed, reference, level_dbov or emodel")
                }
                axes.append(Axis(path: path, keyNode: keyNode, values: values))
            }
        }
        return (.mapping(Node.Mapping(kept, mapping.tag, mapping.style, mapping.mark)), axes)
    }

    /// How many combinations the axes give, without expanding them (`Int.max` on overflow).
    static func count(_ axes: [Axis]) -> Int {
        var product = 1
        for axis in axes {
            let (next, overflow) = product.multipliedReportingOverflow(by: axis.values.count)
            if overflow { return Int.max }
            product = next
        }
        return product
    }

    /// Every combination, in row-major order of the axes as written (the last axis varies fastest).
    static func combinations(_ axes: [Axis]) -> [[(Axis, Node)]] {
        var result: [[(Axis, Node)]] = [[]]
        for axis in axes {
            result = result.flatMap { prefix in axis.values.map { prefix + [(axis, $0)] } }
        }
        return result
    }

    /// The tree with `value` set at a dotted path, creating mappings along the way.
    static func setting(_ path: ArraySlice<Substring>, to value: Node, in node: Node?) -> Node {
        guard let head = path.first else { return value }
        var pairs: [(Node, Node)] = []
        var style = Node.Mapping.Style.any
        var mark: Mark?
        if case .mapping(let mapping)? = node {
            pairs = mapping.map { ($0.key, $0.value) }
            style = mapping.style
            mark = mapping.mark
        }
        if let index = pairs.firstIndex(where: { $0.0.scalar?.string == String(head) }) {
            pairs[index].1 = setting(path.dropFirst(), to: value, in: pairs[index].1)
        } else {
            pairs.append((Node(String(head)), setting(path.dropFirst(), to: value, in: nil)))
        }
        return .mapping(Node.Mapping(pairs, .implicit, style, mark))
    }

    /// Short, filesystem-safe text for a value (`0.02`, `g711a`).
    static func label(_ node: Node) -> String {
        let text = node.scalar?.string ?? "value"
        return String(text.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
