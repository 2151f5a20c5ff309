import Foundation
import LabCore

/// Times a closure several times and reports the median, so one noisy run does not decide a figure.
struct Stopwatch {
    static func median(repetitions: Int = 7, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return times[times.count / 2]
    }
}

func row(_ cells: [String], widths: [Int]) -> String {
    zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
}

func format(_ value: Double, _ digits: Int = 1) -> String { fixed(value, digits) }
