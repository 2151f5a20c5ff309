#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The auditory transform of P.862 §10.2.1 (P862.md §7.3–7.7): short-term power spectra, Bark-band pitch
/// power densities, the partial frequency-response compensation of the reference, the short-term gain
/// compensation of the degraded, and Zwicker loudness.
final class AuditoryTransform {
    let p: P862Parameters
    let nb: Int
    /// Frames are transformed in single precision, as the reference does (P862.md §9 item 6); the band sums
    /// are in double.
    private let fft: RealTransform<Float>
    private let window: [Double]
    private let buf: UnsafeMutablePointer<Float>
    /// Packed transform (Nf/2 real parts, Nf/2 imaginary parts), then the power spectrum.
    private let packed: UnsafeMutablePointer<Float>
    private let power: UnsafeMutablePointer<Float>
    /// FFT bins per band, and Sp·C_b (the pitch-power scale times the band's correction, the same product as
    /// before the band sum).
    private let binCounts: [Int]
    private let bandScale: [Double]
    /// First FFT bin of each band.
    let firstBin: [Int]
    /// Absolute hearing threshold P0[b] (P862.md §10.1).
    let threshold: [Double]
    /// Zwicker exponents γ_b (P862.md §7.7).
    let gamma: [Double]
    /// Loudness prefactor Sl·(P0/0.5)^γ.
    private let loudnessFactor: [Double]
    /// The loudness's power law, eight bands per vector (bit for bit as `pow`; `LoudnessPower`).
    let loudnessPower: LoudnessPower

    init(p: P862Parameters, plans: FFTPlans) {
        self.p = p
        nb = p.bands
        fft = plans.realFloat(p.frame)
        window = FineAligner.hann(p.frame)
        buf = .allocate(capacity: p.frame)
        packed = .allocate(capacity: p.frame)
        power = .allocate(capacity: p.frame / 2)
        binCounts = p.binCounts
        bandScale = (0..<nb).map { p.pitchPowerScale * p.corrections[$0] }
        var first = [Int](repeating: 0, count: nb)
        for b in 1..<nb { first[b] = first[b - 1] + p.binCounts[b - 1] }
        firstBin = first
        threshold = Array(BarkTables.hearingThreshold[0..<nb])
        // γ_b = 0.23·h^0.15 with h = min(6/(z + 2), 2) below 4 Bark, else 1 (ZWICKER_POWER 0.23; h in float).
        var g = [Double](repeating: 0.23, count: nb)
        for b in 0..<nb {
            let z = Float(BarkTables.centreBark[b])
            var h: Float = z < 4 ? 6 / (z + 2) : 1
            if h > 2 { h = 2 }
            g[b] = Double(Float(0.23) * powf(h, 0.15))
        }
        gamma = g
        loudnessFactor = (0..<nb).map { p.loudnessScale * pow(BarkTables.hearingThreshold[$0] / 0.5, g[$0]) }
        loudnessPower = LoudnessPower(threshold: threshold, gamma: gamma, factor: loudnessFactor)
    }

    deinit {
        buf.deallocate()
        packed.deallocate()
        power.deallocate()
    }

    /// Pitch power densities of the frame of `x` starting at `start` into `out[0..<nb]` (P862.md §7.3). The model
    /// signals are float-exact and held in float (`SignalAnalysis.model`); the window product is formed in double
    /// as before.
    func bark(_ x: UnsafePointer<Float>, start: Int, into out: UnsafeMutablePointer<Double>) {
        let n = p.frame
        let src = x + start  // (indexing x[start + i] kept the loop scalar: an overflow check per element)
        window.withUnsafeBufferPointer { w in
            for i in 0..<n { buf[i] = Float(Double(src[i]) * w[i]) }
        }
        fft.forwardPacked(UnsafePointer(buf), count: n, zr: packed, zi: packed + n / 2)
        fft.powerSpectrum(zr: packed, zi: packed + n / 2, into: power)
        power[0] = 0  // no DC (P862.md §7.3)
        binCounts.withUnsafeBufferPointer { counts in
            bandScale.withUnsafeBufferPointer { scale in
                var bin = 0
                for b in 0..<nb {
                    var s = 0.0
                    for _ in 0..<counts[b] {
                        s += Double(power[bin])
                        bin += 1
                    }
                    out[b] = scale[b] * s
                }
            }
        }
    }

    /// Audible power: Σ over bands 1… of densities above `factor`·P0 (P862.md §7.4).
    func audiblePower(_ dens: UnsafePointer<Double>, factor: Double) -> Double {
        var s = 0.0
        for b in 1..<nb where dens[b] > factor * threshold[b] { s += dens[b] }
        return s
    }

    /// Loudness densities (P862.md §7.7), in double, stored as float as the reference does:
    /// Double(Float(S·(pow(0.5 + 0.5·P/P0, γ) − 1))) where P > P0, else 0. `LoudnessPower` gives these bits eight
    /// bands at a time, calling `pow` only where its cheaper estimate cannot decide the float.
    func loudness(_ dens: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        loudnessPower.apply(dens, into: out)
    }
}

/// Partial frequency-response compensation of the reference (P862.md §7.5): per band, the ratio of the
/// degraded's to the reference's time-averaged audible density (over non-silent frames, divided by the total
/// frame count), +1000 each, limited to ±20 dB, multiplies every reference frame. `referenceSums` is the
/// reference's half of the averages (`ReferenceFrames.audibleSums`, summed in frame order like the degraded's).
func frequencyCompensation(ref: inout [Double], referenceSums sumRef: [Double], deg: [Double], frames: Int,
                           silent: [Bool], totalFrames: Int, transform t: AuditoryTransform) {
    let nb = t.nb
    var sumDeg = [Double](repeating: 0, count: nb)
    for f in 0..<frames where !silent[f] {
        for b in 0..<nb {
            let limit = 100 * t.threshold[b]
            let d = deg[f * nb + b]
            if d > limit { sumDeg[b] += d }
        }
    }
    for b in 0..<nb {
        let avgRef = sumRef[b] / Double(totalFrames), avgDeg = sumDeg[b] / Double(totalFrames)
        var x = (avgDeg + 1000) / (avgRef + 1000)
        x = min(max(x, 0.01), 100)
        for f in 0..<frames { ref[f * nb + b] *= x }
    }
}

/// Short-term gain compensation of the degraded (P862.md §7.6): r = (E_ref + 5000)/(E_deg + 5000), smoothed
/// 0.2/0.8 with the unclamped previous ratio, limited to [3e-4, 5]. Returns the updated `previous` ratio.
@discardableResult
func gainCompensation(ref: UnsafePointer<Double>, deg: UnsafeMutablePointer<Double>, frame f: Int,
                      previous: Double, transform t: AuditoryTransform) -> (previous: Double, refPower: Double) {
    let er = t.audiblePower(ref, factor: 1)
    let ed = t.audiblePower(UnsafePointer(deg), factor: 1)
    var r = (er + 5000) / (ed + 5000)
    if f > 0 { r = 0.2 * previous + 0.8 * r }
    let next = r
    r = min(max(r, 3e-4), 5)
    for b in 0..<t.nb { deg[b] *= r }
    return (next, er)
}
