import Foundation
@testable import PacketTraces
import Testing

/// The trace's integer writer (`PacketTraceCSV.writeInt`: digits counted by comparisons, written two at a time)
/// against Swift's own decimal description, at every digit-count boundary and at both ends of `Int`.
@Suite struct TraceDigitsTests {
    static let values: [Int] = {
        var values = [0, 1, 9, 10, 11, 99, 100, 101, Int.max, Int.min, Int.min + 1]
        var power = 1
        for _ in 1...18 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        return values + values.filter { $0 != Int.min }.map { -$0 }
    }()

    @Test func writesTheDecimalDescription() {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
        defer { buffer.deallocate() }
        for value in Self.values {
            var p = buffer
            PacketTraceCSV.writeInt(value, &p)
            let text = String(decoding: UnsafeBufferPointer(start: buffer, count: p - buffer), as: UTF8.self)
            #expect(text == String(value), "\(value)")
        }
    }

    /// The trace's rounding to the microsecond equals `Int(x.rounded())`: ties and their neighbours on both signs,
    /// values near 2⁵² and 2⁵³ (where the spacing reaches ½ and 1), the writer's limit (9·10¹⁸), random values.
    @Test func roundsHalfAwayFromZeroAsRounded() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
                                4_503_599_627_370_495.5, 4_503_599_627_370_496, 9_007_199_254_740_994, 8.999e18, -8.999e18]
        for k in -2_000...2_000 { values += [Double(k) + 0.5, Double(k) - 0.5, Double(k) + 0.25] }
        values += values.flatMap { [$0.nextUp, $0.nextDown] }
        var generator = SystemRandomNumberGenerator()
        values += (0..<20_000).map { _ in Double.random(in: -1e7...1e7, using: &generator) }
        for x in values where abs(x) < 9e18 {
            #expect(PacketTraceCSV.roundedToInt(x) == Int(x.rounded()), "\(x)")
        }
    }

    @Test func countsDigits() {
        for value in Self.values where value >= 0 {
            #expect(PacketTraceCSV.digitCount(UInt(value)) == String(value).count, "\(value)")
        }
        #expect(PacketTraceCSV.digitCount(UInt.max) == String(UInt.max).count)
    }
}
