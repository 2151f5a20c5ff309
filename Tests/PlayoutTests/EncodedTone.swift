import Foundation
import SpeechCodecs

/// A two-tone test signal (140 Hz and 410 Hz) encoded packet by packet with `codec`, 20 ms per packet: the payloads
/// the receiver tests play (one fixture for `NoLossDecodeTests` and `DeferredReceiverAudioTests`).
func encodedTone(_ codec: any SpeechCodec, packets: Int) throws -> (payloads: [[[UInt8]]], framesPerPacket: Int) {
    let descriptor = codec.descriptor
    let framesPerPacket = max(1, Int(20 / descriptor.frameMs))
    var encoder = try codec.makeEncoder()
    let signal = (0..<(packets * framesPerPacket * descriptor.frameSamples)).map { i -> Int16 in
        let t = Double(i) / Double(descriptor.sampleRate)
        return Int16(8000 * sin(2 * .pi * 140 * t) + 3000 * sin(2 * .pi * 410 * t + 1))
    }
    let payloads = try (0..<packets).map { p in
        try (0..<framesPerPacket).map { f -> [UInt8] in
            let start = (p * framesPerPacket + f) * descriptor.frameSamples
            return try encoder.encode(Array(signal[start..<(start + descriptor.frameSamples)]))
        }
    }
    return (payloads, framesPerPacket)
}
