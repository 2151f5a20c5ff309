import AudioIO
import CAMRNB
import CBcg729
import CCodec2
import CGSM
import COpus
import CSpanDSP
import CSpeex
import Foundation
import LabCore
import SignalQuality
import SpeechCodecs

/// Codec speed: encode + decode × real time for every registered codec over the corpus (at the codec's rate), and
/// the wrapper's overhead against the same library driven directly from C calls with preallocated buffers.
/// With MOSLAB_CODEC_MOS=1 in the environment it also scores every codec with P.862 at no loss and finds the MNRU Q
/// nearest each narrowband codec's score (the table in docs/codecs.md).
func runCodecBenchmark(corpus: String = ProcessInfo.processInfo.environment["MOSLAB_CORPUS"] ?? "Corpus") {
    do {
        try CodecBench(corpus: corpus).run()
    } catch {
        FileHandle.standardError.write(Data("moslab-bench codecs: \(error)\n".utf8))
    }
}

struct CodecBench {
    let corpus: String

    /// CPU seconds this thread spends in `body`: the machine is shared, and thread CPU time is far less disturbed
    /// by other processes than wall-clock time.
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Per clip, the least CPU time over `repetitions` runs, summed over the clips (the minimum is the estimate
    /// least disturbed by interruptions). Several bodies are interleaved run by run so drift hits them alike.
    static func minimumCPU(_ clips: [[Int16]], repetitions: Int, _ bodies: [([Int16]) throws -> Void]) throws -> [Double] {
        var totals = [Double](repeating: 0, count: bodies.count)
        for clip in clips {
            var best = [Double](repeating: .infinity, count: bodies.count)
            for _ in 0..<repetitions {
                for (i, body) in bodies.enumerated() { best[i] = min(best[i], try cpuSeconds { try body(clip) }) }
            }
            for i in bodies.indices { totals[i] += best[i] }
        }
        return totals
    }

    /// All clips of one corpus set at `rate`, as 16-bit PCM.
    func clips(_ set: String, rate: Int) throws -> [[Int16]] {
        let folder = corpus + "/" + set
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".wav") }.sorted().map {
            var buffer = try AudioFile.read(path: folder + "/" + $0)
            if buffer.sampleRate != rate { buffer = try Resampler.resample(buffer, to: rate) }
            return buffer.int16Samples
        }
    }

    func run() throws {
        var byRate: [Int: [[Int16]]] = [:]
        for rate in [8000, 16000] { byRate[rate] = try clips(rate == 8000 ? "nb" : "wb", rate: rate) }
        func seconds(_ rate: Int) -> Double { Double(byRate[rate]!.map(\.count).reduce(0, +)) / Double(rate) }

        print("\nCodecs: encode + decode on the corpus (nb: \(format(seconds(8000))) s at 8 kHz; wb: \(format(seconds(16000))) s at 16 kHz), thread CPU time, per clip the best of 3:")
        let widths = [16, 12, 26]
        print(row(["codec", "× real time", "library"], widths: widths))
        for codec in CodecRegistry.all {
            let d = codec.descriptor
            let pcm = byRate[d.sampleRate]!
            let time = try Self.minimumCPU(pcm, repetitions: 3, [{ _ = try CodecRoundTrip.run(codec, pcm: $0) }])[0]
            print(row([d.name, format(seconds(d.sampleRate) / time, 0), d.implementation], widths: widths))
        }

        print("\nWrapper overhead: MOSLab's SpeechEncoder/SpeechDecoder path vs the same C calls in a plain loop (thread CPU time, per clip the best of 7, interleaved):")
        let overheadWidths = [16, 14, 14, 10]
        print(row(["codec", "wrapper ×RT", "direct ×RT", "overhead"], widths: overheadWidths))
        for (name, direct) in directLoops() {
            let codec = try CodecRegistry.codec(named: name)
            let d = codec.descriptor
            let pcm = byRate[d.sampleRate]!
            let times = try Self.minimumCPU(pcm, repetitions: 7, [{ _ = try CodecRoundTrip.run(codec, pcm: $0) }, direct])
            let wrapper = times[0], plain = times[1]
            print(row([name, format(seconds(d.sampleRate) / wrapper, 0), format(seconds(d.sampleRate) / plain, 0),
                       format(100 * (wrapper / plain - 1), 1) + " %"], widths: overheadWidths))
        }

        if ProcessInfo.processInfo.environment["MOSLAB_CODEC_MOS"] == "1" { try quality(byRate) }
    }

    /// Every codec's P.862 MOS-LQO with no loss (P.862.1 at 8 kHz, P.862.2 at 16 kHz), mean over the first four
    /// clips of the corpus set, and the MNRU Q nearest each narrowband codec.
    func quality(_ all: [Int: [[Int16]]]) throws {
        let byRate = all.mapValues { Array($0.prefix(4)) }
        func score(_ codec: any SpeechCodec) throws -> Double {
            let d = codec.descriptor
            let band: P862Band = d.sampleRate == 16000 ? .wideband : .narrowband
            let scores = try byRate[d.sampleRate]!.map { pcm in
                let out = try CodecRoundTrip.run(codec, pcm: pcm)
                return try P862.score(reference: AudioBuffer(int16: pcm, sampleRate: d.sampleRate),
                                      degraded: AudioBuffer(int16: out, sampleRate: d.sampleRate), band: band).mosLQO
            }
            return scores.reduce(0, +) / Double(scores.count)
        }
        let real = CodecRegistry.all.filter { !$0.descriptor.family.hasPrefix("mnru") }
        var mos: [String: Double] = [:]
        print("\nSignal MOS with no loss (P.862 MOS-LQO, mean over 4 corpus clips; NB on P.862.1, WB on P.862.2):")
        for codec in real {
            mos[codec.descriptor.name] = try score(codec)
            print(row([codec.descriptor.name, format(mos[codec.descriptor.name]!, 2)], widths: [16, 6]))
        }
        print("\nMNRU (300–3400 Hz) Q sweep, P.862.1:")
        var curve: [(q: Double, mos: Double)] = []
        for q in stride(from: 5.0, through: 45, by: 2.5) {
            curve.append((q, try score(MNRUCodec(q: q))))
            print(row(["Q \(format(q, 1)) dB", format(curve.last!.mos, 2)], widths: [10, 6]))
        }
        print("\nNearest MNRU Q per narrowband codec (linear interpolation on the Q sweep):")
        for codec in real where codec.descriptor.sampleRate == 8000 {
            let target = mos[codec.descriptor.name]!
            var q = curve.last!.q
            if target <= curve.first!.mos { q = curve.first!.q }
            for (a, b) in zip(curve, curve.dropFirst()) where (a.mos - target) * (b.mos - target) <= 0 && a.mos != b.mos {
                q = a.q + (target - a.mos) / (b.mos - a.mos) * (b.q - a.q)
                break
            }
            print(row([codec.descriptor.name, format(target, 2), target > curve.last!.mos ? "> Q \(Int(curve.last!.q))" : "Q \(format(q, 1))"],
                      widths: [16, 6, 10]))
        }
    }

    /// The same encode + decode as `CodecRoundTrip.run`, straight on the C API with buffers allocated once.
    func directLoops() -> [(String, ([Int16]) -> Void)] {
        /// Frames `pcm` (zero-padded) and hands each frame's start to `body`.
        func frames(_ pcm: [Int16], _ frame: Int, extra: Int = 0, _ body: (UnsafeMutablePointer<Int16>) -> Void) {
            let count = (pcm.count + extra + frame - 1) / frame
            var padded = pcm + [Int16](repeating: 0, count: count * frame - pcm.count)
            padded.withUnsafeMutableBufferPointer { buffer in
                for i in 0..<count { body(buffer.baseAddress! + i * frame) }
            }
        }
        var loops: [(String, ([Int16]) -> Void)] = []
        loops.append(("g722-64", { pcm in
            let enc = g722_encode_init(nil, 64000, Int32(G722_PACKED)), dec = g722_decode_init(nil, 64000, Int32(G722_PACKED))
            var bits = [UInt8](repeating: 0, count: 160), out = [Int16](repeating: 0, count: 160)
            frames(pcm, 160, extra: 22) { frame in
                let n = g722_encode(enc, &bits, frame, 160)
                _ = g722_decode(dec, &out, bits, n)
            }
            g722_encode_free(enc); g722_decode_free(dec)
        }))
        loops.append(("g726-32", { pcm in
            let enc = g726_init(nil, 32000, Int32(G726_ENCODING_LINEAR), Int32(G726_PACKING_RIGHT))
            let dec = g726_init(nil, 32000, Int32(G726_ENCODING_LINEAR), Int32(G726_PACKING_RIGHT))
            var bits = [UInt8](repeating: 0, count: 80), out = [Int16](repeating: 0, count: 80)
            frames(pcm, 80) { frame in
                let n = g726_encode(enc, &bits, frame, 80)
                _ = g726_decode(dec, &out, bits, n)
            }
            g726_free(enc); g726_free(dec)
        }))
        loops.append(("g729a", { pcm in
            let enc = initBcg729EncoderChannel(0), dec = initBcg729DecoderChannel()
            var bits = [UInt8](repeating: 0, count: 10), out = [Int16](repeating: 0, count: 80)
            var length: UInt8 = 0
            frames(pcm, 80, extra: 40) { frame in
                bcg729Encoder(enc, frame, &bits, &length)
                bcg729Decoder(dec, bits, length, 0, 0, 0, &out)
            }
            closeBcg729EncoderChannel(enc); closeBcg729DecoderChannel(dec)
        }))
        loops.append(("gsm-fr", { pcm in
            let enc = gsm_create(), dec = gsm_create()
            var bits = [UInt8](repeating: 0, count: 33), out = [Int16](repeating: 0, count: 160)
            frames(pcm, 160) { frame in
                gsm_encode(enc, frame, &bits)
                _ = gsm_decode(dec, &bits, &out)
            }
            gsm_destroy(enc); gsm_destroy(dec)
        }))
        loops.append(("amr-nb-12.2", { pcm in
            let enc = Encoder_Interface_init(0), dec = Decoder_Interface_init()
            var bits = [UInt8](repeating: 0, count: 64), out = [Int16](repeating: 0, count: 160)
            frames(pcm, 160, extra: 40) { frame in
                _ = Encoder_Interface_Encode(enc, MR122, frame, &bits, 1)
                Decoder_Interface_Decode(dec, bits, &out, 0)
            }
            Encoder_Interface_exit(enc); Decoder_Interface_exit(dec)
        }))
        for (name, rate, bitrate, bandwidth) in [("opus-nb-11", 8000, 11000, OPUS_BANDWIDTH_NARROWBAND),
                                                 ("opus-wb-24", 16000, 24000, OPUS_BANDWIDTH_WIDEBAND)] {
            loops.append((name, { pcm in
                var error: Int32 = 0
                let enc = opus_encoder_create(Int32(rate), 1, OPUS_APPLICATION_VOIP, &error)!
                let dec = opus_decoder_create(Int32(rate), 1, &error)!
                _ = moslab_opus_set_bitrate(enc, Int32(bitrate)); _ = moslab_opus_set_vbr(enc, 0)
                _ = moslab_opus_set_signal(enc, OPUS_SIGNAL_VOICE); _ = moslab_opus_set_bandwidth(enc, bandwidth)
                let frame = rate / 50
                var bits = [UInt8](repeating: 0, count: 1276), out = [Int16](repeating: 0, count: frame)
                frames(pcm, frame, extra: rate * 13 / 2000) { input in
                    let n = opus_encode(enc, input, Int32(frame), &bits, 1276)
                    _ = opus_decode(dec, bits, n, &out, Int32(frame), 0)
                }
                opus_encoder_destroy(enc); opus_decoder_destroy(dec)
            }))
        }
        loops.append(("speex-nb-15", { pcm in
            let mode = speex_lib_get_mode(SPEEX_MODEID_NB)
            let enc = speex_encoder_init(mode)!, dec = speex_decoder_init(mode)!
            var quality: Int32 = 7
            _ = speex_encoder_ctl(enc, SPEEX_SET_QUALITY, &quality)
            var encBits = SpeexBits(), decBits = SpeexBits()
            speex_bits_init(&encBits); speex_bits_init(&decBits)
            var bytes = [CChar](repeating: 0, count: 256), out = [Int16](repeating: 0, count: 160)
            frames(pcm, 160, extra: 78) { frame in
                speex_bits_reset(&encBits)
                _ = speex_encode_int(enc, frame, &encBits)
                let n = speex_bits_write(&encBits, &bytes, 256)
                speex_bits_read_from(&decBits, bytes, n)
                _ = speex_decode_int(dec, &decBits, &out)
            }
            speex_bits_destroy(&encBits); speex_bits_destroy(&decBits)
            speex_encoder_destroy(enc); speex_decoder_destroy(dec)
        }))
        loops.append(("codec2-3200", { pcm in
            let enc = codec2_create(CODEC2_MODE_3200)!, dec = codec2_create(CODEC2_MODE_3200)!
            var bits = [UInt8](repeating: 0, count: Int(codec2_bytes_per_frame(enc))), out = [Int16](repeating: 0, count: 160)
            frames(pcm, 160, extra: 168) { frame in
                codec2_encode(enc, &bits, frame)
                codec2_decode(dec, &out, bits)
            }
            codec2_destroy(enc); codec2_destroy(dec)
        }))
        return loops
    }
}
