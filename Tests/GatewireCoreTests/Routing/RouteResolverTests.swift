import Foundation
import GatewireCore
import Testing

@Suite struct RouteResolverTests {
    static let connection = ConnectionID(rawValue: "XDmENcnwIE0CFEQ=")

    /// Each situation AWS documents (or Gatewire decides where AWS is silent), with its outcome.
    static let outcomes: [(String, [String], String, RouteResolution.Outcome, RouteResolution.Reason, String?)] = [
        // value equals a route key → that route
        ("equal key", ["join", "$default"], #"{"action":"join"}"#, .matched, .matched, "join"),
        // no match, $default exists → $default
        ("no match", ["join", "$default"], #"{"action":"leave"}"#, .fellToDefault, .noSuchKey, "$default"),
        // body not JSON → $default
        ("not JSON", ["join", "$default"], "join", .fellToDefault, .notJSON, "$default"),
        // property missing → "" → $default
        ("missing", ["join", "$default"], #"{"type":"join"}"#, .fellToDefault, .propertyMissing, "$default"),
        // a stringified scalar is matched like any other value
        ("number", ["42", "$default"], #"{"action":42}"#, .matched, .matched, "42"),
        ("boolean", ["true", "$default"], #"{"action":true}"#, .matched, .matched, "true"),
        ("null", ["null", "$default"], #"{"action":null}"#, .matched, .matched, "null"),
        ("array", ["[a, b]", "$default"], #"{"action":["a","b"]}"#, .matched, .matched, "[a, b]"),
        // JSON but not an object → not evaluable → $default (our choice; AWS is silent)
        ("not object", ["join", "$default"], #"["join"]"#, .fellToDefault, .notObject, "$default"),
        // no match and no $default → Forbidden, connection stays open
        ("no default", ["join"], #"{"action":"leave"}"#, .rejected, .noSuchKey, nil),
        ("not JSON, no default", ["join"], "join", .rejected, .notJSON, nil),
        // route in config but not deployed → Forbidden (here: not in the live keys)
        ("not deployed", ["sendmessage"], #"{"action":"newroute"}"#, .rejected, .noSuchKey, nil),
        // $connect/$disconnect are never selected by the expression
        ("$connect", ["$connect", "$default"], #"{"action":"$connect"}"#, .fellToDefault, .noSuchKey, "$default"),
        ("$disconnect", ["$disconnect"], #"{"action":"$disconnect"}"#, .rejected, .noSuchKey, nil),
        // the match is exact and case-sensitive
        ("case", ["sendmessage", "$default"], #"{"action":"sendMessage"}"#, .fellToDefault, .noSuchKey, "$default"),
    ]

    @Test("each documented situation has its documented outcome", arguments: outcomes)
    func outcome(
        situation: String, keys: [String], body: String, outcome: RouteResolution.Outcome,
        reason: RouteResolution.Reason, routeKey: String?
    ) throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: keys).resolve(body)
        #expect(resolution.outcome == outcome, "\(situation)")
        #expect(resolution.reason == reason, "\(situation)")
        #expect(resolution.routeKey == routeKey, "\(situation)")
        #expect(resolution.closeCode == nil, "\(situation): the connection stays open")
        #expect((resolution.reply != nil) == (outcome == .rejected), "\(situation)")
    }

    @Test("a rejected message gets the gateway's Forbidden frame byte for byte")
    func forbiddenFrame() throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["join"])
            .resolve(#"{"action":"leave"}"#, connectionID: Self.connection, requestID: "XDmGEE2RoE0FRdQ=")
        let expected = #"{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}"#
        #expect(resolution.reply.map { Array($0.utf8) } == Array(expected.utf8))
    }

    @Test("without ids the Forbidden frame carries AWS-style placeholders")
    func forbiddenPlaceholders() throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: []).resolve("{}")
        #expect(
            resolution.reply == #"{"message": "Forbidden", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#
        )
    }

    @Test(
        "a binary message is never routed: close 1003",
        arguments: [
            [String]([]), ["$default"], ["join", "$default"],
        ])
    func binary(keys: [String]) throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: keys)
            .resolve(payload: Array(#"{"action":"join"}"#.utf8), opcode: .binary)
        #expect(resolution.outcome == .closed)
        #expect(resolution.reason == .binaryFrame)
        #expect(resolution.closeCode == 1003)
        #expect(resolution.routeKey == nil)
        #expect(resolution.value == nil)
        #expect(resolution.reply == nil)
        #expect(resolution.explanation.contains("1003"))
    }

    @Test("a static expression that matches nothing says it is static")
    func staticExpression() throws {
        let resolution = try RouteResolver.fixture("request.body.action", keys: ["join", "$default"])
            .resolve(#"{"action":"join"}"#)
        #expect(resolution.reason == .staticExpression)
        #expect(resolution.value == "request.body.action")
        #expect(resolution.outcome == .fellToDefault)
        #expect(resolution.explanation.contains("no $ variable"))
    }

    @Test("a static expression that names a route sends everything there")
    func staticMatch() throws {
        let resolution = try RouteResolver.fixture("\\$default", keys: ["join", "$default"]).resolve(
            #"{"action":"join"}"#)
        #expect(resolution.outcome == .matched)
        #expect(resolution.routeKey == "$default")
    }

    @Test("a missing expression is assumed and marked so")
    func assumed() throws {
        let resolution = try RouteResolver.fixture(nil, keys: ["join"]).resolve(#"{"action":"join"}"#)
        #expect(resolution.outcome == .matched)
        #expect(resolution.expressionAssumed)
        #expect(resolution.expression == "$request.body.action")
        #expect(resolution.explanation.contains("assumed"))
        let given = try RouteResolver.fixture("$request.body.action", keys: ["join"]).resolve(#"{"action":"join"}"#)
        #expect(!given.expressionAssumed)
    }

    @Test("a bad expression fails when the resolver is made")
    func badExpression() {
        #expect(throws: RouteSelectionExpressionError.self) {
            try RouteResolver.fixture("${request.body.action", keys: [])
        }
    }

    @Test(
        "explanations name the value, the expression and the outcome",
        arguments: [
            (
                #"{"action":"$sendPublic"}"#, ["$default"],
                [#"action "$sendPublic""#, "$request.body.action", "$default"]
            ),
            (#"{"action":"join"}"#, ["join"], [#"action "join""#, "$request.body.action", "route join"]),
            (#"{"action":"x"}"#, [], [#"action "x""#, "$request.body.action", "Forbidden"]),
            (#"{"type":"x"}"#, ["$default"], ["request.body.action", #""""#, "$default"]),
            ("hello", ["$default"], ["not JSON", "$request.body.action", "$default"]),
            ("[1]", ["$default"], ["an array", "$request.body.action", "$default"]),
        ])
    func explanation(body: String, keys: [String], fragments: [String]) throws {
        let explanation = try RouteResolver.fixture("$request.body.action", keys: keys).resolve(body).explanation
        for fragment in fragments {
            #expect(explanation.contains(fragment), "\(explanation)")
        }
    }

    @Test("a value naming a lifecycle route is explained as such")
    func lifecycleExplanation() throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["$connect", "$default"])
            .resolve(#"{"action":"$connect"}"#)
        #expect(resolution.explanation.contains("lifecycle route"))
    }

    @Test("a configuration's deployed keys decide what is live")
    func configuration() throws {
        let configuration = RouteConfiguration(
            expression: "$request.body.type", routeKeys: ["$connect", "join", "move"],
            deployedRouteKeys: ["$connect", "join"]
        )
        let resolver = try RouteResolver(configuration: configuration)
        #expect(resolver.resolve(#"{"type":"join"}"#).outcome == .matched)
        let move = resolver.resolve(#"{"type":"move"}"#)
        #expect(move.outcome == .rejected)
        #expect(move.hints.map(\.kind) == [.notDeployed])
    }

    @Test("resolutions round-trip through JSON")
    func codable() throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["sendPublic", "$default"])
            .resolve(#"{"action":"$sendPublic"}"#)
        let data = try JSONEncoder().encode(resolution)
        #expect(try JSONDecoder().decode(RouteResolution.self, from: data) == resolution)
    }
}
