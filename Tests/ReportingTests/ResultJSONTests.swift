import Foundation
import LabCore
import Testing
@testable import Reporting

/// `ResultJSON` must write exactly what `ResultWriters.json` (Foundation's JSONEncoder) writes, on real results and
/// on values chosen to hit every formatting rule (issue 16 part 2: it replaced JSONEncoder on the run path).
@Suite struct ResultJSONTests {
    static func result(_ index: Int) -> RunResult {
        var result = RunResult(
            scenario: "s\(index)--jitter_buffer.depth_ms=40", clip: "nb01-directory", codec: "g711u", seed: UInt64(index) * 7919,
            ptime_ms: 20, plc: "repeat", jitter_buffer: "fixed 40 ms", loss_model: "random 5.0 %",
            reference_path: "../Corpus/nb/nb01-directory.wav", sample_rate: 8000, duration_s: 10.667125,
            reference_level_dbov: -19.09824697290359, normalized_level_dbov: -26, activity_factor: 0.7020082224660649,
            packets_sent: 534, packets_lost: 38, packets_late: 0, loss_rate: 0.07116104868913857, late_loss_rate: 0,
            effective_loss_rate: 1e-7, mean_burst_length: 1.1176470588235294, burst_ratio: 1e21,
            mean_network_delay_ms: -0.0, mean_playout_delay_ms: .leastNonzeroMagnitude, one_way_delay_ms: 1.7976931348623157e308,
            concealed_ms: 760, longest_concealment_ms: 40, r_factor: index.isMultiple(of: 2) ? nil : 60.87912351012888,
            predicted_mos: 3.1454256416198643, mos_band: "Poor", emodel_model: "ITU-T G.107 (06/2015)",
            signal_mos: index.isMultiple(of: 3) ? .nan : nil, signal_band: nil,
            emodel_inputs: ["Ppl": 7.116104868913857, "T": 110.19361129717235, "A": 0, "BurstR": .infinity, "a": -.infinity,
                            "Z": 100, "é": 1, "ab": 2, "a b": 3, "A_": 4],
            emodel: [:], degraded_path: "s/nb01-directory.wav", processed_reference_path: "s/nb01-directory.reference.wav",
            notes: ["quote \" backslash \\ slash / tab \t newline \n cr \r bs \u{8} ff \u{c} nul \u{0} us \u{1f} del \u{7f}",
                    "unicode µ-law — 日本 🎧", ""],
            failed_expectations: [])
        result.matrix = index.isMultiple(of: 2) ? [:] : ["jitter_buffer.depth_ms": "40", "network.loss.rate": "0.05"]
        result.p95_playout_delay_ms = 66.19756689481437
        result.jitter_buffer_adaptations = index
        result.warnings = index.isMultiple(of: 2) ? [] : ["Ppl = 68.54 % (run) is outside G.107's validated range"]
        result.output_files = [FileDigest(path: "s/nb01-directory.wav", bytes: 170_718, fnv1a64: "02393352033b8794")]
        result.ie = 0.1 + 0.2
        result.bpl = 16
        result.payload_kbps = 64
        return result
    }

