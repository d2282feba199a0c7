import GatewireCore
import Testing

@Suite struct NearMissHintTests {
    static let chatKeys = ["$connect", "$disconnect", "sendmessage", "setName", "ping", "caf\u{E9}", "$default"]

    static let hints: [(String, NearMissHint.Kind, String)] = [
        ("sendMessage", .caseOnly, "sendmessage"),
        ("SENDMESSAGE", .caseOnly, "sendmessage"),
        ("sendmessage ", .whitespace, "sendmessage"),
        ("\tsendmessage\n", .whitespace, "sendmessage"),
        ("$sendmessage", .leadingDollar, "sendmessage"),
        ("'sendmessage'", .quoted, "sendmessage"),
        ("\"setName\"", .quoted, "setName"),
        ("sendmesage", .editDistance, "sendmessage"),
        ("sendmessgae", .editDistance, "sendmessage"),
        ("setNmae", .editDistance, "setName"),
        ("pong", .editDistance, "ping"),
        ("pings", .editDistance, "ping"),
        // Equal to the key as Swift strings, not in bytes: e and a combining accent against é as one scalar.
        ("cafe\u{301}", .unicodeForm, "caf\u{E9}"),
    ]

    @Test("a near miss names the key and what is different", arguments: hints)
    func hint(value: String, kind: NearMissHint.Kind, routeKey: String) throws {
        let body = #"{"action":"# + JSONText.quote(value) + "}"
        let resolution = try RouteResolver.fixture("$request.body.action", keys: Self.chatKeys).resolve(body)
        #expect(resolution.outcome == .fellToDefault)
        let first = try #require(resolution.hints.first)
        #expect(first.kind == kind)
        #expect(Array(first.routeKey.utf8) == Array(routeKey.utf8))
        #expect(first.message.contains(routeKey))
        #expect(resolution.explanation.contains(first.message))
    }

    static let noHints: [String] = [
        "", "join", "xyz", "sendmessage2000", "pi", "g", "connect", "$connect", "disconnect", "default", "$Default",
    ]

    @Test("unrelated values, reserved keys and empty values get no hint", arguments: noHints)
    func noHint(value: String) throws {
        let body = #"{"action":"# + JSONText.quote(value) + "}"
        let resolution = try RouteResolver.fixture("$request.body.action", keys: Self.chatKeys).resolve(body)
        #expect(resolution.hints.isEmpty, "\(resolution.hints)")
    }

    @Test("an exact match carries no hint")
    func matchedHasNoHints() throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["ping", "pong"])
            .resolve(#"{"action":"ping"}"#)
        #expect(resolution.outcome == .matched)
        #expect(resolution.hints.isEmpty)
    }

    @Test("a key configured but not deployed is named first")
    func notDeployed() throws {
        let resolver = try RouteResolver.fixture(
            "$request.body.action", keys: ["sendmessage"], undeployed: ["newroute"])
        let resolution = resolver.resolve(#"{"action":"newroute"}"#)
        #expect(resolution.outcome == .rejected)
        #expect(resolution.hints.first?.kind == .notDeployed)
        #expect(resolution.hints.first?.routeKey == "newroute")
        #expect(resolution.explanation.contains("redeploy"))
    }

    @Test("an undeployed $default is named when nothing catches the message")
    func undeployedDefault() throws {
        let resolver = try RouteResolver.fixture("$request.body.action", keys: ["join"], undeployed: ["$default"])
        let resolution = resolver.resolve(#"{"action":"leave"}"#)
        #expect(resolution.outcome == .rejected)
        #expect(resolution.hints.map(\.kind) == [.notDeployed])
        #expect(resolution.hints.map(\.routeKey) == ["$default"])
    }

    @Test(
        "a route key in a property the expression does not read is named",
        arguments: [
            (#"{"action":"sendmessage"}"#, "$request.body.message", ["sendmessage"]),
            (#"{"message":"hi","route key":"ping"}"#, "$request.body.message", ["ping"]),
            (#"{"message":"sendmessage","action":"ping"}"#, "${request.body.message}-x", ["ping"]),
        ])
    func otherProperty(body: String, expression: String, routeKeys: [String]) throws {
        let resolution = try RouteResolver.fixture(expression, keys: Self.chatKeys).resolve(body)
        #expect(resolution.hints.filter { $0.kind == .otherProperty }.map(\.routeKey) == routeKeys)
    }

    static let notOtherProperty: [(String, String)] = [
        (#"{"message":"sendmessage ","action":"x"}"#, "$request.body.message"),
        (#"{"message":"x","action":1}"#, "$request.body.message"),
        (#"{"message":"x","action":"$connect"}"#, "$request.body.message"),
        (#"{"message":"x","action":"unknown"}"#, "$request.body.message"),
        (#"{"action":"ping"}"#, "pong"),
    ]

    @Test(
        "read properties, non-strings, lifecycle keys and static expressions get no other-property hint",
        arguments: notOtherProperty
    )
    func noOtherProperty(body: String, expression: String) throws {
        let resolution = try RouteResolver.fixture(expression, keys: Self.chatKeys).resolve(body)
        #expect(!resolution.hints.contains { $0.kind == .otherProperty })
    }

    @Test("hints across keys come most specific first")
    func ordering() throws {
        let resolver = try RouteResolver.fixture("$request.body.action", keys: ["Jion", "join", "$default"])
        let resolution = resolver.resolve(#"{"action":"jion"}"#)
        #expect(resolution.hints.map(\.kind) == [.caseOnly, .editDistance])
        #expect(resolution.hints.map(\.routeKey) == ["Jion", "join"])
    }
}

/// Quotes test values as JSON string literals.
enum JSONText {
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
