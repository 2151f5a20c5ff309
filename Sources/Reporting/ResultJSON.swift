import Foundation
import LabCore

/// The bytes of `ResultWriters.json` (Foundation's `JSONEncoder` with pretty printing, sorted keys, unescaped
/// slashes, non-finite numbers as `"inf"`, `"-inf"`, `"nan"`, then a newline), produced by a lean `Encoder`.
///
/// Why: every run writes its own `result.json` and the sweep writes them again per scenario; Foundation's encoder
/// boxes each value and was about a seventh of a network-only run (issue 16 part 2). The output format is the one
/// documented for `JSONEncoder.OutputFormatting` and observable in any result file: two spaces per level, `" : "`
/// between key and value, keys in UTF-8 byte order, an empty container printed as an opening bracket, a blank
/// line and the closing bracket, numbers as Swift's shortest round-trip `description` with a trailing `.0` dropped,
/// strings escaped per RFC 8259 §7 (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx`, the
/// rest as UTF-8). The test suite compares the bytes with `JSONEncoder`'s on real and adversarial results.
///
/// Values that Foundation treats specially (Date, Data, URL, Decimal) are not supported: `encode` then falls back
/// to `ResultWriters.json`, so the bytes are the same either way.
public enum ResultJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node: Node
        do {
            node = try Node.of(value, path: nil)
        } catch is Unsupported {
            return Array(try ResultWriters.json(value).utf8)
        }
        var writer = Writer()
        writer.write(node, level: 0)
        writer.append(0x0A)
        return writer.bytes
    }

    /// One element of a top-level array as `encode([value, …])` writes it: indented as the array's member, without
    /// the brackets or separators, so files that list the same values (each run's `<clip>.result.json` and its
    /// scenario's `result.json`) encode each value once (`array(of:)`).
    public static func element<T: Encodable>(_ value: T) throws -> [UInt8] {
        let node: Node
        do {
            node = try Node.of(value, path: nil)
        } catch is Unsupported {
            // Foundation's own bytes for the one-element array, minus "[\n" and "\n]\n".
            let whole = Array(try ResultWriters.json([value]).utf8)
            return Array(whole[2..<(whole.count - 3)])
        }
        var writer = Writer()
        writer.indent(1)
        writer.write(node, level: 1)
        return writer.bytes
    }

    /// The bytes of `encode(values)` from each value's `element`.
    public static func array(of elements: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "["), 0x0A]
        bytes.reserveCapacity(elements.reduce(8) { $0 + $1.count + 2 })
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(0x0A) }
            bytes += element
        }
        bytes += [0x0A, UInt8(ascii: "]"), 0x0A]
        return bytes
    }

    struct Unsupported: Error {}

    /// An encoded value: numbers and literals already as text.
    enum Node {
        case literal(String)
        case string(String)
        case array(ArrayBox)
        case object(ObjectBox)

        /// The common leaves, without a nested encoder.
        @inline(__always)
        static func leaf<T>(_ value: T) -> Node? {
            if T.self == String.self { return .string(value as! String) }
            if T.self == Double.self { return number(value as! Double) }
            if T.self == Int.self { return .literal((value as! Int).description) }
            if T.self == Bool.self { return .literal((value as! Bool) ? "true" : "false") }
            return container(value)
        }

        /// The containers a result holds, built as their own `encode(to:)` would through this encoder (issue 16,
        /// runcost3: the nested encoders were a third of encoding a result): a `[String: Double]` or
        /// `[String: String]` is a keyed container of its entries in iteration order (`Dictionary.encode(to:)` with
        /// String keys), a `[String]` an unkeyed one, and a `NullEncoded` value a single value (`null` when nil).
        /// The test suite compares the bytes with `JSONEncoder`'s.
        @inline(__always)
        static func container<T>(_ value: T) -> Node? {
            if T.self == [String: Double].self { return object(value as! [String: Double], number) }
            if T.self == [String: String].self { return object(value as! [String: String]) { .string($0) } }
            if T.self == [String].self { return strings(value as! [String]) }
            if T.self == NullEncoded<Double>.self { return (value as! NullEncoded<Double>).wrappedValue.map(number) ?? .literal("null") }
            if T.self == NullEncoded<String>.self { return (value as! NullEncoded<String>).wrappedValue.map { .string($0) } ?? .literal("null") }
            if T.self == NullEncoded<[String]>.self { return (value as! NullEncoded<[String]>).wrappedValue.map(strings) ?? .literal("null") }
            if T.self == [FileDigest].self { return digests(value as! [FileDigest]) }
            return nil
        }

        /// `[FileDigest]` (a result's `output_files`) as its synthesized `encode(to:)` writes it through this encoder:
        /// an unkeyed container of keyed ones, each with `path`, `bytes` and `fnv1a64` in declaration order (issue
        /// 16, fifth pass: a nested encoder per digest was a tenth of encoding a result). The test suite compares
        /// results holding digests with `JSONEncoder`'s bytes, so a change to `FileDigest`'s fields shows there.
        static func digests(_ values: [FileDigest]) -> Node {
            let box = ArrayBox()
            box.values.reserveCapacity(values.count)
            for digest in values {
                let object = ObjectBox(capacity: 3)
                object.set("path", .string(digest.path))
                object.set("bytes", .literal(digest.bytes.description))
                object.set("fnv1a64", .string(digest.fnv1a64))
                box.values.append(.object(object))
            }
            return .array(box)
        }

        static func object<V>(_ dictionary: [String: V], _ node: (V) -> Node) -> Node {
            // A dictionary's order differs from instance to instance (each has its own hash seed), so its key list
            // seldom repeats: sorted directly, not looked up in `KeyOrders` (where it would push out lists that do).
            let box = ObjectBox(capacity: dictionary.count, remembersOrder: false)
            for (key, value) in dictionary { box.set(key, node(value)) }
            return .object(box)
        }

        static func strings(_ values: [String]) -> Node {
            let box = ArrayBox()
            box.values.reserveCapacity(values.count)
            for value in values { box.values.append(.string(value)) }
            return .array(box)
        }

        static func of<T: Encodable>(_ value: T, path: @autoclosure () -> PathLink?) throws -> Node {
            if let leaf = leaf(value) { return leaf }
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self { throw Unsupported() }
            let encoder = NodeEncoder(path: path())
            try value.encode(to: encoder)
            return encoder.node ?? .object(ObjectBox())
        }

        static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) -> Node {
            guard value.isFinite else { return .string(value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")) }
            var text = value.description
            // A trailing ".0" dropped, found on the bytes (String.hasSuffix compares characters).
            let integral = text.withUTF8 { $0.count >= 2 && $0[$0.count - 2] == UInt8(ascii: ".") && $0[$0.count - 1] == UInt8(ascii: "0") }
            if integral { text.removeLast(2) }
            return .literal(text)
        }
    }

    final class ArrayBox {
        var values: [Node] = []
    }

    /// Keys in the order written; a key written twice keeps its last value, as a dictionary would.
    final class ObjectBox {
        var keys: [String] = []
        var values: [Node] = []
        /// Whether `sortedIndices` looks the key list up in `KeyOrders` (false: sorts it each time).
        let remembersOrder: Bool

        init(capacity: Int = 16, remembersOrder: Bool = true) {
            self.remembersOrder = remembersOrder
            keys.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        func set(_ key: String, _ value: Node) {
            keys.append(key)
            values.append(value)
        }

        /// Indices of the entries in key order (UTF-8 bytes), the last of equal keys only: from the orders already
        /// computed for the same key list (`KeyOrders`: a sweep's results list the same keys in the same order, run
        /// after run), else sorted here (`order(of:)`).
        func sortedIndices() -> [Int] {
            remembersOrder ? KeyOrders.shared.order(of: keys) : Self.order(of: keys)
        }

        /// Indices of `keys` in key order (UTF-8 bytes), the last of equal keys only. Sorted on eight-byte prefixes
        /// (`byteOrder`), which costs less than looking the key list up in a table of known orders by hashing every
        /// key did (issue 16, runcost3).
        static func order(of keys: [String]) -> [Int] {
            let order = byteOrder(keys)
            var kept: [Int] = []
            kept.reserveCapacity(order.count)
            for index in order {
                if let last = kept.last, compareUTF8(keys[last], keys[index]) == 0 {
                    kept[kept.count - 1] = index
                } else {
                    kept.append(index)
                }
            }
            return kept
        }

        /// Indices of `keys` by their UTF-8 bytes, equal keys by index: sorted on each key's first eight bytes as one
        /// big-endian integer (zero-padded), the whole bytes compared only when those are equal (issue 16, runcost3:
        /// comparing strings was most of writing a result). The same order: where two padded prefixes differ, the
        /// first differing byte decides both orders (a zero of the padding stands where the shorter key ended, and a
        /// key that is a prefix of another sorts first either way).
        static func byteOrder(_ keys: [String]) -> [Int] {
            var entries = keys.indices.map { (prefix: prefix(keys[$0]), index: $0) }
            entries.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let comparison = compareUTF8(keys[a.index], keys[b.index])
                return comparison == 0 ? a.index < b.index : comparison < 0
            }
            return entries.map(\.index)
        }

        /// The first eight UTF-8 bytes of `key` as a big-endian integer, zeros after its end.
        static func prefix(_ key: String) -> UInt64 {
            var key = key
            return key.withUTF8 { bytes in
                var value: UInt64 = 0
                for index in 0..<8 { value = value << 8 | (index < bytes.count ? UInt64(bytes[index]) : 0) }
                return value
            }
        }

        /// The order of two strings' UTF-8 bytes (negative, zero, positive; zero only for equal bytes, where
        /// String's `==` would also equate canonically equivalent spellings), as `utf8.lexicographicallyPrecedes`
        /// decides it, by `memcmp` on their contiguous storage (the generic comparison was most of sorting).
        static func compareUTF8(_ a: String, _ b: String) -> Int {
            var a = a, b = b
            return a.withUTF8 { x in
                b.withUTF8 { y in
                    let common = min(x.count, y.count)
                    let order = common == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, common))
                    return order != 0 ? order : x.count - y.count
                }
            }
        }
    }

    /// The output, in one buffer written through a pointer (issue 16, fifth pass: appending to an `[UInt8]` checked
    /// its capacity and uniqueness for every byte, and each indent was a generic `repeatElement` append; writing a
    /// result was half of encoding it). Noncopyable, so the buffer has exactly one owner, released in `deinit`.
    struct Writer: ~Copyable {
        private var base: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        private var count = 0

        init(capacity: Int = 8192) {
            self.capacity = Swift.max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        /// The bytes written so far.
        var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

        /// Room for `extra` more bytes.
        @inline(__always)
        mutating func reserve(_ extra: Int) {
            if count + extra > capacity { grow(count + extra) }
        }

        mutating func grow(_ needed: Int) {
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(needed, 2 * capacity))
            larger.initialize(from: base, count: count)
            base.deallocate()
            base = larger
            capacity = Swift.max(needed, 2 * capacity)
        }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            reserve(1)
            base[count] = byte
            count += 1
        }

        @inline(__always)
        mutating func append(_ text: UnsafeBufferPointer<UInt8>) {
            guard let source = text.baseAddress else { return }
            reserve(text.count)
            (base + count).initialize(from: source, count: text.count)
            count += text.count
        }

        mutating func indent(_ level: Int) {
            reserve(2 * level)
            (base + count).initialize(repeating: 0x20, count: 2 * level)
            count += 2 * level
        }

        /// `,` and a newline between members.
        @inline(__always)
        mutating func separator() {
            reserve(2)
            base[count] = UInt8(ascii: ",")
            base[count + 1] = 0x0A
            count += 2
        }

        mutating func write(_ node: Node, level: Int) {
            switch node {
            case .literal(var text):
                // As one contiguous copy (a small string's `utf8` view is appended byte by byte).
                text.withUTF8 { append($0) }
            case .string(let text):
                writeString(text)
            case .array(let box):
                append(UInt8(ascii: "["))
                append(0x0A)
                for (index, value) in box.values.enumerated() {
                    if index > 0 { separator() }
                    indent(level + 1)
                    write(value, level: level + 1)
                }
                append(0x0A)
                indent(level)
                append(UInt8(ascii: "]"))
            case .object(let box):
                append(UInt8(ascii: "{"))
                append(0x0A)
                for (position, index) in box.sortedIndices().enumerated() {
                    if position > 0 { separator() }
                    indent(level + 1)
                    writeString(box.keys[index])
                    reserve(3)
                    base[count] = 0x20
                    base[count + 1] = UInt8(ascii: ":")
                    base[count + 2] = 0x20
                    count += 3
                    write(box.values[index], level: level + 1)
                }
                append(0x0A)
                indent(level)
                append(UInt8(ascii: "}"))
            }
        }

        mutating func writeString(_ text: String) {
            var text = text
            // Most strings need no escape: copy them whole, between quotes (scanned and copied as one contiguous
            // buffer).
            let plain = text.withUTF8 { raw -> Bool in
                for byte in raw where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
                reserve(raw.count + 2)
                base[count] = UInt8(ascii: "\"")
                count += 1
                append(raw)
                base[count] = UInt8(ascii: "\"")
                count += 1
                return true
            }
            if plain { return }
            append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): append(UInt8(ascii: "\\")); append(byte)
                case UInt8(ascii: "\\"): append(UInt8(ascii: "\\")); append(byte)
                case 0x08: append(UInt8(ascii: "\\")); append(UInt8(ascii: "b"))
                case 0x0C: append(UInt8(ascii: "\\")); append(UInt8(ascii: "f"))
                case 0x0A: append(UInt8(ascii: "\\")); append(UInt8(ascii: "n"))
                case 0x0D: append(UInt8(ascii: "\\")); append(UInt8(ascii: "r"))
                case 0x09: append(UInt8(ascii: "\\")); append(UInt8(ascii: "t"))
                case 0x00..<0x20:
                    let hex: StaticString = "0123456789abcdef"
                    for escape in "\\u00".utf8 { append(escape) }
                    append(hex.utf8Start[Int(byte >> 4)])
                    append(hex.utf8Start[Int(byte & 0x0F)])
                default: append(byte)
                }
            }
            append(UInt8(ascii: "\""))
        }
    }
}

