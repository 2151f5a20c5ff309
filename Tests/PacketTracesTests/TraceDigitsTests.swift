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

    @Test func countsDigits() {
        for value in Self.values where value >= 0 {
            #expect(PacketTraceCSV.digitCount(UInt(value)) == String(value).count, "\(value)")
        }
        #expect(PacketTraceCSV.digitCount(UInt.max) == String(UInt.max).count)
    }
}
