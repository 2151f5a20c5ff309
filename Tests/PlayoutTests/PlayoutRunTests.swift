import ChannelModels
import LabCore
import Playout
import Testing

/// The run keeps its ticks as records plus flat drop and skip lists (issue 16, fifth pass): the ticks it gives back
/// are the ticks it was given, and the driver's ticks are what the buffer answered.
@Suite struct PlayoutRunTests {
    /// Ticks with drops and skips of every length (none, one, several) in every position, and each decision kind.
    static func ticks(seed: UInt64, count: Int = 300) -> [PlayoutTick] {
        var random = SeededRandom(seed: seed, stream: "test.playout-run")
        let decisions: [ReceiverDecision] = [.play(seq: 3), .merge(seq: 4), .accelerate(seq: 5, ms: nil), .accelerate(seq: 6, ms: 2.5),
                                             .preemptiveExpand(seq: 7, ms: 1), .conceal, .expand, .drop(seq: 8), .idle]
        func list() -> [Int] {
            let length = random.nextUnit() < 0.7 ? 0 : Int(random.nextUnit() * 4)
            return (0..<length).map { _ in Int(random.nextUnit() * 1000) }
        }
        return (0..<count).map { k in
            PlayoutTick(index: k, nowMs: Double(k) * 20 + 0.5, decision: decisions[Int(random.nextUnit() * Double(decisions.count))],
                        drops: list(), syncMs: random.nextUnit() * 40, removedMs: random.nextUnit(), insertedMs: random.nextUnit(),
                        concealedMs: random.nextUnit() < 0.5 ? 0 : 20, skips: list(),
                        targetDelayMs: random.nextUnit() < 0.2 ? nil : random.nextUnit() * 100)
        }
    }

    @Test func ticksRoundTrip() {
        for seed: UInt64 in 1...20 {
            let ticks = Self.ticks(seed: seed)
            let run = PlayoutRun(ticks: ticks, schedule: PlayoutSchedule(events: []))
            #expect(run.ticks == ticks)
            #expect(run.tickCount == ticks.count)
            #expect(run.removedMs == ticks.reduce(0) { $0 + $1.removedMs })
            #expect(run.insertedMs == ticks.reduce(0) { $0 + $1.insertedMs })
            #expect(run.concealedMs == ticks.reduce(0) { $0 + $1.concealedMs })
            #expect(run.count { $0 == .conceal } == ticks.filter { $0.decision == .conceal }.count)
        }
        #expect(PlayoutRun(ticks: [], schedule: PlayoutSchedule(events: [])).ticks.isEmpty)
    }

    /// A buffer that answers from a script: drops (named by the answer or only by a `drop` decision) and skips land
    /// in the tick that answered them.
    struct Scripted: JitterBuffer {
        var answers: [TickAnswer]
        var next = 0
        mutating func receive(_ packet: ReceivedPacket) {}
        mutating func tick(_ context: TickContext) throws -> TickAnswer {
            defer { next += 1 }
            return next < answers.count ? answers[next] : TickAnswer(.idle)
        }
    }

