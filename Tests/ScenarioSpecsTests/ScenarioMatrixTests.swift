import Testing
@testable import ScenarioSpecs

@Suite struct ScenarioMatrixTests {
    let yaml = """
        name: sweep
        codec: {name: g711u, ptime_ms: 20}
        network:
          loss: {model: bernoulli, rate: 0}
        matrix:
          codec.name: [g711u, g711a]
          network.loss.rate: [0, 0.02, 0.05]
          seed: [1, 2]
        """

    @Test func expandsTheCartesianProductInOrder() throws {
        let specs = try ScenarioLoader.parseExpanded(yaml: yaml, file: "s.yaml")
        #expect(specs.count == 12)
        #expect(specs[0].name == "sweep--codec.name=g711u--network.loss.rate=0--seed=1")
        #expect(specs[1].seed == 2)
        #expect(specs[2].network.loss == .bernoulli(rate: 0.02))
        #expect(specs[11].codec.name == "g711a" && specs[11].network.loss == .bernoulli(rate: 0.05) && specs[11].seed == 2)
        #expect(specs.allSatisfy { $0.baseName == "sweep" })
        #expect(Set(specs.map(\.specHash)).count == 12)
        #expect(specs[3].matrixAssignment == [MatrixValue(path: "codec.name", value: "g711u"),
                                               MatrixValue(path: "network.loss.rate", value: "0.02"),
                                               MatrixValue(path: "seed", value: "2")])
    }

    @Test func hashIsStableAndFollowsTheText() throws {
        let a = try ScenarioLoader.parseExpanded(yaml: yaml, file: "s.yaml")
        let b = try ScenarioLoader.parseExpanded(yaml: yaml, file: "s.yaml")
        let c = try ScenarioLoader.parseExpanded(yaml: yaml.replacingOccurrences(of: "ptime_ms: 20", with: "ptime_ms: 30"), file: "s.yaml")
        #expect(a.map(\.specHash) == b.map(\.specHash))
        #expect(a[0].specHash != c[0].specHash)
    }

    @Test func badMatrixValueIsReportedWhereItIsWritten() {
        let bad = yaml.replacingOccurrences(of: "[0, 0.02, 0.05]", with: "[0, 1.5]")
        #expect {
            _ = try ScenarioLoader.parseExpanded(yaml: bad, file: "s.yaml")
        } throws: { error in
            "\(error)".hasPrefix("s.yaml:7:26: network.loss.rate = 1.5 is out of range")
        }
    }

    @Test func matrixCannotVaryTheName() {
        #expect {
            _ = try ScenarioLoader.parseExpanded(yaml: "name: a\nmatrix: {name: [x, y]}\n", file: "s.yaml")
        } throws: { error in "\(error)".hasPrefix("s.yaml:2:10: matrix cannot vary 'name'") }
    }

    @Test func parseRefusesAMatrixSpec() {
        #expect(throws: (any Error).self) { _ = try ScenarioLoader.parse(yaml: yaml, file: "s.yaml") }
    }
}
