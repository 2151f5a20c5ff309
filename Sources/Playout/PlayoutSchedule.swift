import ChannelModels
import PacketTraces

/// A jitter buffer's whole output for a run: each packet's event plus what the buffer did on the way.
public struct PlayoutSchedule: Sendable, Equatable {
    public var events: [PlayoutEvent]
    /// Changes of the playout delay of 1 ms or more (talkspurt re-anchoring or time stretching).
    public var adaptations: Int
    /// Buffering target (ms above the base delay estimate) after the last packet; nil for a fixed buffer.
    public var finalTargetMs: Double?

    public init(events: [PlayoutEvent], adaptations: Int = 0, finalTargetMs: Double? = nil) {
        self.events = events
        self.adaptations = adaptations
        self.finalTargetMs = finalTargetMs
    }
}
