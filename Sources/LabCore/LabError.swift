/// Errors users can act on: one line naming the file, the place and the fix.
///
/// Late, lost and concealed packets are statistics, never errors; errors are for bad input and failed C calls.
public protocol LabError: Error, CustomStringConvertible, Sendable {}

/// A bad-input error with an optional location (`file:line:column`) and a hint.
public struct InputError: LabError, Equatable {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var place = ""
        if let file {
            place = file
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            place += ": "
        }
        var text = place + message
        if let hint { text += " (hint: \(hint))" }
        return text
    }
}
