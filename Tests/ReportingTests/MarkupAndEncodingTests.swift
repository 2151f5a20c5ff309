import Foundation
import LabCore
import Testing
@testable import Reporting

/// Reporting's own tests (issue 14: the module had no test target): the one markup escaper, Foundation's Base64 in
/// PNG data URIs, and CSV quoting through the one RFC 4180 implementation.
@Suite struct MarkupAndEncodingTests {
    @Test func theOneEscaperCoversHTMLAndXML() {
        #expect(HTML.escape(#"a < b & "c" 'd' > e"#) == "a &lt; b &amp; &quot;c&quot; &#39;d&#39; &gt; e")
        #expect(HTML.escape("plain") == "plain")
        #expect(JUnitWriter.escape("<&>") == HTML.escape("<&>"))
        #expect(LadderPage.escape("'\"") == HTML.escape("'\""))
    }

    @Test func junitAttributesAndTextAreEscaped() {
        let xml = JUnitWriter.render(suite: "s&t", cases: [.init(className: "a<b", name: "c\"d", failures: ["x < 'y' & z"])])
        #expect(xml.contains(#"<testsuite name="s&amp;t""#))
        #expect(xml.contains(#"<testcase classname="a&lt;b" name="c&quot;d">"#))
        #expect(xml.contains(#"<failure message="x &lt; &#39;y&#39; &amp; z">"#))
    }

    @Test func pngDataURIDecodesBackToTheFile() {
        let png = PNGImage.encode(width: 3, height: 2, indices: [0, 1, 2, 2, 1, 0], palette: [(0, 0, 0), (128, 128, 128), (255, 255, 255)])
        let uri = PNGImage.dataURI(png)
        #expect(uri.hasPrefix("data:image/png;base64,iVBORw0KGgo"))
        #expect(Data(base64Encoded: String(uri.dropFirst("data:image/png;base64,".count))) == Data(png))
    }

    @Test func csvCellsRoundTripThroughTheRFC4180Reader() throws {
        let cells = ["plain", "with, comma", "say \"hi\"", "two\nlines"]
        let line = cells.map(ResultWriters.escape).joined(separator: ",")
        #expect(try CSV.records(line).first?.fields == cells)
    }
}