    @Test func bytesEqualJSONEncoders() throws {
        for count in [0, 1, 2, 5] {
            let results = (0..<count).map(Self.result)
            #expect(try ResultJSON.encode(results) == Array(try ResultWriters.json(results).utf8), "\(count) results")
        }
        for count in [0, 1, 3] {
            let results = (0..<count).map(Self.result)
            #expect(ResultJSON.array(of: try results.map(ResultJSON.element)) == Array(try ResultWriters.json(results).utf8))
        }
        let urls = [["u": URL(fileURLWithPath: "/a")], ["u": URL(fileURLWithPath: "/b")]]
        #expect(ResultJSON.array(of: try urls.map(ResultJSON.element)) == Array(try ResultWriters.json(urls).utf8))
        let one = Self.result(1)
        #expect(try ResultJSON.encode(one) == Array(try ResultWriters.json(one).utf8))
        // `output_files` (built without a nested encoder): several digests, escapes, none, absent.
        let digests = [FileDigest(path: "s/a \"b\" \\ µ.wav", bytes: 0, fnv1a64: "cbf29ce484222325"),
                       FileDigest(path: "", bytes: -1, fnv1a64: ""), FileDigest(path: "s/t.trace.csv", bytes: .max, fnv1a64: "\n")]
        for files in [digests, [], nil] {
            var result = Self.result(3)
            result.output_files = files
            #expect(try ResultJSON.encode(result) == Array(try ResultWriters.json(result).utf8))
            #expect(try ResultJSON.encode(files) == Array(try ResultWriters.json(files).utf8))
        }
        #expect(try ResultJSON.encode([String: [Double]]()) == Array(try ResultWriters.json([String: [Double]]()).utf8))
        #expect(try ResultJSON.encode(["b": [1.5, -2, 3e-9], "a": []]) == Array(try ResultWriters.json(["b": [1.5, -2, 3e-9], "a": []]).utf8))
    }

