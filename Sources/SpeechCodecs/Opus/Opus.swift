import COpus

/// The one choke point for libopus calls: a negative return is an `OPUS_*` error code (opus_defines.h).
enum Opus {
    static let library = "libopus"

    /// The C constant for an Opus error code.
    static func constant(_ code: Int32) -> String {
        switch code {
        case OPUS_BAD_ARG: return "OPUS_BAD_ARG"
        case OPUS_BUFFER_TOO_SMALL: return "OPUS_BUFFER_TOO_SMALL"
        case OPUS_INTERNAL_ERROR: return "OPUS_INTERNAL_ERROR"
        case OPUS_INVALID_PACKET: return "OPUS_INVALID_PACKET"
        case OPUS_UNIMPLEMENTED: return "OPUS_UNIMPLEMENTED"
        case OPUS_INVALID_STATE: return "OPUS_INVALID_STATE"
        case OPUS_ALLOC_FAIL: return "OPUS_ALLOC_FAIL"
        default: return "unknown Opus error"
        }
    }

    @discardableResult
    static func check(_ result: Int32, _ function: String) throws -> Int {
        guard result >= 0 else { throw CodecError(library: library, function: function, constant: constant(result), code: Int(result)) }
        return Int(result)
    }
}
