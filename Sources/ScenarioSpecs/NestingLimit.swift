import LabCore

/// Refuses YAML nested deeper than a scenario spec can be, before the text reaches the composer.
///
/// Yams composes nodes recursively (one stack frame per level), so 5,000 `[` in a 10 KB file or 3,000 nested
/// mappings overflow the stack and kill the process with SIGSEGV — no message, no exit code. A spec is at most
/// about six levels deep (`network.loss.match.tolerance`, a matrix list), so this lexical pre-scan refuses anything
/// deeper than `maximumDepth` with the place where the limit was crossed.
///
/// The scan is conservative and linear: it counts flow collections (`[`/`{` that open a node, outside quotes and
/// comments), block indentation levels and compact `- ` entries (YAML 1.2 §6.1 indentation, §7.4 flow
/// collections, §8.2.1 block sequences). It may overcount inside unusual block scalars, never undercount, and a
/// limit of 64 leaves ten times the room any real spec needs.
enum NestingLimit {
    static let maximumDepth = 64

    static func check(_ yaml: String, file: String, maximumDepth: Int = maximumDepth) throws {
        var indents: [Int] = []  // columns of the open block levels
        var flowDepth = 0
        var quote: UInt8? = nil  // open quoted scalar (may span lines)
        var blockScalarIndent: Int? = nil  // inside `|`/`>` content more indented than this
        var lineNumber = 0
        for rawLine in yaml.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine)
            var column = 0
            while column < line.count, line[column] == 32 { column += 1 }
            let blank = column == line.count || line[column] == 13 || (line[column] == 35 && quote == nil)
            if let owner = blockScalarIndent {
                if blank || column > owner { continue }
                blockScalarIndent = nil
            }
            if blank { continue }
            if quote == nil && flowDepth == 0 {
                while let last = indents.last, last >= column { indents.removeLast() }
                indents.append(column)
            }
            // Compact block sequence entries on one line (`- - - x`) each open a level.
            var position = column
            if quote == nil && flowDepth == 0 {
                while position + 1 < line.count, line[position] == 45 || line[position] == 63,
                      line[position + 1] == 32 {
                    position += 2
                    while position < line.count, line[position] == 32 { position += 1 }
                    indents.append(position)
                }
            }
            var atNodeStart = true  // a bracket or quote here opens a collection or a quoted scalar
            var lastByte: UInt8 = 32
            while position < line.count {
                let byte = line[position]
                if let open = quote {
                    if byte == open {
                        if open == 39, position + 1 < line.count, line[position + 1] == 39 { position += 2; continue }
                        quote = nil
                        atNodeStart = false
                    } else if open == 34, byte == 92 {
                        position += 1  // skip the escaped byte
                    }
                    position += 1
                    continue
                }
                let next: UInt8 = position + 1 < line.count ? line[position + 1] : 32
                if byte == 35, lastByte == 32 || lastByte == 9 { break }  // a comment runs to the end of the line
                switch byte {
                case 91 where atNodeStart || flowDepth > 0, 123 where atNodeStart || flowDepth > 0:
                    flowDepth += 1
                    if indents.count + flowDepth > maximumDepth { throw tooDeep(file, lineNumber, position + 1, maximumDepth) }
                    atNodeStart = true
                case 93 where flowDepth > 0, 125 where flowDepth > 0:
                    flowDepth -= 1
                    atNodeStart = false
                case 44 where flowDepth > 0:
                    atNodeStart = true
                case 58 where next == 32 || next == 9 || next == 13 || flowDepth > 0:
                    atNodeStart = true
                case 34 where atNodeStart, 39 where atNodeStart:
                    quote = byte
                case 32, 9, 13:
                    break
                case 45 where atNodeStart && (next == 32 || next == 9), 63 where atNodeStart && (next == 32 || next == 9):
                    break
                default:
                    atNodeStart = false
                }
                lastByte = byte
                position += 1
            }
            if indents.count + flowDepth > maximumDepth {
                throw tooDeep(file, lineNumber, min(column + 1, line.count), maximumDepth)
            }
            // A block scalar header (`key: |`, `- >-`) makes the following more-indented lines plain text.
            if quote == nil, flowDepth == 0 {
                var end = line.count
                while end > 0, line[end - 1] == 32 || line[end - 1] == 13 { end -= 1 }
                var start = end
                while start > 0, line[start - 1] != 32 { start -= 1 }
                if start < end, line[start] == 124 || line[start] == 62,
                   line[(start + 1)..<end].allSatisfy({ $0 == 43 || $0 == 45 || (48...57).contains($0) }) {
                    blockScalarIndent = column
                }
            }
        }
    }

    private static func tooDeep(_ file: String, _ line: Int, _ column: Int, _ limit: Int) -> InputError {
        InputError(file: file, line: line, column: column, "spec nests deeper than \(limit) levels",
                   hint: "a scenario spec is a few levels deep; look for unbalanced brackets or runaway indentation")
    }
}
