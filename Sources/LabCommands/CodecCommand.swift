import ArgumentParser
import AudioIO
import Foundation
import LabCore
import SpeechCodecs

/// `moslab codec NAME INPUT OUTPUT`: one file through a codec's encoder and decoder and nothing else, so you can
/// listen to the codec alone.
struct CodecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Run a speech file through one codec (encode + decode only) and write the result.",
        discussion: """
            No network, no loss, no level change. The input is resampled to the codec's rate only when it differs, and \
            back afterwards, so OUTPUT has the input's rate and length; the codec's look-ahead is removed so OUTPUT \
            lines up with INPUT sample for sample. `moslab codecs` lists the codecs.

            Examples:
              moslab codec g729a Corpus/nb/nb01-directory.wav /tmp/g729a.wav
              moslab codec amr-nb --mode MR475 in.wav out.wav
              moslab codec opus-wb --bitrate 12000 --mode fec in.wav out.wav
              moslab codec mnru --mode q15 in.wav out.wav
            """)

    @Argument(help: "Codec name or family (see `moslab codecs`).")
    var name: String

    @Argument(help: "Input speech file (WAV/FLAC; multi-channel files are mixed down).")
    var input: String

    @Argument(help: "Output WAV file (16-bit PCM; never written over INPUT).")
    var output: String

    @Option(help: "Bit rate in bit/s within the codec's family (e.g. 16000 for G.726-16).")
    var bitrate: Int?

    @Option(help: "Codec mode: AMR-NB MR475…MR122, Codec 2 3200…700C, Opus fec/nofec, Speex q1…q10, MNRU qQ.")
    var mode: String?

    func run() throws {
        try failing {
            let codec = try CodecRegistry.codec(named: name, bitrate: bitrate, mode: mode)
            let d = codec.descriptor
            let (read, info) = try AudioFile.readWithInfo(path: input, channels: .mixDown)
            var notes: [String] = []
            if info.channels > 1 { notes.append("mixed \(info.channels) channels down to mono") }
            var atCodecRate = read
            if read.sampleRate != d.sampleRate {
                atCodecRate = try Resampler.resample(read, to: d.sampleRate)
                notes.append("resampled \(read.sampleRate) Hz → \(d.sampleRate) Hz for \(d.name) and back")
            }
            let decoded = try CodecRoundTrip.run(codec, pcm: atCodecRate.int16Samples)
            var result = AudioBuffer(int16: decoded, sampleRate: d.sampleRate)
            if result.sampleRate != read.sampleRate { result = try Resampler.resample(result, to: read.sampleRate) }
            // Same length as the input, whatever the resampler's rounding.
            let count = read.samples.count
            result.samples = Array(result.samples.prefix(count)) + [Float](repeating: 0, count: max(0, count - result.samples.count))
            try AudioFile.writeWAV(result, to: output, protected: [input])
            let seconds = fixed(Double(count) / Double(read.sampleRate), 2)
            print("\(d.name) (\(d.displayName), \(d.implementation)): \(seconds) s at \(read.sampleRate) Hz → \(output)"
                  + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
        }
    }
}
