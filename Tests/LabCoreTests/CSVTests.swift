import Testing
import LabCore

/// The one RFC 4180 reader (issue 14: four hand-rolled splitters cut quoted fields at their commas).
@Suite struct CSVTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let records = try CSV.records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func emptyFieldsShortRowsAndBlankLinesSurvive() throws {
        let records = try CSV.records("a,,c\n\nonly\n  spaced  , \"  kept  \" \n")
        #expect(records.map(\.fields) == [["a", "", "c"], [""], ["only"], ["spaced", "  kept  "]])
        #expect(records[1].isBlank && !records[2].isBlank)
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func noFinalNewlineAndComments() throws {
        let records = try CSV.records("# comment\nx,y")
        #expect(records.count == 2 && records[0].isComment && records[1].fields == ["x", "y"])
    }

    @Test func anUnclosedQuoteNamesWhereItOpened() {
        #expect {
            _ = try CSV.records("a,b\nc,\"open\nmore\n", file: "p.csv")
        } throws: { error in
            "\(error)" == "p.csv:2:3: quoted CSV field is never closed (hint: close it with \"; write a quote inside a field as \"\")"
        }
    }

    @Test func textAfterAClosingQuoteIsRefused() {
        #expect(throws: InputError.self) { _ = try CSV.records("\"a\"b,c\n") }
    }

    @Test func quotingRoundTrips() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "two\nlines"]
        let line = fields.map(CSV.quoted).joined(separator: ",")
        #expect(try CSV.records(line).first?.fields == fields)
    }
}
