import GatewireCore
import Testing

@Suite struct SubscriptionDiagnosisTests {
    private typealias F = DiagnosisFixtures

    @Test("a raw +00:00 subscription and its encoded, cut-off copy form one group: + became a space, and cut off")
    func rawPlusAndCutOff() throws {
        let report = try F.diagnose([
            F.connect("c1", query: F.browserQuery, at: 0.1, id: "R1kmxc2VNjMCFIA="),
            F.connect("c2", query: F.workerQuery, at: 0.2),
        ])
        #expect(report.hasProblems)
        let group = try #require(report.missingSubscriptions.first)
        #expect(report.missingSubscriptions.count == 1)
        #expect(group.members.map(\.connection.name) == ["c1", "c2"])
        #expect(group.members[0].connection.connectionID?.rawValue == "R1kmxc2VNjMCFIA=")
        #expect(group.members[0].connection.time == F.time(0.1))
        #expect(group.differences.map(\.kind) == [.plusBecameSpace, .prefixTruncated])
        #expect(
            group.differences[0].message
                == "`+` became a space for c1 (sent raw `+`) but stayed `+` for c2 (sent `%2B`)")
        #expect(group.differences[0].connections == ["c1", "c2"])
        #expect(group.differences[0].fix.contains("cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00"))
        #expect(
            group.differences[1].message
                == "`%2B00%3A` (c2) is a cut-off prefix of `+00:00` (c1): the value from c2 stops after `+00:`, and "
                + "`00` is missing")
        #expect(group.differences[1].connections == ["c2", "c1"])
        #expect(group.differences.allSatisfy { $0.parameter == "cacheKey" })

        let browser = try #require(group.members[0].value(of: "cacheKey"))
        #expect(browser.raw == "35354-2024-08-01T19:37:55.612063+00:00")
        #expect(browser.gateway == "35354-2024-08-01T19:37:55.612063 00:00")
        #expect(browser.meant == "35354-2024-08-01T19:37:55.612063+00:00")
        let worker = try #require(group.members[1].value(of: "cacheKey"))
        #expect(worker.raw == "35354-2024-08-01T19%3A37%3A55.612063%2B00%3A")
        #expect(worker.gateway == "35354-2024-08-01T19:37:55.612063+00:")
        #expect(
            group.key == [
                .init(parameter: "serviceName", value: "boundaryAreaOverlap"),
                .init(parameter: "cacheKey", value: "35354-2024-08-01T19:37:55.612063+00:00"),
            ])
        #expect(
            group.fix.contains(
                "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00"))
    }

    @Test("keys are guessed from parameters several connections share, leaving out flags and credentials")
    func guessedKeys() throws {
        let report = try F.diagnose([
            F.connect("c1", query: F.browserQuery + "&token=abc&page=1"),
            F.connect("c2", query: F.workerQuery + "&fromClient=true&token=def&page=2"),
        ])
        #expect(report.keyParameters == ["serviceName", "cacheKey"])
        #expect(report.keyParametersGuessed)
        let unrelated = try F.diagnose([F.connect("c1", query: "conn=1"), F.connect("c2", query: "conn=2")])
        #expect(unrelated.keyParameters.isEmpty)
        #expect(!unrelated.hasProblems)
        let given = try F.diagnose([F.connect("c1", query: F.browserQuery)], keys: ["cacheKey"])
        #expect(given.keyParameters == ["cacheKey"])
        #expect(!given.keyParametersGuessed)
    }

    @Test("a whole query encoded as one value joins its group, and its keys are absent at the backend")
    func wholeQueryEncoded() throws {
        let report = try F.diagnose(
            [F.connect("c1", query: F.correctQuery), F.connect("c2", query: F.wholeEncodedQuery)],
            keys: ["serviceName", "cacheKey"])
        let group = try #require(report.missingSubscriptions.first)
        #expect(group.members.map(\.connection.name) == ["c1", "c2"])
        #expect(group.differences.map(\.kind) == [.wholeQueryEncoded])
        let difference = group.differences[0]
        #expect(difference.connections == ["c2"])
        #expect(difference.message.hasPrefix("c2 sent the whole query encoded as one value, so `=` and `&` vanished"))
        #expect(difference.message.hasSuffix("and no `serviceName` or `cacheKey` parameter"))
        #expect(difference.fix.hasPrefix("Send `serviceName=boundaryAreaOverlap&cacheKey=35354-2024"))
        let value = try #require(group.members[1].value(of: "cacheKey"))
        #expect(value.gateway == nil)
        #expect(value.meant == "35354-2024-08-01T19:37:55.612063+00:00")
        #expect(value.carriedBy == "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00")
    }

    @Test("a whole-encoded query on its own is still reported: its key can match nothing")
    func wholeQueryEncodedAlone() throws {
        let report = try F.diagnose([F.connect("c1", query: F.wholeEncodedQuery)], keys: ["cacheKey"])
        #expect(report.missingSubscriptions.map { $0.differences.map(\.kind) } == [[.wholeQueryEncoded]])
    }

    @Test("a value encoded twice reaches the backend still encoded")
    func doubleEncoded() throws {
        let report = try F.diagnose(
            [F.connect("c1", query: "cacheKey=a%2Bb"), F.connect("c2", query: "cacheKey=a%252Bb")], keys: ["cacheKey"])
        let group = try #require(report.missingSubscriptions.first)
        #expect(group.differences.map(\.kind) == [.doubleEncoded])
        #expect(group.differences[0].connections == ["c2", "c1"])
    }

    @Test(
        "keys that meet at the backend, or that differ on purpose, report nothing",
        arguments: [
            [F.correctQuery, F.correctQuery],
            ["room=1", "room=12"],
            ["cacheKey=a+b", "cacheKey=a%20b"],
            ["serviceName=a&cacheKey=x%2By", "serviceName=b&cacheKey=x+y"],
        ])
    func meeting(queries: [String]) throws {
        let events = queries.enumerated().map { F.connect("c\($0.offset + 1)", query: $0.element) }
        let report = try F.diagnose(events, keys: ["room", "serviceName", "cacheKey"])
        #expect(report.missingSubscriptions.isEmpty)
    }

    @Test("a rejected handshake subscribes to nothing, so it joins no group")
    func rejectedHandshake() throws {
        let report = try F.diagnose(
            [F.connect("c1", query: F.browserQuery), F.connect("c2", query: F.workerQuery, status: 403)],
            keys: ["cacheKey"])
        #expect(report.missingSubscriptions.isEmpty)
    }

    @Test("inputs are compared together, and their connections named file:label")
    func severalInputs() throws {
        let report = try SessionDiagnoser.diagnose(
            [
                DiagnosisInput(name: "browser.har", source: .har, events: [F.connect("c1", query: F.browserQuery)]),
                DiagnosisInput(name: "worker.jsonl", events: [F.connect("c1", query: F.workerQuery, at: 1)]),
            ], configuration: DiagnosisConfiguration(keyParameters: ["cacheKey"]))
        let group = try #require(report.missingSubscriptions.first)
        #expect(group.members.map(\.connection.name) == ["browser.har:c1", "worker.jsonl:c1"])
        #expect(group.differences.first?.message.contains("for browser.har:c1 (sent raw `+`)") == true)
        #expect(report.inputs.map(\.name) == ["browser.har", "worker.jsonl"])
        #expect(report.summary.connections == 2)
    }

    @Test("the rfc3986 policy keeps + as +, so only the cut-off remains")
    func rfc3986() throws {
        let report = try SessionDiagnoser.diagnose(
            [
                DiagnosisInput(
                    name: "s", events: [F.connect("c1", query: F.browserQuery), F.connect("c2", query: F.workerQuery)])
            ], configuration: DiagnosisConfiguration(keyParameters: ["cacheKey"], policy: .rfc3986))
        #expect(report.decoding == "rfc3986")
        #expect(report.missingSubscriptions.first?.differences.map(\.kind) == [.prefixTruncated])
    }
}
