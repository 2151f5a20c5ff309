#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MOS-LQO mappings of the raw score (evaluated in float, as the reference does; P862.md §8).
public enum P862Mapping {
    /// P.862.1 (11/2003) eq. (1): narrowband.
    public static func narrowband(_ raw: Double) -> Double {
        let x = Float(raw)
        return Double(Float(0.999) + Float(4.0) / (Float(1.0) + expf(Float(-1.4945) * x + Float(4.6607))))
    }

    /// P.862.2 (11/2005): wideband.
    public static func wideband(_ raw: Double) -> Double {
        let x = Float(raw)
        return Double(Float(0.999) + Float(4.0) / (Float(1.0) + expf(Float(-1.3669) * x + Float(3.8224))))
    }
}
