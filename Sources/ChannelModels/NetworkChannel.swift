import LabCore

/// The simulated network path: a delay model, a loss model and an ordering policy, each stochastic part drawing
/// from its own stream derived from the master seed (`network.delay`, `network.loss`), so that changing the jitter
/// never changes which packets are lost, and the receiver's settings never change either.
public struct NetworkChannel: Sendable {
    public var delay: any DelayModel
    public var loss: any LossModel
    /// When false (the default), a packet never overtakes the one sent before it: its arrival is held until the
    /// previous one has arrived (a FIFO queue, MODELS.md §3.2). When true, arrivals may reorder.
    public var allowsReordering: Bool

    public init(delay: any DelayModel, loss: any LossModel, allowsReordering: Bool = false) {
        self.delay = delay
        self.loss = loss
        self.allowsReordering = allowsReordering
    }

    /// Sends packets at `sendTimesMs` (seq = index) and returns what arrives when.
    public func transmit(sendTimesMs: [Double], seed: UInt64) -> [PacketArrival] {
        var delayRandom = SeededRandom(seed: seed, stream: "network.delay")
        var lossRandom = SeededRandom(seed: seed, stream: "network.loss")
        var delayModel = delay
        var lossModel = loss
        var arrivals: [PacketArrival] = []
        arrivals.reserveCapacity(sendTimesMs.count)
        var lastArrival = -Double.infinity
        for (seq, send) in sendTimesMs.enumerated() {
            // Both draws happen for every packet, lost or not, so the streams stay aligned across settings.
            var arrival = send + delayModel.nextDelayMs(sendMs: send, using: &delayRandom)
            let lost = lossModel.nextIsLost(using: &lossRandom)
            if !allowsReordering {
                arrival = max(arrival, lastArrival)
                lastArrival = arrival
            }
            arrivals.append(PacketArrival(seq: seq, sendMs: send, arrivalMs: lost ? nil : arrival))
        }
        return arrivals
    }
}
