import LabCore

/// A failed audio-file operation: names the file, the C library's own message and what to do.
public struct AudioFileError: LabError, Equatable {
    public var path: String
    public var message: String
    public var hint: String?

    public init(path: String, _ message: String, hint: String? = nil) {
        self.path = path
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(path): \(message)" + (hint.map { " (hint: \($0))" } ?? "")
    }
}
