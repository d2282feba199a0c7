import GatewireCore
import Testing

/// The five bundled seed systems: their expressions, route keys and the messages their clients send.
@Suite struct SeedScenarioRoutingTests {
    @Test(
        "geoprocessing: $request.body.message selects sendmessage",
        arguments: [
            (
                #"{"message":"sendmessage","data":{"task":"t1"}}"#, RouteResolution.Outcome.matched,
                "sendmessage" as String?
            ),
            (#"{"action":"sendmessage"}"#, .rejected, nil),
        ])
    func geoprocessing(body: String, outcome: RouteResolution.Outcome, routeKey: String?) throws {
        let resolver = try RouteResolver.fixture(
            "$request.body.message", keys: ["$connect", "$disconnect", "sendmessage"]
        )
        let resolution = resolver.resolve(body)
        #expect(resolution.outcome == outcome)
        #expect(resolution.routeKey == routeKey)
        if outcome == .rejected {
            #expect(resolution.reason == .propertyMissing)
            #expect(resolution.hints.map(\.kind) == [.otherProperty])
            #expect(resolution.explanation.contains("did you mean $request.body.action?"))
            #expect(resolution.reply?.hasPrefix(#"{"message": "Forbidden""#) == true)
        }
    }

    @Test("channel server: $request.body.type selects join, publish and ping", arguments: ["join", "publish", "ping"])
    func channelServer(type: String) throws {
        let resolver = try RouteResolver.fixture("$request.body.type", keys: ["join", "publish", "ping"])
        let resolution = resolver.resolve(#"{"type":"# + JSONText.quote(type) + #","channel":"news"}"#)
        #expect(resolution.outcome == .matched)
        #expect(resolution.routeKey == type)
    }

    @Test("simple backend: $request.body.action selects sendmessage; sendMessage is a case-only miss")
    func simpleBackend() throws {
        let resolver = try RouteResolver.fixture(
            "$request.body.action", keys: ["$connect", "$disconnect", "sendmessage"]
        )
        #expect(resolver.resolve(#"{"action":"sendmessage","data":"hello"}"#).routeKey == "sendmessage")
        let miss = resolver.resolve(#"{"action":"sendMessage","data":"hello"}"#)
        #expect(miss.outcome == .rejected)
        #expect(miss.hints.first?.kind == .caseOnly)
        #expect(miss.hints.first?.routeKey == "sendmessage")
    }

    @Test(
        "naughts and crosses: ${request.body.type} selects start, join and move", arguments: ["start", "join", "move"])
    func naughtsAndCrosses(type: String) throws {
        let resolver = try RouteResolver.fixture("${request.body.type}", keys: ["start", "join", "move"])
        let resolution = resolver.resolve(#"{"type":"# + JSONText.quote(type) + #","gameId":"g1","cell":4}"#)
        #expect(resolution.outcome == .matched)
        #expect(resolution.routeKey == type)
    }

    @Test("chat: custom keys match and \"$sendPublic\" lands on $default with a leading-dollar hint")
    func chat() throws {
        let resolver = try RouteResolver.fixture(
            "$request.body.action",
            keys: ["$connect", "$disconnect", "setName", "sendPublic", "sendPrivate", "$default"]
        )
        for key in ["setName", "sendPublic", "sendPrivate"] {
            #expect(resolver.resolve(#"{"action":"# + JSONText.quote(key) + "}").routeKey == key)
        }
        let resolution = resolver.resolve(#"{"action":"$sendPublic","message":"hi all"}"#)
        #expect(resolution.outcome == .fellToDefault)
        #expect(resolution.routeKey == "$default")
        #expect(resolution.reason == .noSuchKey)
        #expect(resolution.value == "$sendPublic")
        #expect(resolution.hints.map(\.kind) == [.leadingDollar])
        #expect(resolution.hints.first?.routeKey == "sendPublic")
        #expect(resolution.explanation.contains(#"action "$sendPublic" matches no route key"#))
        #expect(resolution.explanation.contains("sent to $default"))
    }
}
