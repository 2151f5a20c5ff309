import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process spoken to in lines over its stdin/stdout, with a deadline on every answer. stderr is drained
/// while waiting (so a chatty buffer never blocks) and its last line is kept for error messages.
final class ExternalBufferProcess {
    enum ReadOutcome {
        case line(String)
        case endOfFile
        case timedOut
        /// More than `maximumLineBytes` without a newline.
        case tooLong
    }

    /// The longest answer line held (protocol answers are tens of bytes): a buffer that writes without a newline
    /// must not grow MOSLab's memory until `timeout_ms` (issue 14; 300 MB without a newline held 165 MB and scanned
    /// the whole buffer for a newline at every read).
    static let maximumLineBytes = 1 << 20

    private let process = Process()
    private let stdinFD: Int32
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let pipes: (Pipe, Pipe, Pipe)
    private var stdoutBuffer: [UInt8] = []
    /// `stdoutBuffer[..<scannedBytes]` holds no newline: each byte is searched once, not at every read.
    private var scannedBytes = 0
    private var stdoutClosed = false
    private var stderrTail: [UInt8] = []
    private var stderrClosed = false

    /// Starts `executable` with `arguments` in `directory`.
    init(executable: String, arguments: [String], directory: String?) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory, !directory.isEmpty { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        pipes = (input, output, error)
        try process.run()
        stdinFD = input.fileHandleForWriting.fileDescriptor
        stdoutFD = output.fileHandleForReading.fileDescriptor
        stderrFD = error.fileHandleForReading.fileDescriptor
        _ = fcntl(stdinFD, F_SETFL, fcntl(stdinFD, F_GETFL) | O_NONBLOCK)
        ChildProcessGroups.shared.register(process.processIdentifier)
    }

    #if !canImport(Glibc)
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
    #endif

    enum WriteOutcome: Equatable {
        case written
        /// The child no longer reads (it exited or closed stdin).
        case closed
        /// The child stopped reading and the pipe stayed full for `timeoutMs`.
        case timedOut
    }

    /// Writes all of `text` within `timeoutMs`.
    ///
    /// stdin is non-blocking and every wait is a `poll` bounded by the deadline, so a buffer that stops reading
    /// (while ~1,500 packets arrive at once, more than a 64 KiB pipe holds) cannot block MOSLab forever; while
    /// waiting, the child's stdout and stderr are drained into memory, so a child that writes before it reads never
    /// deadlocks against us.
    ///
    /// A write to a buffer that has exited must fail with EPIPE, not kill MOSLab; SIGPIPE is blocked on this thread
    /// for the write and a SIGPIPE it raised is consumed, so the process-wide disposition (which lets `moslab … | head`
    /// end quietly) is left alone.
    func write(_ text: String, timeoutMs: Double) -> WriteOutcome {
        #if canImport(Glibc)
        var pipeSignal = sigset_t(), previous = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        #else
        Self.ignoreSIGPIPE
        #endif
        let deadline = Date().addingTimeInterval(timeoutMs / 1000)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.write(stdinFD, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(stdinFD, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written >= 0 {
                offset += written
                continue
            }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { return .closed }
            // The pipe is full: wait for room, draining what the child says meanwhile.
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var fds = [pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)]
            if !stdoutClosed { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if !stderrClosed { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 && errno != EINTR { return .closed }
            if ready <= 0 { continue }
            for entry in fds.dropFirst() where entry.revents != 0 {
                if entry.fd == stdoutFD { drainStandardOutput() } else { drainStandardError() }
            }
            if fds[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return .closed }
        }
        return .written
    }

    private func drainStandardOutput() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
        if count > 0 {
            stdoutBuffer += chunk[..<count]
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            stdoutClosed = true
        }
    }

    func closeInput() {
        try? pipes.0.fileHandleForWriting.close()
    }

    /// The next line of stdout (without its newline), waiting at most `timeoutMs`.
    func readLine(timeoutMs: Double) -> ReadOutcome {
        let deadline = Date().addingTimeInterval(timeoutMs / 1000)
        while true {
            if let newline = stdoutBuffer[scannedBytes...].firstIndex(of: 10) {
                var line = Array(stdoutBuffer[..<newline])
                stdoutBuffer.removeSubrange(...newline)
                scannedBytes = 0
                if line.last == 13 { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            scannedBytes = stdoutBuffer.count
            if stdoutBuffer.count > Self.maximumLineBytes { return .tooLong }
            if stdoutClosed {
                if stdoutBuffer.isEmpty { return .endOfFile }
                let line = String(decoding: stdoutBuffer, as: UTF8.self)
                stdoutBuffer.removeAll()
                scannedBytes = 0
                return .line(line)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var fds = [pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)]
            if !stderrClosed { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining * 1000 + 1, 60_000)))
            if ready < 0 && errno != EINTR { return .endOfFile }
            if ready <= 0 { continue }
            if fds.count > 1, fds[1].revents != 0 { drainStandardError() }
            if fds[0].revents != 0 { drainStandardOutput() }
        }
    }

    private func drainStandardError() {
        var chunk = [UInt8](repeating: 0, count: 8_192)
        let count = chunk.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress, $0.count) }
        if count > 0 {
            stderrTail += chunk[..<count]
            if stderrTail.count > 4_096 { stderrTail.removeFirst(stderrTail.count - 4_096) }
        } else if count == 0 {
            stderrClosed = true
        }
    }

    /// The last non-empty line the child wrote to stderr (after reading whatever is still pending).
    var lastErrorLine: String? {
        if !stderrClosed {
            var fds = [pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)]
            while !stderrClosed, poll(&fds, 1, 50) > 0 { drainStandardError() }
        }
        return String(decoding: stderrTail, as: UTF8.self).split(separator: "\n").last.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Waits up to `timeoutMs` for the child to exit; its status, or nil if it is still running.
    func waitForExit(timeoutMs: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeoutMs / 1000)
        while process.isRunning {
            if Date() >= deadline { return nil }
            usleep(2_000)
        }
        return process.terminationStatus
    }

    /// How the child ended, for messages: `exited with status 1` or `was killed by signal 11`.
    func exitDescription(timeoutMs: Double) -> String {
        guard let status = waitForExit(timeoutMs: timeoutMs) else { return "closed its stdout" }
        return process.terminationReason == .uncaughtSignal ? "was killed by signal \(status)" : "exited with status \(status)"
    }

    /// Ends the child and its process group (a shell wrapper's children too): SIGTERM, then SIGKILL if it is still
    /// there after 200 ms.
    func terminate() {
        defer { ChildProcessGroups.shared.unregister(process.processIdentifier) }
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        ChildProcessGroups.send(SIGTERM, toGroupOf: pid)
        if waitForExit(timeoutMs: 200) == nil {
            ChildProcessGroups.send(SIGKILL, toGroupOf: pid)
            _ = waitForExit(timeoutMs: 1_000)
        }
    }

    deinit {
        terminate()
        closeInput()
    }
}
