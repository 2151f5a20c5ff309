import LabCore

/// A C codec library call that failed: the library, the function and the library's own name for the error
/// (`OPUS_BAD_ARG`, `NULL`, …). Thrown by each library's single `check` choke point, never logged and ignored.
public struct CodecError: LabError, Equatable {
    /// The library, e.g. `libopus`.
    public var library: String
    /// The C function that failed, e.g. `opus_encode`.
    public var function: String
    /// The C constant or condition, e.g. `OPUS_BAD_ARG` or `returned NULL`.
    public var constant: String
    /// The numeric return value, when the function returns one.
    public var code: Int?

    public init(library: String, function: String, constant: String, code: Int? = nil) {
        self.library = library
        self.function = function
        self.constant = constant
        self.code = code
    }

    public var description: String {
        "\(library): \(function) failed: \(constant)" + (code.map { " (\($0))" } ?? "")
    }
}

extension CodecError {
    /// The pointer a C constructor returned, or a `CodecError` saying it returned NULL.
    static func nonNull<T>(_ pointer: T?, library: String, function: String) throws -> T {
        guard let pointer else { throw CodecError(library: library, function: function, constant: "returned NULL") }
        return pointer
    }
}

/// Frame-size guard shared by every encoder: the pipeline always passes `descriptor.frameSamples`, but a
/// library given a short buffer would read past it, so a wrong size is refused before any C call.
func requireFrame(_ frame: [Int16], _ descriptor: CodecDescriptor) throws {
    guard frame.count == descriptor.frameSamples else {
        throw InputError("\(descriptor.name) encodes frames of \(descriptor.frameSamples) samples, got \(frame.count)")
    }
}
