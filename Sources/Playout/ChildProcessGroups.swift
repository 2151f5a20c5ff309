import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The external jitter buffers running now, so Ctrl-C or a `kill` of MOSLab also stops them.
///
/// Foundation starts each child in its own process group, so the terminal's SIGINT never reaches it: a buffer that
/// hung (not reading stdin, so it never sees EOF) would run on after MOSLab died. The first registration installs a
/// SIGINT/SIGTERM handler that stops every registered group (and pid), then restores the default disposition and
/// re-raises, so MOSLab still ends with the usual status (130/143). The handler only reads a fixed table of pids and
/// calls `kill`, `nanosleep`, `signal`, `sigprocmask`, `raise` and `_exit`, all async-signal-safe (POSIX.1-2017
/// §2.4.3).
final class ChildProcessGroups: @unchecked Sendable {
    static let shared = ChildProcessGroups()
    static let capacity = 1_024

    /// pids, 0 for a free slot; allocated once and never freed (the handler may read it at any time).
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<pid_t> = {
        let pointer = UnsafeMutablePointer<pid_t>.allocate(capacity: capacity)
        pointer.initialize(repeating: 0, count: capacity)
        return pointer
    }()

    private let lock = NSLock()
    private var installed = false

    func register(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        if !installed {
            installed = true
            for sig in [SIGINT, SIGTERM] { _ = Glibc.signal(sig, ChildProcessGroups.forward) }
        }
        // A parent may hand MOSLab a mask that blocks them (signal masks survive exec): unblock them on the thread
        // that runs the buffer, so a process-directed SIGINT/SIGTERM reaches the handler.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for index in 0..<Self.capacity where Self.slots[index] == 0 {
            Self.slots[index] = pid
            return
        }
    }

    func unregister(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<Self.capacity where Self.slots[index] == pid { Self.slots[index] = 0 }
    }

    /// The child's whole group (a shell wrapper's children too), and the child itself in case it is not a group
    /// leader.
    static func send(_ sig: Int32, toGroupOf pid: pid_t) {
        guard pid > 0 else { return }
        _ = kill(-pid, sig)
        _ = kill(pid, sig)
    }

    /// The signal handler: stop every buffer's group, then die of the same signal.
    ///
    /// The groups get SIGTERM rather than the signal itself (a child started from a non-interactive shell inherits
    /// SIGINT ignored), then SIGKILL after up to 200 ms for any group still there.
    static let forward: @convention(c) (Int32) -> Void = { sig in
        var any = false
        for index in 0..<ChildProcessGroups.capacity {
            let pid = ChildProcessGroups.slots[index]
            if pid > 0 {
                _ = kill(-pid, SIGTERM)
                _ = kill(pid, SIGTERM)
                any = true
            }
        }
        if any {
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            for _ in 0..<20 {
                var alive = false
                for index in 0..<ChildProcessGroups.capacity {
                    let pid = ChildProcessGroups.slots[index]
                    if pid > 0, kill(-pid, 0) == 0 || kill(pid, 0) == 0 { alive = true }
                }
                if !alive { break }
                _ = nanosleep(&pause, nil)
            }
            for index in 0..<ChildProcessGroups.capacity {
                let pid = ChildProcessGroups.slots[index]
                if pid > 0 {
                    _ = kill(-pid, SIGKILL)
                    _ = kill(pid, SIGKILL)
                }
            }
        }
        // Die of the same signal: default disposition, unblocked (a mask inherited from the parent may block it),
        // raised; should it still not be delivered, exit with the shell's 128 + signal.
        _ = Glibc.signal(sig, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        _ = sigprocmask(SIG_UNBLOCK, &set, nil)
        _ = raise(sig)
        _exit(128 + sig)
    }
}
