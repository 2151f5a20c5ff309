#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Thin aliases so that LabCore needs no Foundation for elementary functions.
@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _sin(_ x: Double) -> Double { sin(x) }
@inlinable func _cos(_ x: Double) -> Double { cos(x) }