/// A coding path as a chain, built only for values that have their own encoder and turned into an array only
/// when someone asks (error messages).
final class PathLink {
    let parent: PathLink?
    let key: any CodingKey
    init(_ parent: PathLink?, _ key: any CodingKey) {
        self.parent = parent
        self.key = key
    }
    static func path(_ link: PathLink?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var link = link
        while let current = link {
            keys.append(current.key)
            link = current.parent
        }
        return keys.reversed()
    }
}

/// The `Encoder` behind `ResultJSON`: containers write into reference boxes, so nested containers handed out
/// earlier keep filling the tree.
final class NodeEncoder: Encoder {
    let path: PathLink?
    var codingPath: [any CodingKey] { PathLink.path(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var node: ResultJSON.Node? {
        didSet { if let node, let sink { sink(node) } }
    }
    /// Where a `superEncoder` puts what it encoded.
    var sink: ((ResultJSON.Node) -> Void)?

    init(path: PathLink?) { self.path = path }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let box) = node { return KeyedEncodingContainer(KeyedNodeContainer(box: box, path: path)) }
        let box = ResultJSON.ObjectBox()
        node = .object(box)
        return KeyedEncodingContainer(KeyedNodeContainer(box: box, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let box) = node { return UnkeyedNodeContainer(box: box, path: path) }
        let box = ResultJSON.ArrayBox()
        node = .array(box)
        return UnkeyedNodeContainer(box: box, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNodeContainer(encoder: self) }
}

private struct SuperKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ResultJSON.ObjectBox
    let path: PathLink?
    var codingPath: [any CodingKey] { PathLink.path(path) }

    mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, .literal("null")) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, .literal(value ? "true" : "false")) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { box.set(key.stringValue, .number(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { box.set(key.stringValue, .number(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { box.set(key.stringValue, .literal(value.description)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.set(key.stringValue, try .of(value, path: PathLink(path, key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = ResultJSON.ObjectBox()
        box.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(box: nested, path: PathLink(path, key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = ResultJSON.ArrayBox()
        box.set(key.stringValue, .array(nested))
        return UnkeyedNodeContainer(box: nested, path: PathLink(path, key))
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let encoder = NodeEncoder(path: PathLink(path, SuperKey(stringValue: name)))
        let box = self.box
        box.set(name, .object(ResultJSON.ObjectBox()))  // what an encoder that encodes nothing leaves
        encoder.sink = { box.set(name, $0) }
        return encoder
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let box: ResultJSON.ArrayBox
    let path: PathLink?
    var codingPath: [any CodingKey] { PathLink.path(path) }
    var count: Int { box.values.count }

    private var nextKey: PathLink { PathLink(path, SuperKey(intValue: box.values.count)!) }

    mutating func encodeNil() throws { box.values.append(.literal("null")) }
    mutating func encode(_ value: Bool) throws { box.values.append(.literal(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { box.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { box.values.append(.number(value)) }
    mutating func encode(_ value: Float) throws { box.values.append(.number(value)) }
    mutating func encode(_ value: Int) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: Int8) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: Int16) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: Int32) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: Int64) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt8) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt16) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt32) throws { box.values.append(.literal(value.description)) }
    mutating func encode(_ value: UInt64) throws { box.values.append(.literal(value.description)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.values.append(try .of(value, path: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let link = nextKey
        let nested = ResultJSON.ObjectBox()
        box.values.append(.object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(box: nested, path: link))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let link = nextKey
        let nested = ResultJSON.ArrayBox()
        box.values.append(.array(nested))
        return UnkeyedNodeContainer(box: nested, path: link)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = NodeEncoder(path: nextKey)
        let box = self.box
        let index = box.values.count
        box.values.append(.object(ResultJSON.ObjectBox()))
        encoder.sink = { box.values[index] = $0 }
        return encoder
    }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .literal("null") }
    mutating func encode(_ value: Bool) throws { encoder.node = .literal(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = .number(value) }
    mutating func encode(_ value: Float) throws { encoder.node = .number(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: Int8) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: Int16) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: Int32) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: Int64) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: UInt) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .literal(value.description) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .literal(value.description) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try .of(value, path: encoder.path) }
}
