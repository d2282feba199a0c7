import GatewireCore
import Testing

@Suite struct InterceptRuleSetTests {
    static func rule(_ spec: String, _ id: String) throws(InterceptRuleError) -> InterceptRule {
        try InterceptRule(parsing: spec, id: id)
    }

    static func message(_ payload: String, routeKey: String? = nil, from direction: Direction = .client)
        -> InterceptCandidate
    {
        InterceptCandidate(
            connection: "c1", direction: direction, opcode: .text, payload: Array(payload.utf8), routeKey: routeKey)
    }

    @Test func firstMatchingRuleWins() throws {
        let set = try InterceptRuleSet([
            try Self.rule("route=join delay 100ms", "r1"),
            try Self.rule("regex=lobby drop", "r2"),
            try Self.rule("from=client duplicate", "r3"),
        ])
        #expect(set.firstMatch(Self.message(#"{"room":"lobby"}"#, routeKey: "join"))?.id == "r1")
        #expect(set.firstMatch(Self.message(#"{"room":"lobby"}"#, routeKey: "leave"))?.id == "r2")
        #expect(set.firstMatch(Self.message(#"{"room":"hall"}"#, routeKey: "leave"))?.id == "r3")
        #expect(set.firstMatch(Self.message(#"{"room":"hall"}"#, from: .server)) == nil)
        #expect(InterceptRuleSet().firstMatch(Self.message("x")) == nil)
    }

    @Test func needsRouteKeyFollowsTheRules() throws {
        var set = try InterceptRuleSet([try Self.rule("from=client drop", "r1")])
        #expect(!set.needsRouteKey)
        try set.add(try Self.rule("route=x drop", "r2"))
        #expect(set.needsRouteKey)
        try set.replace(try Self.rule("regex=x drop", "r2"))
        #expect(!set.needsRouteKey)
        try set.replace(try Self.rule("route=y drop", "r1"))
        #expect(set.needsRouteKey)
        try set.remove(id: "r1")
        #expect(!set.needsRouteKey)
        #expect(try InterceptRuleSet([try Self.rule("route=a drop", "r1")]).needsRouteKey)
    }

    @Test func addReplaceRemoveByID() throws {
        var set = InterceptRuleSet()
        #expect(set.nextFreeID == "r1")
        try set.add(try Self.rule("drop", set.nextFreeID))
        try set.add(try Self.rule("duplicate", set.nextFreeID))
        try set.add(try Self.rule("name=slow delay 1s", set.nextFreeID))
        #expect(set.rules.map(\.id) == ["r1", "r2", "slow"])
        #expect(set.nextFreeID == "r3")
        #expect(throws: InterceptRuleError.self) { try set.add(try Self.rule("hold", "r1")) }

        let old = try set.replace(try Self.rule("fault forbidden", "r2"))
        #expect(old.action == .duplicate)
        #expect(set.rules.map(\.id) == ["r1", "r2", "slow"])
        #expect(set.rule(id: "r2")?.action == .fault(.forbidden))

        let removed = try set.remove(id: "r1")
        #expect(removed.action == .drop)
        #expect(set.rules.map(\.id) == ["r2", "slow"])
        #expect(set.nextFreeID == "r1")
        #expect(set.rule(id: "r1") == nil)

        do throws(InterceptRuleError) {
            try set.remove(id: "nope")
            Issue.record("removing an unknown rule succeeded")
        } catch {
            #expect(error.code == .unknownRule)
        }
        do throws(InterceptRuleError) {
            try set.replace(try Self.rule("drop", "nope"))
            Issue.record("replacing an unknown rule succeeded")
        } catch {
            #expect(error.code == .unknownRule)
        }
        set.removeAll()
        #expect(set.isEmpty)
    }

    @Test func duplicateIDsAreRefused() throws {
        do throws(InterceptRuleError) {
            _ = try InterceptRuleSet([try Self.rule("drop", "a"), try Self.rule("duplicate", "a")])
            Issue.record("two rules named a were accepted")
        } catch {
            #expect(error.code == .duplicateName)
        }
    }

    @Test func actionDetails() throws {
        #expect(try Self.rule("delay 1.5s", "r1").action.detail == "1500 ms")
        #expect(try Self.rule(#"set $.user "eve""#, "r1").action.detail == "set $.user")
        #expect(try Self.rule("merge {}", "r1").action.detail == "merge")
        #expect(try Self.rule("fault forbidden", "r1").action.detail == "forbidden")
        #expect(try Self.rule("hold 30s", "r1").action.detail == "timeout 30s")
        #expect(try Self.rule("drop", "r1").action.detail == nil)
    }
}
