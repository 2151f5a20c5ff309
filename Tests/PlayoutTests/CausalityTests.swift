import ChannelModels
import LabCore
import Playout
import Testing

/// The receiver is causal by construction (issue 12): at tick k a buffer has seen exactly the packets whose arrival
/// ≤ now, so nothing that arrives after a cut time can change a decision taken before it.
@Suite struct CausalityTests {
    typealias F = ExternalBufferFixtures

    /// Every built-in kind, with and without time stretching and talkspurt marks.
    static let builtIns: [(String, any JitterBuffer)] = [
        ("fixed 40", FixedJitterBuffer(depthMs: 40)),
        ("fixed 50", FixedJitterBuffer(depthMs: 50)),
        ("ramjee", RamjeeJitterBuffer()),
        ("neteq", NetEqJitterBuffer()),
        ("neteq +stretch", NetEqJitterBuffer(settings: AdaptiveBufferSettings(timeStretch: true))),
    ]

    /// A jittery, lossy, reordering trace with silence gaps.
    static func trace(seed: UInt64, packets: Int = 600) -> (arrivals: [PacketArrival], starts: [Bool], active: [Bool]) {
        var random = SeededRandom(seed: seed, stream: "test.causality")
        var arrivals: [PacketArrival] = []
        var active: [Bool] = []
        var talking = true
        for seq in 0..<packets {
            if random.nextUnit() < (talking ? 0.03 : 0.1) { talking.toggle() }
            active.append(talking)
            let send = Double(seq) * 20
            let delay = 50 + abs(25 * random.nextGaussian()) + (random.nextUnit() < 0.01 ? 300 : 0)
            arrivals.append(PacketArrival(seq: seq, sendMs: send, arrivalMs: random.nextUnit() < 0.03 ? nil : send + delay))
        }
        let starts = active.indices.map { $0 == 0 || (active[$0] && !active[$0 - 1]) }
        return (arrivals, starts, active)
    }

    /// Everything arriving after `cut` is moved to another time after the cut, or removed.
    static func perturbed(_ arrivals: [PacketArrival], after cut: Double, seed: UInt64) -> [PacketArrival] {
        var random = SeededRandom(seed: seed, stream: "test.causality.perturb")
        return arrivals.map { packet in
            guard let arrival = packet.arrivalMs, arrival > cut else { return packet }
            var changed = packet
            changed.arrivalMs = random.nextUnit() < 0.3 ? nil : cut + 1e-6 + 500 * random.nextUnit()
            return changed
        }
    }

    static func ticks(_ buffer: any JitterBuffer, _ arrivals: [PacketArrival], starts: [Bool]?, active: [Bool]?) throws -> [PlayoutTick] {
        try PlayoutDriver.run(buffer, arrivals: arrivals, stream: ReceiverStream(ptimeMs: 20, packets: arrivals.count, talkspurtsMarked: starts != nil),
                              talkspurtStarts: starts, activity: active).ticks
    }

    /// Decisions (with drops and skips) at ticks up to the cut.
    static func before(_ cut: Double, _ ticks: [PlayoutTick]) -> [PlayoutTick] { ticks.filter { $0.nowMs <= cut } }

    @Test func decisionsBeforeAnyCutIgnoreLaterArrivals() throws {
        var compared = 0
        for seed: UInt64 in 1...6 {
            let (arrivals, starts, active) = Self.trace(seed: seed)
            let times = arrivals.compactMap(\.arrivalMs).sorted()
            var random = SeededRandom(seed: seed, stream: "test.causality.cuts")
            for _ in 0..<5 {
                let cut = times[0] + (times.last! - times[0]) * random.nextUnit()
                let changed = Self.perturbed(arrivals, after: cut, seed: seed &+ UInt64(compared))
                for (name, buffer) in Self.builtIns {
                    for marked in [false, true] {
                        let a = try Self.ticks(buffer, arrivals, starts: marked ? starts : nil, active: marked ? active : nil)
                        let b = try Self.ticks(buffer, changed, starts: marked ? starts : nil, active: marked ? active : nil)
                        let (x, y) = (Self.before(cut, a), Self.before(cut, b))
                        #expect(x == y, "\(name), seed \(seed), cut \(cut), marked \(marked)")
                        #expect(!x.isEmpty)
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 6 * 5 * Self.builtIns.count * 2)
    }

    /// The trace: packets 485–499 held 600 ms (arriving after packet 500, reordered) and its twin where they
    /// are lost. Until the first held packet arrives both runs have seen the same packets, so every decision before
    /// then is the same.
    @Test func heldPacketsAndTheirLostTwinDecideAlike() throws {
        var random = SeededRandom(seed: 12, stream: "test.held")
        let base = (0..<1000).map { seq -> PacketArrival in
            let send = Double(seq) * 20
            return PacketArrival(seq: seq, sendMs: send, arrivalMs: send + 60 + abs(15 * random.nextGaussian()))
        }
        var held = base, lost = base
        for seq in 485...499 {
            held[seq].arrivalMs = held[seq].sendMs + 600
            lost[seq].arrivalMs = nil
        }
        let firstHeld = held[485].arrivalMs!
        #expect(firstHeld > held[500].arrivalMs!)
        let starts = (0..<1000).map { $0 % 50 == 0 }
        for (name, buffer) in Self.builtIns {
            for marked in [false, true] {
                let a = try Self.ticks(buffer, held, starts: marked ? starts : nil, active: nil)
                let b = try Self.ticks(buffer, lost, starts: marked ? starts : nil, active: nil)
                let cut = firstHeld - 1e-9
                #expect(Self.before(cut, a) == Self.before(cut, b), "\(name), marked \(marked)")
                #expect(Self.before(cut, a).count > 450)
                // After the cut the held packets arrive and are late (their slots have passed) in every buffer.
                let schedule = try PlayoutDriver.run(buffer, arrivals: held, stream: ReceiverStream(ptimeMs: 20, packets: 1000)).schedule
                #expect((485...499).allSatisfy { schedule.events[$0].fate == .late }, "\(name)")
            }
        }
    }

    /// The external protocol is causal too: the C example's decisions before a cut ignore what arrives later.
    @Test(.enabled(if: ExternalBufferFixtures.cExample != nil))
    func externalBufferDecisionsBeforeACutIgnoreLaterArrivals() throws {
        let arrivals = Self.trace(seed: 3, packets: 300).arrivals
        let cut = arrivals.compactMap(\.arrivalMs).sorted()[150]
        let changed = Self.perturbed(arrivals, after: cut, seed: 9)
        let buffer = ExternalJitterBuffer(command: F.cExample!, arguments: ["--depth-ms", "40"])
        let a = try buffer.run(arrivals, stream: F.g711Stream).ticks
        let b = try buffer.run(changed, stream: F.g711Stream).ticks
        #expect(Self.before(cut, a) == Self.before(cut, b))
        #expect(Self.before(cut, a).count > 100)
    }
}
