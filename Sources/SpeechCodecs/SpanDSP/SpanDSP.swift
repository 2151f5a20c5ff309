import CSpanDSP

/// The one choke point for spandsp calls: its coders return a count (≥ 0) or a negative value on failure,
/// and its constructors return NULL.
enum SpanDSP {
    static let library = "spandsp"

    @discardableResult
    static func check(_ result: Int32, _ function: String) throws -> Int {
        guard result >= 0 else { throw CodecError(library: library, function: function, constant: "negative return", code: Int(result)) }
        return Int(result)
    }

    static func check<T>(_ pointer: T?, _ function: String) throws -> T {
        try CodecError.nonNull(pointer, library: library, function: function)
    }
}
