import Foundation
import Testing

/// `jitter_buffer: {type: external}` through the real binary, and `moslab network --format pcap|rtpdump`.
@Suite struct ExternalBufferCLITests {
    static func inPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let examples = CLIRunner.repositoryRoot + "/Examples"

    static func spec(name: String, buffer: String) -> String {
        """
        name: \(name)
        seed: 3
        reference: {corpus: nb, count: 1}
        codec: {name: g711u, ptime_ms: 20}
        network:
          latency_ms: 50
          jitter: {distribution: normal, stddev_ms: 10}
          loss: {model: gilbert-elliott, p: 0.02, r: 0.4}
        jitter_buffer: \(buffer)
        plc: repeat
        matrix:
          network.jitter.stddev_ms: [5, 20]
          codec.name: [g711u, g711a]

        """
    }

    static func results(_ directory: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/results.json"))
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// A sweep through an example gives the built-in fixed buffer's figures, run for run.
    func sweep(buffer: String, in directory: String) throws {
        try Self.spec(name: "external", buffer: buffer).write(toFile: directory + "/external.yaml", atomically: true, encoding: .utf8)
        try Self.spec(name: "builtin", buffer: "{type: fixed, depth_ms: 40}").write(toFile: directory + "/builtin.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/external.yaml", directory + "/builtin.yaml", "--out", directory + "/out", "--json", "--jobs", "2"])
        #expect(output.status == 0, "\(output.stderr)")
        let runs = (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]) ?? []
        #expect(runs.count == 8)
        for run in runs where (run["scenario"] as? String)?.hasPrefix("external") == true {
            let twin = runs.first { ($0["scenario"] as? String) == (run["scenario"] as! String).replacingOccurrences(of: "external", with: "builtin") }
            for field in ["late_loss_rate", "effective_loss_rate", "mean_playout_delay_ms", "concealed_ms", "predicted_mos", "signal_mos"] {
                let a = run[field] as? Double, b = twin?[field] as? Double
                #expect(a != nil && b != nil && abs(a! - b!) < 1e-9, "\(run["scenario"]!) \(field): \(String(describing: a)) vs \(String(describing: b))")
            }
            #expect((run["jitter_buffer"] as? String)?.hasPrefix("external ") == true)
            let scenario = run["scenario"] as! String, clip = run["clip"] as! String
            let a = FileManager.default.contents(atPath: "\(directory)/out/\(scenario)/\(clip).wav")
            let b = FileManager.default.contents(atPath: "\(directory)/out/\(scenario.replacingOccurrences(of: "external", with: "builtin"))/\(clip).wav")
            #expect(a != nil && a == b, "\(scenario): degraded WAVs differ")
        }
    }

    @Test(.enabled(if: ExternalBufferCLITests.inPath("python3") != nil, "python3 is not in PATH (the Python example buffer needs it)"))
    func pythonExampleThroughASweep() throws {
        let python = Self.inPath("python3")!
        let directory = CLIRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.examples + "/python-fixed-buffer/fixed_buffer.py", toPath: directory + "/fixed_buffer.py")
        // Relative script path: the buffer runs in the spec's folder.
        try sweep(buffer: "{type: external, command: \(python), args: [fixed_buffer.py, --depth-ms, \"40\"], timeout_ms: 10000}", in: directory)
    }

    @Test(.enabled(if: ExternalBufferCLITests.inPath("cc") != nil, "no C compiler (cc) to build Examples/c-fixed-buffer"))
    func cExampleThroughASweep() throws {
        let cc = Self.inPath("cc")!
        let directory = CLIRunner.temporaryDirectory()
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: cc)
        compile.arguments = ["-O2", "-o", directory + "/fixed_buffer", Self.examples + "/c-fixed-buffer/fixed_buffer.c"]
        try compile.run()
        compile.waitUntilExit()
        #expect(compile.terminationStatus == 0)
        // A path with a slash is relative to the spec's folder.
        try sweep(buffer: "{type: external, command: ./fixed_buffer, args: [--depth-ms, \"40\"]}", in: directory)
    }

    /// One broken buffer fails its run with one line naming the tick; the other runs' outputs are still written.
    @Test func aCrashingBufferFailsOnlyItsRun() throws {
        let directory = CLIRunner.temporaryDirectory()
        let crash = #"{type: external, command: /bin/sh, args: [-c, "read h; echo '{\"type\":\"hello\",\"protocol\":1}'; read p; exit 4"]}"#
        try Self.spec(name: "crash", buffer: crash).replacingOccurrences(of: "matrix:\n  network.jitter.stddev_ms: [5, 20]\n  codec.name: [g711u, g711a]\n", with: "")
            .write(toFile: directory + "/crash.yaml", atomically: true, encoding: .utf8)
        try Self.spec(name: "fine", buffer: "{type: fixed, depth_ms: 40}").write(toFile: directory + "/fine.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["run", directory + "/crash.yaml", directory + "/fine.yaml", "--out", directory + "/out"])
        #expect(output.status == 1)
        let failures = output.stderr.split(separator: "\n").filter { $0.hasPrefix("run failed: ") }
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix("run failed: crash/nb01-directory: external jitter buffer '/bin/sh -c") == true, "\(output.stderr)")
        #expect(failures.first?.contains("exited with status 4 before answering tick 0 (now_ms ") == true, "\(output.stderr)")
        let csv = (try? String(contentsOfFile: directory + "/out/results.csv", encoding: .utf8)) ?? ""
        #expect(csv.split(separator: "\n").count == 5)  // header + the four runs of `fine`
        #expect(FileManager.default.fileExists(atPath: directory + "/out/fine-5-g711a/result.json") || csv.contains("fine"))
        #expect(!csv.contains("crash"))
    }

    @Test func externalKeysAreValidated() throws {
        let directory = CLIRunner.temporaryDirectory()
        try "name: x\njitter_buffer: {type: external, args: [a]}\n".write(toFile: directory + "/x.yaml", atomically: true, encoding: .utf8)
        let output = try CLIRunner.run(["validate", directory + "/x.yaml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("command"), "\(output.stderr)")
        try "name: x\njitter_buffer: {type: external, command: b, depth_ms: 40}\n".write(toFile: directory + "/y.yaml", atomically: true, encoding: .utf8)
        let unknown = try CLIRunner.run(["validate", directory + "/y.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("depth_ms"), "\(unknown.stderr)")
    }

    // MARK: - Trace export

    struct CSVRow: Equatable {
        var seq: Int
        var arrivalMs: Double
    }

    /// Received packets from `moslab network --format csv`, in arrival order (ties by seq).
    static func received(spec: String, packets: Int) throws -> [CSVRow] {
        let output = try CLIRunner.run(["network", spec, "--packets", "\(packets)"])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout.split(separator: "\n").dropFirst().compactMap { line -> CSVRow? in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells[3] == "0", let arrival = Double(cells[2]) else { return nil }
            return CSVRow(seq: Int(cells[0])!, arrivalMs: arrival)
        }.sorted { ($0.arrivalMs, $0.seq) < ($1.arrivalMs, $1.seq) }
    }

    static func writeTraceSpec(_ directory: String, codec: String) throws -> String {
        let path = directory + "/trace.yaml"
        try """
        name: trace
        seed: 11
        codec: {name: \(codec), ptime_ms: 20}
        network:
          latency_ms: 80
          jitter: {distribution: normal, stddev_ms: 25}
          reorder: true
          loss: {model: bernoulli, rate: 0.05}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func be16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) << 8 | Int(b[at + 1]) }
    func be32(_ b: [UInt8], _ at: Int) -> UInt32 { UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3]) }

    /// A pure-Swift pcap reader: every record must be Ethernet/IPv4/UDP/RTP with a valid IP checksum, the RTP
    /// fields and the capture time of the received packet it stands for.
    @Test func pcapHoldsTheArrivalsAsRTP() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeTraceSpec(directory, codec: "g711a")
        let expected = try Self.received(spec: spec, packets: 300)
        #expect(expected.count > 250 && expected.count < 300)
        #expect(zip(expected, expected.dropFirst()).contains { $0.seq > $1.seq }, "the trace should include reordering")
        let output = try CLIRunner.run(["network", spec, "--packets", "300", "--format", "pcap", "--output", directory + "/t.pcap", "--port", "6000"])
        #expect(output.status == 0, "\(output.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/t.pcap")))
        #expect(be32(bytes, 0) == 0xA1B2_C3D4 && be16(bytes, 4) == 2 && be16(bytes, 6) == 4 && be32(bytes, 20) == 1)
        var offset = 24
        var records: [(seq: Int, timestamp: UInt32, marker: Bool, pt: Int, seconds: Double, payload: Int)] = []
        while offset < bytes.count {
            let seconds = Double(be32(bytes, offset)) + Double(be32(bytes, offset + 4)) / 1e6
            let length = Int(be32(bytes, offset + 8))
            #expect(be32(bytes, offset + 12) == UInt32(length))
            let frame = Array(bytes[(offset + 16)..<(offset + 16 + length)])
            #expect(be16(frame, 12) == 0x0800)  // IPv4
            let ip = Array(frame[14..<34])
            #expect(ip[0] == 0x45 && ip[9] == 17 && be16(ip, 2) == length - 14)
            var sum = 0
            for i in stride(from: 0, to: 20, by: 2) { sum += be16(ip, i) }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            #expect(sum == 0xFFFF, "IPv4 header checksum")
            #expect(be16(frame, 34) == 6000 && be16(frame, 36) == 6000 && be16(frame, 38) == length - 34)
            let rtp = Array(frame[42...])
            #expect(rtp[0] == 0x80)
            records.append((be16(rtp, 2), be32(rtp, 4), rtp[1] & 0x80 != 0, Int(rtp[1] & 0x7F), seconds, rtp.count - 12))
            offset += 16 + length
        }
        #expect(records.count == expected.count)
        let start = Double(records.first!.seconds) - expected.first!.arrivalMs / 1000
        #expect(abs(start - 1_767_225_600) < 1e-3)
        for (record, row) in zip(records, expected) {
            #expect(record.seq == row.seq && record.timestamp == UInt32(row.seq * 160) && record.pt == 8 && record.payload == 160)
            #expect(abs(record.seconds - 1_767_225_600 - row.arrivalMs / 1000) < 2e-6)
            #expect(record.marker == (row.seq == 0))
        }
    }

    /// tshark decodes the pcap as RTP with the same sequence numbers and timestamps (skipped without tshark).
    @Test(.enabled(if: ExternalBufferCLITests.inPath("tshark") != nil, "tshark is not installed (apt-get install tshark); the pure-Swift pcap check still runs"))
    func tsharkReadsThePcap() throws {
        let tshark = Self.inPath("tshark")!
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeTraceSpec(directory, codec: "g711u")
        let expected = try Self.received(spec: spec, packets: 200)
        let output = try CLIRunner.run(["network", spec, "--packets", "200", "--format", "pcap", "--output", directory + "/t.pcap"])
        #expect(output.status == 0, "\(output.stderr)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tshark)
        process.arguments = ["-r", directory + "/t.pcap", "-d", "udp.port==5004,rtp", "-T", "fields",
                             "-e", "rtp.seq", "-e", "rtp.timestamp", "-e", "rtp.p_type", "-e", "frame.time_epoch"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.count == expected.count)
        for (row, packet) in zip(rows, expected) {
            #expect(row.count == 4 && Int(row[0]) == packet.seq && Int(row[1]) == packet.seq * 160 && row[2] == "0", "\(row)")
            #expect(abs((Double(row.count == 4 ? row[3] : "0") ?? 0) - 1_767_225_600 - packet.arrivalMs / 1000) < 1e-5, "\(row)")
        }
    }

    /// rtptools' rtpdump layout: the text line, RD_hdr_t, then RD_packet_t + RTP per received packet.
    @Test func rtpdumpHoldsTheArrivals() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeTraceSpec(directory, codec: "g711u")
        let expected = try Self.received(spec: spec, packets: 200)
        let output = try CLIRunner.run(["network", spec, "--packets", "200", "--format", "rtpdump", "--output", directory + "/t.rtp"])
        #expect(output.status == 0, "\(output.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/t.rtp")))
        let header = Array("#!rtpplay1.0 192.0.2.2/5004\n".utf8)
        #expect(Array(bytes.prefix(header.count)) == header)
        var offset = header.count
        #expect(be32(bytes, offset) == 1_767_225_600 && be32(bytes, offset + 4) == 0 && be16(bytes, offset + 12) == 5004)
        offset += 16
        var count = 0
        while offset < bytes.count {
            let length = be16(bytes, offset), rtpLength = be16(bytes, offset + 2)
            let ms = be32(bytes, offset + 4)
            #expect(length == rtpLength + 8 && rtpLength == 12 + 160)
            let rtp = Array(bytes[(offset + 8)..<(offset + length)])
            let packet = expected[count]
            #expect(be16(rtp, 2) == packet.seq && be32(rtp, 4) == UInt32(packet.seq * 160) && rtp[1] & 0x7F == 0)
            #expect(ms == UInt32(packet.arrivalMs.rounded(.down)) || abs(Double(ms) - packet.arrivalMs) < 1.001)
            offset += length
            count += 1
        }
        #expect(count == expected.count)
    }

    @Test func binaryFormatsNeedAnOutputFile() throws {
        let directory = CLIRunner.temporaryDirectory()
        let spec = try Self.writeTraceSpec(directory, codec: "g711u")
        let output = try CLIRunner.run(["network", spec, "--format", "pcap"])
        #expect(output.status == 2)
        #expect(output.stderr == "error: --format pcap writes a binary file: give --output FILE\n")
    }
}
