import Foundation
import LabPipeline

/// Issue 11's speed target: calibrating one codec with the default sweep (6 loss rates) on 4 corpus clips stays
/// under 10 s on 2 cores. Times GSM-FR (narrowband, P.834) and G.722 56 kbit/s (wideband, P.834.1) with
/// --jobs 1 and 2; median of 3. The ratio jobs 1 / jobs 2 is the parallel speed-up measured in the same run.
func runCalibrationBenchmark(corpus: String) throws {
    setenv("MOSLAB_CORPUS", corpus, 0)
    print("Calibration (default sweep \(Calibration.defaultLossRates.map { String($0) }.joined(separator: ",")), 4 clips), median of 3:")
    let widths = [22, 12, 12, 10]
    print(row(["codec", "jobs 1", "jobs 2", "speed-up"], widths: widths))
    for codec in ["gsm-fr", "g722-56"] {
        let clips = try Calibration.corpusClips(wideband: codec.hasPrefix("g722"), count: 4)
        let calibration = Calibration(codec: codec, clips: clips)
        let one = try Stopwatch.median(repetitions: 3) { _ = try calibration.run(jobs: 1) }
        let two = try Stopwatch.median(repetitions: 3) { _ = try calibration.run(jobs: 2) }
        print(row([codec, format(one, 2) + " s", format(two, 2) + " s", format(one / two, 2) + "×"], widths: widths))
    }
}
