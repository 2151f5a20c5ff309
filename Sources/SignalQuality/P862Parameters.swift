/// Rate-dependent constants of P.862 (P862.md §0; P.862 §10.1–10.2 and Annex A `pesqpar.h`/`pesq.h`).
struct P862Parameters: Sendable {
    /// Sampling rate (8000 or 16000).
    let rate: Int
    /// Samples per 4 ms envelope frame ("Downsample").
    let ds: Int
    /// Search margin: 75 envelope frames = 300 ms ("SEARCHBUFFER").
    let searchFrames = 75
    /// The margin in samples, SB·DS.
    var sbs: Int { searchFrames * ds }
    /// 320 ms of extra zero padding after each signal ("DATAPADDING_MSECS").
    let dataPadding: Int
    /// Fine-alignment FFT length, 64 ms ("Align_Nfft").
    let alignFFT: Int
    /// Perceptual-model frame, 32 ms (8·DS); hop is half of it.
    var frame: Int { 8 * ds }
    var hop: Int { 4 * ds }
    /// Number of Bark bands.
    let bands: Int
    /// Pitch-power scale Sp (P862.md §0, `pesq.h`).
    let pitchPowerScale: Double
    /// Loudness scale Sl (P862.md §0, `pesq.h`).
    let loudnessScale = 0.1866055
    /// FFT bins per Bark band and power-density corrections (P862.md §10.1).
    let binCounts: [Int]
    let corrections: [Double]

    init(rate: Int) {
        self.rate = rate
        if rate == 8000 {
            ds = 32
            dataPadding = 2560
            alignFFT = 512
            bands = 42
            pitchPowerScale = 2.764344e-5
            binCounts = BarkTables.binCount8k
            corrections = BarkTables.correction8k
        } else {
            ds = 64
            dataPadding = 5120
            alignFFT = 1024
            bands = 49
            pitchPowerScale = 6.910853e-6
            binCounts = BarkTables.binCount16k
            corrections = BarkTables.correction16k
        }
    }
}

/// Utterance and split limits (P862.md §0, `pesq.h`): in envelope frames.
enum P862Limits {
    static let minSpeechLength = 4
    static let joinSpeechLength = 50
    static let minUtteranceLength = 50
    static let maxUtterances = 50
}