    @Test func driverRecordsEachAnswersDropsAndSkips() throws {
        let arrivals = (0..<8).map { PacketArrival(seq: $0, sendMs: Double($0) * 20, arrivalMs: 30) }
        let answers = [TickAnswer(.play(seq: 0)), TickAnswer(.drop(seq: 1)), TickAnswer(.play(seq: 4), drops: [2], skips: [3]),
                       TickAnswer(.drop(seq: 5), drops: [5, 6]), TickAnswer(.play(seq: 7))]
        let run = try PlayoutDriver.run(Scripted(answers: answers), arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20))
        #expect(run.ticks.map(\.drops) == [[], [1], [2], [5, 6], []])
        #expect(run.ticks.map(\.skips) == [[], [], [3], [], []])
        #expect(run.ticks.map(\.decision) == answers.map(\.decision))
    }

    /// Packets that arrive out of order (and with tied times) are delivered in arrival order, ties in seq order, as
    /// when the driver sorted them every run.
    @Test func deliveryOrderWithAndWithoutReordering() throws {
        for seed: UInt64 in 1...10 {
            var random = SeededRandom(seed: seed, stream: "test.delivery-order")
            for reorder in [false, true] {
                var latest = -Double.infinity
                let arrivals = (0..<200).map { seq -> PacketArrival in
                    let send = Double(seq) * 20
                    var arrival = (send + 40 + (random.nextUnit() * 60).rounded()) // whole ms: ties happen
                    if !reorder { arrival = max(arrival, latest); latest = arrival }
                    return PacketArrival(seq: seq, sendMs: send, arrivalMs: random.nextUnit() < 0.05 ? nil : arrival)
                }
                let expected = arrivals.indices.filter { arrivals[$0].arrivalMs != nil }
                    .sorted { (arrivals[$0].arrivalMs!, $0) < (arrivals[$1].arrivalMs!, $1) }
                // The watcher records each delivery; it idles, so the run lasts until the drain and every packet arrives.
                final class Box: @unchecked Sendable { var order: [Int] = [] }
                struct Watcher: JitterBuffer {
                    let box: Box
                    mutating func receive(_ packet: ReceivedPacket) { box.order.append(packet.seq) }
                    mutating func tick(_ context: TickContext) throws -> TickAnswer { TickAnswer(.idle) }
                }
                let box = Box()
                _ = try PlayoutDriver.run(Watcher(box: box), arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20))
                #expect(box.order == expected, "seed \(seed), reorder \(reorder)")
            }
        }
    }
}

/// The schedule's events in one pass equal the two-pass definition (a played packet plays at its time; any other at
/// the previous played packet's offset, else the next one's, else its send time).
@Suite struct PlayoutScheduleTests {
    static func definition(arrivals: [PacketArrival], playoutMs: [Double?]) -> ([PlayoutEvent], Int) {
        var nominal = [Double?](repeating: nil, count: arrivals.count)
        var offset: Double? = nil
        var adaptations = 0
        for (index, packet) in arrivals.enumerated() {
            if let time = playoutMs[index] {
                let now = time - packet.sendMs
                if let offset, abs(now - offset) >= 1 { adaptations += 1 }
                offset = now
            }
            nominal[index] = offset.map { packet.sendMs + $0 }
        }
        offset = nil
        for index in arrivals.indices.reversed() {
            if let time = playoutMs[index] { offset = time - arrivals[index].sendMs }
            if nominal[index] == nil { nominal[index] = arrivals[index].sendMs + (offset ?? 0) }
        }
        let events = arrivals.enumerated().map { index, packet in
            PlayoutEvent(seq: packet.seq, fate: playoutMs[index] != nil ? .played : (packet.isLost ? .lost : .late),
                         playoutMs: playoutMs[index] ?? nominal[index]!)
        }
        return (events, adaptations)
    }

    @Test func onePassEqualsTheDefinition() {
        for seed: UInt64 in 1...60 {
            var random = SeededRandom(seed: seed, stream: "test.playout-schedule")
            for count in [0, 1, 2, 5, 200] {
                let playedRate = [0, 0.3, 0.9, 1][Int(seed) % 4]
                let arrivals = (0..<count).map { seq in
                    PacketArrival(seq: seq, sendMs: Double(seq) * 20 + 0.1, arrivalMs: random.nextUnit() < 0.1 ? nil : Double(seq) * 20 + 47.3)
                }
                let playoutMs: [Double?] = arrivals.map { arrival in
                    arrival.isLost || random.nextUnit() >= playedRate ? nil : arrival.sendMs + 60 + (random.nextUnit() * 5).rounded()
                }
                let schedule = PlayoutSchedule(arrivals: arrivals, playoutMs: playoutMs)
                let (events, adaptations) = Self.definition(arrivals: arrivals, playoutMs: playoutMs)
                #expect(schedule.events == events)
                #expect(schedule.events.map(\.playoutMs.bitPattern) == events.map(\.playoutMs.bitPattern))
                #expect(schedule.adaptations == adaptations)
            }
        }
    }
}
