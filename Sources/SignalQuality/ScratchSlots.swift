/// Numbered scratch buffers of one element type that only grow: slot `i` is reused by the next caller of `i`
/// (contents undefined), so a scoring call allocates each size once. Freed with the owning `FFTPlans`.
final class ScratchSlots<Element> {
    private var slots: [(pointer: UnsafeMutablePointer<Element>, capacity: Int)] = []

    deinit { for s in slots { s.pointer.deallocate() } }

    func slot(_ index: Int, count: Int) -> UnsafeMutablePointer<Element> {
        while slots.count <= index { slots.append((.allocate(capacity: 1), 1)) }
        if slots[index].capacity < count {
            slots[index].pointer.deallocate()
            slots[index] = (.allocate(capacity: count), count)
        }
        return slots[index].pointer
    }
}