    @Test func numbersEqualJSONEncoders() throws {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 1e15, 1e16, 1e-5, 123456789012345683968, .ulpOfOne, .pi,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude, 2.5e-8, 100, 1e300]
        values += (0..<2000).map { _ in Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)) }
        values += (0..<2000).map { _ in Double.random(in: -1000...1000, using: &generator) }
        values = values.filter(\.isFinite)
        #expect(try ResultJSON.encode(values) == Array(try ResultWriters.json(values).utf8))
        let integers: [Int] = [0, -1, .max, .min, 42]
        #expect(try ResultJSON.encode(integers) == Array(try ResultWriters.json(integers).utf8))
        let unsigned: [UInt64] = [0, .max]
        #expect(try ResultJSON.encode(unsigned) == Array(try ResultWriters.json(unsigned).utf8))
    }

    /// A type with a hand-written encoding: nested and super containers, a key written twice, nil, Bool.
    struct Custom: Encodable {
        enum Key: String, CodingKey { case zeta, alpha, nested, list, flag, none, sup }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("first", forKey: .zeta)
            try container.encode(1.25, forKey: .alpha)
            try container.encode("second", forKey: .zeta)
            var nested = container.nestedContainer(keyedBy: Key.self, forKey: .nested)
            try nested.encode(true, forKey: .flag)
            try nested.encodeNil(forKey: .none)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(Int8(-3))
            try list.encode(Float(0.1))
            try list.encodeNil()
            var inner = list.nestedUnkeyedContainer()
            try inner.encode("x")
            _ = list.nestedContainer(keyedBy: Key.self)
            try ["k": 1].encode(to: container.superEncoder(forKey: .sup))
        }
    }

    @Test func handWrittenEncodingsEqualJSONEncoders() throws {
        #expect(try ResultJSON.encode(Custom()) == Array(try ResultWriters.json(Custom()).utf8))
        #expect(try ResultJSON.encode([Custom(), Custom()]) == Array(try ResultWriters.json([Custom(), Custom()]).utf8))
    }

    /// The containers `ResultJSON` builds without a nested encoder (`[String: Double]`, `[String: String]`,
    /// `[String]`, `NullEncoded` of Double, String and [String]), alone and inside a struct: escapes, non-finite
    /// numbers, keys that sort by bytes (case, spaces, non-ASCII, a prefix of another), empty and nil.
    struct Containers: Encodable {
        var numbers: [String: Double]
        var texts: [String: String]
        var list: [String]
        @NullEncoded var score: Double?
        @NullEncoded var label: String?
        @NullEncoded var warnings: [String]?
    }

    @Test func containersBuiltDirectlyEqualJSONEncoders() throws {
        let numbers: [String: Double] = ["b": .nan, "B": .infinity, "a": -.infinity, "a b": -0.0, "é": 1e-7, "ab": 3, "": 0.1 + 0.2,
                                         "z\"": 1e21]
        let texts: [String: String] = ["k\n": "tab \t quote \" backslash \\ nul \u{0} del \u{7f}", "K": "日本 🎧", "": ""]
        let lists: [[String]] = [[], [""], ["a/b", "\u{1f}", "µ"]]
        for list in lists {
            for (score, label, warnings) in [(Double?.none, String?.none, [String]?.none), (.nan, "x\"y", []), (2.5, "", list)] {
                let value = Containers(numbers: numbers, texts: texts, list: list, score: score, label: label, warnings: warnings)
                #expect(try ResultJSON.encode(value) == Array(try ResultWriters.json(value).utf8))
                #expect(try ResultJSON.encode([value, value]) == Array(try ResultWriters.json([value, value]).utf8))
                #expect(ResultJSON.array(of: [try ResultJSON.element(value)]) == Array(try ResultWriters.json([value]).utf8))
            }
            #expect(try ResultJSON.encode(list) == Array(try ResultWriters.json(list).utf8))
        }
        for dictionary in [numbers, [:]] { #expect(try ResultJSON.encode(dictionary) == Array(try ResultWriters.json(dictionary).utf8)) }
        for dictionary in [texts, [:]] { #expect(try ResultJSON.encode(dictionary) == Array(try ResultWriters.json(dictionary).utf8)) }
    }

    /// Keys sorted on their first eight bytes first are in the order of their whole UTF-8 bytes, equal keys by
    /// position: keys sharing long prefixes, prefixes of each other, NUL bytes, bytes ≥ 0x80, duplicates.
    @Test func keyOrderIsByteOrder() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["", "a", "b", "\u{0}", "é", "~", "A", "_", "aaaaaaaa", "aaaaaaa\u{0}", "z"]
        for _ in 0..<200 {
            let keys = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            }
            let expected = keys.indices.sorted { a, b in
                Array(keys[a].utf8).lexicographicallyPrecedes(Array(keys[b].utf8)) || (Array(keys[a].utf8) == Array(keys[b].utf8) && a < b)
            }
            #expect(ResultJSON.ObjectBox.byteOrder(keys) == expected, "\(keys)")
        }
    }

    /// The stored key orders (`KeyOrders`) equal the orders sorted afresh, for lists seen before (the same values),
    /// the same characters in other storage (heap strings built again), lists that differ in one key, and more
    /// lists than it keeps (replaced oldest first), from two threads at once.
    @Test func storedKeyOrdersEqualSortedOnes() async {
        let alphabet: [String] = ["", "a", "b", "\u{0}", "é", "~", "A", "_", "aaaaaaaa", "aaaaaaa\u{0}", "z", "a long key beyond fifteen bytes"]
        var generator = SystemRandomNumberGenerator()
        var made: [[String]] = (0..<3 * KeyOrders.capacity).map { _ in
            (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            }
        }
        // Equal characters, other storage; and one key changed.
        made += made.prefix(8).map { $0.map { String(decoding: Array($0.utf8), as: UTF8.self) } }
        made += made.prefix(8).filter { !$0.isEmpty }.map { var changed = $0; changed[0] += "x"; return changed }
        let lists = made
        let expected = lists.map(ResultJSON.ObjectBox.order(of:))
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var same = true
                    for _ in 0..<3 {
                        for (list, order) in zip(lists, expected) where KeyOrders.shared.order(of: list) != order { same = false }
                    }
                    return same
                }
            }
            for await same in group { #expect(same) }
        }
        let list = ["b", "a", "a long key beyond fifteen bytes"]
        #expect(KeyOrders.sameBits(list, list))
        #expect(!KeyOrders.sameBits(list, ["b", "a"]))
        #expect(!KeyOrders.sameBits(list, ["b", "c", "a long key beyond fifteen bytes"]))
    }

    @Test func foundationSpecialTypesFallBackToJSONEncoder() throws {
        let value = ["url": URL(fileURLWithPath: "/tmp/x")]
        #expect(try ResultJSON.encode(value) == Array(try ResultWriters.json(value).utf8))
    }
}
