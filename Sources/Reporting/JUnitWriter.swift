/// JUnit XML, the format CI systems render: one test case per (scenario, clip), failing with its regressions.
public enum JUnitWriter {
    public struct Case: Sendable {
        public var className: String
        public var name: String
        public var failures: [String]
        public init(className: String, name: String, failures: [String]) {
            self.className = className
            self.name = name
            self.failures = failures
        }
    }

    public static func render(suite: String, cases: [Case]) -> String {
        let failures = cases.filter { !$0.failures.isEmpty }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"\(escape(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        for item in cases {
            xml += "    <testcase classname=\"\(escape(item.className))\" name=\"\(escape(item.name))\""
            if item.failures.isEmpty {
                xml += "/>\n"
            } else {
                xml += ">\n      <failure message=\"\(escape(item.failures[0]))\">\(escape(item.failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
            }
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// XML text and attribute escaping: the one escaper (`HTML.escape`) serves HTML, SVG and XML alike.
    static func escape(_ text: String) -> String { HTML.escape(text) }
}
