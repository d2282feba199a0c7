import GatewireCore
import Testing

@Suite struct InterceptMatchTests {
    static func message(
        _ payload: String, connection: String = "c1", from direction: Direction = .client, opcode: Opcode = .text,
        routeKey: String? = nil
    ) -> InterceptCandidate {
        InterceptCandidate(
            connection: connection, direction: direction, opcode: opcode, payload: Array(payload.utf8),
            routeKey: routeKey)
    }

    static func match(_ spec: String) throws -> MessageMatch {
        try InterceptRule(parsing: spec + " drop", id: "r1").match
    }

    @Test func emptyMatchTakesEveryDataMessageButNoControlFrame() throws {
        let match = MessageMatch()
        #expect(match.matches(Self.message("x")))
        #expect(match.matches(Self.message("x", from: .server, opcode: .binary)))
        #expect(!match.matches(Self.message("x", opcode: .ping)))
        #expect(!match.matches(Self.message("", opcode: .close)))
    }

    @Test func routeKeyIsComparedExactly() throws {
        let match = try Self.match("route=sendmessage")
        #expect(match.needsRouteKey)
        #expect(match.matches(Self.message("{}", routeKey: "sendmessage")))
        #expect(!match.matches(Self.message("{}", routeKey: "sendMessage")))
        #expect(!match.matches(Self.message("{}", routeKey: "sendmessage2")))
        #expect(!match.matches(Self.message("{}", routeKey: nil)))
        #expect(!(try Self.match("from=client")).needsRouteKey)
    }

    @Test func connectionAndDirection() throws {
        let match = try Self.match("connection=c2 from=server")
        #expect(match.matches(Self.message("a", connection: "c2", from: .server)))
        #expect(!match.matches(Self.message("a", connection: "c2", from: .client)))
        #expect(!match.matches(Self.message("a", connection: "c1", from: .server)))
        #expect(!match.matches(Self.message("a", connection: "c22", from: .server)))
    }

    @Test func regexIsSearchedAnywhereInThePayloadText() throws {
        let match = try Self.match(#"regex=p[io]ng\b"#)
        #expect(match.matches(Self.message(#"{"action":"ping"}"#)))
        #expect(match.matches(Self.message("pong", opcode: .binary)))
        #expect(match.matches(Self.message("pingpong!")))
        #expect(!match.matches(Self.message("pang")))
        #expect(!match.matches(Self.message("pings")))
        let anchored = try Self.match("regex=^hello$")
        #expect(anchored.matches(Self.message("hello")))
        #expect(!anchored.matches(Self.message("say hello")))
        let unicode = try Self.match("regex=café")
        #expect(unicode.matches(Self.message("un café noir")))
    }

    @Test func pathExistsInTheJSONBody() throws {
        let match = try Self.match("path=$.data.items[0]")
        #expect(match.matches(Self.message(#"{"data":{"items":[null]}}"#)))
        #expect(!match.matches(Self.message(#"{"data":{"items":[]}}"#)))
        #expect(!match.matches(Self.message(#"{"data":{}}"#)))
        #expect(!match.matches(Self.message("data items")))
        // Binary messages are not JSON to the gateway.
        #expect(!match.matches(Self.message(#"{"data":{"items":[1]}}"#, opcode: .binary)))
    }

    @Test func pathValueIsStringifiedAsRouteSelectionDoes() throws {
        #expect(try Self.match("path=$.action==admin").matches(Self.message(#"{"action":"admin"}"#)))
        #expect(!(try Self.match("path=$.action==admin")).matches(Self.message(#"{"action":"admins"}"#)))
        #expect(try Self.match("path=$.n==1.50").matches(Self.message(#"{"n":1.50}"#)))
        #expect(!(try Self.match("path=$.n==1.5")).matches(Self.message(#"{"n":1.50}"#)))
        #expect(try Self.match("path=$.ok==true").matches(Self.message(#"{"ok":true}"#)))
        #expect(try Self.match("path=$.v==null").matches(Self.message(#"{"v":null}"#)))
        #expect(try Self.match(#"path=$.a=="[x, 2]""#).matches(Self.message(#"{"a":["x",2]}"#)))
        #expect(try Self.match(#"path=$.o=={"k":1}"#).matches(Self.message(#"{"o":{"k":1}}"#)))
        // The last of repeated keys is the one read.
        #expect(try Self.match("path=$.a==2").matches(Self.message(#"{"a":1,"a":2}"#)))
    }

    @Test func everyCriterionMustHold() throws {
        let match = try Self.match("route=join connection=c1 from=client regex=lobby path=$.room==lobby")
        let good = Self.message(#"{"action":"join","room":"lobby"}"#, routeKey: "join")
        #expect(match.matches(good))
        var other = good
        other.routeKey = "leave"
        #expect(!match.matches(other))
        other = good
        other.connection = "c9"
        #expect(!match.matches(other))
        other = good
        other.direction = .server
        #expect(!match.matches(other))
        #expect(!match.matches(Self.message(#"{"action":"join","room":"hall","note":"lobby"}"#, routeKey: "join")))
        #expect(!match.matches(Self.message(#"{"action":"join","room":"l0bby"}"#, routeKey: "join")))
    }

    @Test func invalidPatternIsRefusedAtCreation() {
        #expect(throws: InterceptRuleError.self) { try MessageMatch(pattern: "(") }
        var match = MessageMatch()
        #expect(throws: InterceptRuleError.self) { try match.setPattern("[") }
        #expect(match.pattern == nil)
        #expect(throws: InterceptRuleError.self) { try MessageMatch(jsonValue: "x") }
    }

    @Test func matchesWithTheSamePatternAreEqual() throws {
        #expect(try MessageMatch(pattern: "a+") == (try MessageMatch(pattern: "a+")))
        #expect(try MessageMatch(pattern: "a+") != (try MessageMatch(pattern: "a*")))
        #expect(Set([try MessageMatch(pattern: "a+"), try MessageMatch(pattern: "a+")]).count == 1)
    }
}
