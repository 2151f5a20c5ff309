import Foundation
import LabCore
import SignalQuality

/// A small log-power spectrogram for the report: `columns` frames across the whole clip, `rows` linear
/// frequency bands from 0 to Nyquist, quantised to 16 levels over a `rangeDB` window below a peak.
///
/// Reference and degraded clips share one peak (the reference's) so their images compare colour for colour:
/// concealed gaps, clipped bandwidth and codec noise show as differences. A 256-point Hann-windowed FFT (the P.862
/// one, `SignalQuality.PowerSpectrum`) per
/// frame (32 ms at 8 kHz, 16 ms at 16 kHz); frames are centred on evenly spaced instants, not overlapped
/// by a fixed hop, so every clip gives the same image width.
public struct Spectrogram: Sendable {
    public var columns: Int
    public var rows: Int
    /// Power in dB, row-major, row 0 = highest band (image order).
    public var powerDB: [Float]

    public static let fftSize = 256

    public init(_ audio: AudioBuffer, columns: Int = 200, rows: Int = 40) {
        self.columns = columns
        self.rows = rows
        let n = Self.fftSize
        let window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        var power = [Float](repeating: -200, count: columns * rows)
        let samples = audio.samples
        let bins = n / 2
        let spectrum = PowerSpectrum(size: n)  // the P.862 FFT: one FFT in the project
        var frame = [Float](repeating: 0, count: n)
        for column in 0..<columns {
            let centre = Int((Double(column) + 0.5) / Double(columns) * Double(samples.count))
            let start = centre - n / 2
            for k in 0..<n {
                let index = start + k
                frame[k] = index >= 0 && index < samples.count ? samples[index] : 0
            }
            let binPower = spectrum(frame, window: window)
            for row in 0..<rows {
                let low = row * bins / rows, high = max(low + 1, (row + 1) * bins / rows)
                var sum: Float = 0
                for bin in low..<high { sum += binPower[bin] }
                let db = 10 * log10(max(sum / Float(high - low), 1e-20))
                power[(rows - 1 - row) * columns + column] = db
            }
        }
        powerDB = power
    }

    public var peakDB: Float { powerDB.max() ?? 0 }

    /// 16 palette indices: 0 at or below `peak − rangeDB`, 15 at the peak.
    public func indices(peakDB peak: Float, rangeDB: Float = 70) -> [UInt8] {
        powerDB.map { db in
            let level = (db - (peak - rangeDB)) / rangeDB
            return UInt8(max(0, min(15, (level * 16).rounded(.down))))
        }
    }

    /// The image as a PNG (16-colour palette, dark blue → yellow, like the usual "magma/viridis" maps).
    public func png(peakDB peak: Float, rangeDB: Float = 70) -> [UInt8] {
        PNGImage.encode(width: columns, height: rows, indices: indices(peakDB: peak, rangeDB: rangeDB), palette: Self.palette)
    }

    /// A viridis-like ramp, index 0 the background of silence.
    public static let palette: [(UInt8, UInt8, UInt8)] = [
        (13, 8, 35), (31, 16, 70), (52, 19, 101), (72, 24, 118), (92, 30, 128), (112, 37, 129), (133, 43, 126),
        (154, 49, 119), (176, 56, 107), (197, 66, 92), (216, 81, 75), (232, 101, 57), (244, 127, 41),
        (250, 158, 32), (250, 192, 50), (245, 228, 100),
    ]
}
