/// One CSV reader for every CSV MOSLab reads (pairs files, loss/delay traces): RFC 4180 records.
///
/// Fields are separated by commas and records by CRLF or LF; a field in double quotes may hold commas, line breaks
/// and `""` for a quote (RFC 4180 §2 rules 5–7). Spaces around a field are dropped (a common leniency the RFC does
/// not forbid readers). Each record keeps the line it starts on, so errors can say `file:line`.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line where the record starts.
        public var line: Int
        public var fields: [String]

        /// A line with nothing on it.
        public var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
        /// A line starting with `#` (comments are allowed in MOSLab's CSV inputs).
        public var isComment: Bool { fields.first?.hasPrefix("#") == true }
    }

    /// Parses `text`; an unterminated quoted field is an error at the place its quote opened.
    public static func records(_ text: String, file: String? = nil) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var quoted = false, wasQuoted = false
        var quoteLine = 0, quoteColumn = 0, column = 0
        let bytes = Array(text.utf8)
        var index = 0

        func finishField() {
            var value = field[...]
            if !wasQuoted {
                while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
                while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
            }
            fields.append(String(decoding: value, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            column += 1
            if quoted {
                if byte == 34 {
                    if index + 1 < bytes.count, bytes[index + 1] == 34 {
                        field.append(34)
                        index += 2
                        column += 1
                        continue
                    }
                    quoted = false
                } else {
                    if byte == 10 { line += 1; column = 0 }
                    field.append(byte)
                }
                index += 1
                continue
            }
            switch byte {
            case 34 where field.allSatisfy({ $0 == 32 || $0 == 9 }) && !wasQuoted:
                field.removeAll()
                quoted = true
                wasQuoted = true
                quoteLine = line
                quoteColumn = column
            case 44:
                finishField()
            case 13 where index + 1 < bytes.count && bytes[index + 1] == 10:
                break
            case 10:
                finishField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll()
                line += 1
                column = 0
                recordLine = line
            case 32 where wasQuoted, 9 where wasQuoted:
                break  // spaces after a closing quote
            default:
                if wasQuoted {
                    throw InputError(file: file, line: line, column: column, "text after a closing quote in a CSV field",
                                     hint: "write a quote inside a quoted field as \"\"")
                }
                field.append(byte)
            }
            index += 1
        }
        if quoted {
            throw InputError(file: file, line: quoteLine, column: quoteColumn, "quoted CSV field is never closed",
                             hint: "close it with \"; write a quote inside a field as \"\"")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted {
            finishField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    /// Quotes a field for writing when it needs it (RFC 4180 §2 rule 6).
    public static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + String(field.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
