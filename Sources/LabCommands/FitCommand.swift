import ArgumentParser
import LabCore
import Foundation
import LabPipeline
import PacketTraces
import Reporting

/// `moslab fit CAPTURE --ssrc X --out spec.yaml`: a scenario whose network reproduces a captured stream.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Write a scenario whose loss and jitter reproduce one captured RTP stream, and print how well it fits.",
        discussion: """
            Loss: Bernoulli or Gilbert (netem gemodel p, r), chosen by likelihood (AIC) from the stream's received/lost \
            transitions. Jitter: a shifted gamma fitted to the relative delays by moments, with their lag-1 \
            correlation. Printed goodness: loss rate and mean burst (capture vs model) and the Kolmogorov–Smirnov \
            distance of the delay law. The one-way latency is not measurable from one capture: --latency is written. \
            SSRCs are decimal or 0x hex, as Wireshark shows them (`moslab analyze` lists them).
            """)

    @Argument(help: "A capture file (pcap, pcapng or rtpdump).")
    var capture: String

    @Option(name: .long, help: "The stream's SSRC (decimal or 0x hex).")
    var ssrc: String

    @Option(name: .long, help: "Where to write the scenario (.yaml).")
    var out: String

    @Option(name: .long, help: "Assumed one-way network delay in ms, written as latency_ms.")
    var latency: Double = CaptureAnalysis.defaultLatencyMs

    @Option(name: .customLong("pt"), help: "Name a dynamic payload type: PT=CODEC[/CLOCK], e.g. 96=opus (repeatable).")
    var payloadTypes: [String] = []

    @Flag(name: .long, help: "Print the fit as JSON.")
    var json = false

    func run() throws {
        guard let value = RTPStreamKey.parseSSRC(ssrc) else {
            printError("error: --ssrc '\(ssrc)' is not a 32-bit number (hint: decimal, or 0x hex as Wireshark shows it, e.g. 0x1A2B3C4D)")
            throw ExitCode(2)
        }
        let fit = try failing { try CaptureFit.fit(path: capture, ssrc: value, latencyMs: latency, payloadTypes: payloadTypes) }
        try failing { try AtomicFile.write(fit.yaml, to: out, protected: [capture]) }
        if json {
            print(try ResultWriters.json(fit), terminator: "")
            return
        }
        var lines = ["\(fit.ssrc) \(fit.src) → \(fit.dst), \(fit.codec), \(fit.packets) packets → \(out)"]
        let loss: String = switch fit.loss_model {
        case "gilbert": "gilbert p \(fixed(fit.p!, 5)) r \(fixed(fit.r!, 4))"
        case "bernoulli": "bernoulli rate \(fixed(fit.rate!, 5))"
        default: "none"
        }
        lines.append("loss model: \(loss) (chosen by likelihood)")
        lines.append("loss rate: capture \(fixed(100 * fit.capture_loss_rate, 3)) %, model \(fixed(100 * fit.model_loss_rate, 3)) %")
        lines.append("mean burst: capture \(fixed(fit.capture_mean_burst, 2)), model \(fixed(fit.model_mean_burst, 2)) packets")
        if let k = fit.gamma_shape, let theta = fit.gamma_scale_ms {
            lines.append("delay: gamma shape \(fixed(k, 3)) scale \(fixed(theta, 3)) ms, correlation \(fixed(fit.correlation, 3)); KS distance \(fixed(fit.ks_distance ?? 0, 4))")
        } else {
            lines.append("delay: no measurable jitter")
        }
        lines.append("latency_ms \(fixed(fit.latency_ms, 0)) is assumed (--latency); jitter buffer depth \(fixed(fit.buffer_ms, 0)) ms = p99 relative delay")
        print(lines.joined(separator: "\n"))
    }
}
