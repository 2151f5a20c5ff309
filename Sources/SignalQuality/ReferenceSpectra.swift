import Foundation

/// The packed spectra of an analysed reference's Hann-windowed fine-alignment frames (P862.md §5.5, §6.4), kept
/// across the scores against it (`P862Reference`): a sweep scores many degraded signals of one clip, and the
/// reference windows' positions follow the reference's utterances, so most recur from one score to the next while
/// the degraded windows are new. `FineAligner.contribution` takes a reference window's spectrum from here when its
/// window is the Hann window, else transforms it as before.
///
/// A spectrum is the output of the same transform of the same frame whoever computed it first, so a score is the
/// same bit for bit whether it found the spectrum here, computed and stored it, or found the store full. Scores
/// running in parallel share it under a lock (one look-up per reference window the pair cache misses).
///
/// Size: at most `capacity` spectra of Na floats, capacity = 2·(L/(Na/4)) + 64 (two spectra per quarter-window
/// step of the reference): about 35 bytes per sample, 2.8 MB for 10 s at 8 kHz (Na = 512) and 5.5 MB at 16 kHz
/// (Na = 1024), filled only as scores ask for them.
final class ReferenceSpectra: @unchecked Sendable {
    let na: Int
    let capacity: Int
    private let lock = NSLock()
    private var table: [Int: [Float]] = [:]

    init(paddedCount: Int, na: Int) {
        self.na = na
        capacity = 2 * (paddedCount / (na / 4)) + 64
    }

    /// Bytes held at most.
    var byteCount: Int { capacity * (na * 4 + 48) }

    /// The spectrum of the reference window at `position` into `out` (Na floats): copied from the store, or
    /// computed by `compute` into `out` and stored while there is room.
    func spectrum(at position: Int, into out: UnsafeMutablePointer<Float>, compute: (UnsafeMutablePointer<Float>) -> Void) {
        lock.lock()
        if let stored = table[position] {
            lock.unlock()
            stored.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: na) }
            return
        }
        lock.unlock()
        compute(out)
        let copy = Array(UnsafeBufferPointer(start: out, count: na))
        lock.lock()
        if table.count < capacity { table[position] = copy }
        lock.unlock()
    }
}
