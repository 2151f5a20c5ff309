import Foundation
import LabCore

#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr (count, rate, ETA), shown only when stderr is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private var done = 0
    private let start = Date()
    private let lock = NSLock()
    private let enabled: Bool

    init(total: Int) {
        self.total = total
        enabled = isatty(STDERR_FILENO) == 1 && total > 1
    }

    func advance() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += 1
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-6)
        let remaining = Double(total - done) / max(rate, 1e-9)
        let width = 30
        let filled = Int(Double(width) * Double(done) / Double(total))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r[\(bar)] \(done)/\(total)  \(fixed(rate, 1)) runs/s  ETA \(Int(remaining.rounded())) s"
        FileHandle.standardError.write(Data((line + (done == total ? "\n" : "")).utf8))
    }
}
