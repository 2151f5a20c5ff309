import CSndFile

#if canImport(Glibc)
import Glibc
#endif

/// An audio file held in memory, opened by libsndfile through its virtual I/O interface (`sf_open_virtual`,
/// libsndfile API documentation, "Virtual I/O"): libsndfile asks for the length, seeks, reads and tells through the
/// callbacks below instead of a file descriptor, and parses the bytes with the same code as a file on disk.
///
/// Read-only: `write` reports 0 bytes written. The object must outlive the `SNDFILE` handle it opened
/// (`AudioFile.readWithInfo(bytes:)` keeps it alive until `sf_close`).
final class MemoryAudioSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Opens the bytes for reading; nil when libsndfile does not recognise them (the reason is in `sf_strerror(nil)`).
    func open(_ info: inout SF_INFO) -> OpaquePointer? {
        var io = SF_VIRTUAL_IO(get_filelen: { user in
            sf_count_t(MemoryAudioSource.from(user).bytes.count)
        }, seek: { offset, whence, user in
            MemoryAudioSource.from(user).seek(Int(offset), whence: whence)
        }, read: { destination, count, user in
            MemoryAudioSource.from(user).read(into: destination, count: Int(count))
        }, write: { _, _, _ in
            0
        }, tell: { user in
            sf_count_t(MemoryAudioSource.from(user).position)
        })
        return sf_open_virtual(&io, Int32(SFM_READ), &info, Unmanaged.passUnretained(self).toOpaque())
    }

    private static func from(_ user: UnsafeMutableRawPointer?) -> MemoryAudioSource {
        Unmanaged<MemoryAudioSource>.fromOpaque(user!).takeUnretainedValue()
    }

    /// `lseek` semantics (SEEK_SET/CUR/END); a position before the start is refused (-1), past the end is allowed
    /// (reads there give 0 bytes), as for a file.
    private func seek(_ offset: Int, whence: Int32) -> sf_count_t {
        let base: Int
        switch whence {
        case Int32(SEEK_SET): base = 0
        case Int32(SEEK_CUR): base = position
        case Int32(SEEK_END): base = bytes.count
        default: return -1
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { return -1 }
        position = target
        return sf_count_t(target)
    }

    private func read(into destination: UnsafeMutableRawPointer?, count: Int) -> sf_count_t {
        guard let destination, count > 0, position < bytes.count else { return 0 }
        let available = min(count, bytes.count - position)
        bytes.withUnsafeBytes { source in
            destination.copyMemory(from: source.baseAddress! + position, byteCount: available)
        }
        position += available
        return sf_count_t(available)
    }
}
