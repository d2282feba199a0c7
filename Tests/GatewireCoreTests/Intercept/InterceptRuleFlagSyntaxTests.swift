import GatewireCore
import Testing

@Suite struct InterceptRuleFlagSyntaxTests {
    static func rule(_ spec: String) throws -> InterceptRule {
        try InterceptRule(parsing: spec, id: "r1")
    }

    static func code(_ spec: String) -> InterceptRuleError.Code? {
        do throws(InterceptRuleError) {
            _ = try InterceptRule(parsing: spec, id: "r1")
            return nil
        } catch {
            return error.code
        }
    }

    static func message(_ spec: String) -> String {
        do throws(InterceptRuleError) {
            _ = try InterceptRule(parsing: spec, id: "r1")
            return ""
        } catch {
            return error.message
        }
    }

    @Test func routeDrop() throws {
        let rule = try Self.rule("route=sendmessage drop")
        #expect(rule.id == "r1")
        #expect(rule.match == (try MessageMatch(routeKey: "sendmessage")))
        #expect(rule.action == .drop)
    }

    @Test func directionRegexDelay() throws {
        let rule = try Self.rule("from=client regex=ping delay 200ms")
        #expect(rule.match.direction == .client)
        #expect(rule.match.pattern == "ping")
        #expect(rule.action == .delay(milliseconds: 200))
    }

    @Test(arguments: [
        ("delay 200ms", 200), ("delay 1.5s", 1500), ("delay 250", 250), ("delay 2m", 120_000), ("delay 0", 0),
        ("delay 600000ms", 600_000), ("delay 10m", 600_000),
    ])
    func delayDurations(spec: String, milliseconds: Int) throws {
        #expect(try Self.rule(spec).action == .delay(milliseconds: milliseconds))
    }

    @Test func everyAction() throws {
        #expect(try Self.rule("drop").action == .drop)
        #expect(try Self.rule("duplicate").action == .duplicate)
        #expect(try Self.rule("hold").action == .hold(timeoutSeconds: nil))
        #expect(try Self.rule("hold 30s").action == .hold(timeoutSeconds: 30))
        #expect(try Self.rule("hold 45").action == .hold(timeoutSeconds: 45))
        #expect(try Self.rule("hold 1500ms").action == .hold(timeoutSeconds: 1.5))
        #expect(try Self.rule("fault forbidden").action == .fault(.forbidden))
        #expect(try Self.rule("fault internal-server-error").action == .fault(.internalServerError))
        #expect(
            try Self.rule(#"route=join merge {"room": "lobby", "n": 1.50}"#).action
                == .rewrite(.merge(patch: try RewriteJSON(parsing: #"{"room":"lobby","n":1.50}"#))))
        #expect(
            try Self.rule(#"set $.user "eve""#).action
                == .rewrite(.set(path: BodyPath(segments: [.key("user")]), value: try RewriteJSON(parsing: #""eve""#))))
        #expect(
            try Self.rule(#"set $.a[0]["b c"] {"x": [1, 2]}"#).action
                == .rewrite(
                    .set(
                        path: BodyPath(segments: [.key("a"), .index(0), .key("b c")]),
                        value: try RewriteJSON(parsing: #"{"x":[1,2]}"#))))
    }

    @Test func pathAndComparedValue() throws {
        let rule = try Self.rule("path=$.action==admin fault forbidden")
        #expect(rule.match.jsonPath == BodyPath(segments: [.key("action")]))
        #expect(rule.match.jsonValue == "admin")
        #expect(rule.action == .fault(.forbidden))
        let bare = try Self.rule("path=$.data.items[0] drop")
        #expect(bare.match.jsonPath == BodyPath(segments: [.key("data"), .key("items"), .index(0)]))
        #expect(bare.match.jsonValue == nil)
        let quoted = try Self.rule(#"path=$["room id"]=="the lobby" drop"#)
        #expect(quoted.match.jsonPath == BodyPath(segments: [.key("room id")]))
        #expect(quoted.match.jsonValue == "the lobby")
        #expect(try Self.rule("path=$.n== drop").match.jsonValue == "")
    }

    @Test func nameAndConnection() throws {
        let rule = try Self.rule("name=slow route=x connection=c2 from=server delay 1s")
        #expect(rule.id == "slow")
        #expect(rule.match.routeKey == "x")
        #expect(rule.match.connection == "c2")
        #expect(rule.match.direction == .server)
        #expect(rule.action == .delay(milliseconds: 1000))
    }

    @Test func noMatchTokensMatchesEverything() throws {
        let rule = try Self.rule("  drop  ")
        #expect(rule.match.matchesEverything)
        #expect(rule.match == MessageMatch())
    }

    @Test func quotedValuesMayHoldSpaces() throws {
        let rule = try Self.rule(#"route="send message" regex=a\sb drop"#)
        #expect(rule.match.routeKey == "send message")
        #expect(rule.match.pattern == #"a\sb"#)
    }

    @Test func breakpointSpecs() throws {
        #expect(
            try InterceptRule(parsingBreakpoint: "route=join", id: "b1")
                == (try InterceptRule(
                    id: "b1", match: MessageMatch(routeKey: "join"), action: .hold(timeoutSeconds: nil))))
        #expect(
            try InterceptRule(parsingBreakpoint: "route=join 30s", id: "b1").action == .hold(timeoutSeconds: 30))
        #expect(
            try InterceptRule(parsingBreakpoint: "route=join hold 2m", id: "b1").action == .hold(timeoutSeconds: 120))
        #expect(try InterceptRule(parsingBreakpoint: "", id: "b1").match.matchesEverything)
        #expect(throws: InterceptRuleError.self) { try InterceptRule(parsingBreakpoint: "route=x drop", id: "b1") }
    }

    static let roundTrips = [
        "route=sendmessage drop",
        "from=client regex=ping delay 200ms",
        #"route=join merge {"room": "lobby", "n": 1.50, "deep": {"z": null}}"#,
        "path=$.action==admin fault forbidden",
        "name=slow route=x delay 1s",
        "connection=c1 from=server duplicate",
        "hold", "hold 1.5s", "fault internal-server-error",
        #"set $.user "eve""#,
        #"path=$["a b"].c[-1]=="x \"y\"" set $["odd\"key"][0] [1,true,null]"#,
        #"route="two words" regex="a\"b c" drop"#,
        #"regex=\d+\s*\" drop"#,
        "path=$ drop",
    ]

    @Test(arguments: roundTrips)
    func specTextRoundTrips(spec: String) throws {
        let rule = try Self.rule(spec)
        let again = try InterceptRule(parsing: rule.specText, id: "other")
        #expect(again == rule, "\(rule.specText)")
    }

    @Test func specTextIsCanonical() throws {
        #expect(try Self.rule("delay 1.5s").specText == "name=r1 delay 1500ms")
        #expect(
            try Self.rule(#"regex=hi from=client route=a path=$.x==1 merge { "a" : 1.0 }"#).specText
                == #"name=r1 route=a from=client regex=hi path=$.x==1 merge {"a":1.0}"#)
        #expect(try Self.rule("hold 90").specText == "name=r1 hold 90s")
    }

    @Test(arguments: [
        ("rout=x drop", InterceptRuleError.Code.unknownKey),
        ("route=x route=y drop", .duplicateKey),
        ("route= drop", .invalidValue),
        ("from=browser drop", .invalidValue),
        ("name=has/slash drop", .invalidValue),
        (#"route="open drop"#, .invalidValue),
        ("regex=a( drop", .invalidPattern),
        ("regex=[z-a] drop", .invalidPattern),
        ("path=a.b drop", .invalidPath),
        ("path=$.a..b drop", .invalidPath),
        ("path=$.* drop", .invalidPath),
        ("path=$.a[ drop", .invalidPath),
        ("path=$.a-b drop", .invalidPath),
        ("route=x", .unknownAction),
        ("", .unknownAction),
        ("route=x block", .unknownAction),
        ("route=x rewrite {}", .unknownAction),
        ("delay", .invalidArgument),
        ("delay soon", .invalidArgument),
        ("delay 5h", .invalidArgument),
        ("delay -5ms", .invalidArgument),
        ("delay 1.5ms", .invalidArgument),
        ("delay 200 ms", .invalidArgument),
        ("delay 600001ms", .outOfRange),
        ("delay 11m", .outOfRange),
        ("hold 0s", .outOfRange),
        ("hold 3601", .outOfRange),
        ("hold 2h", .invalidArgument),
        ("drop now", .invalidArgument),
        ("duplicate 2", .invalidArgument),
        ("fault", .invalidArgument),
        ("fault idle-timeout", .invalidFault),
        ("fault gone", .invalidFault),
        ("fault teapot", .invalidFault),
        ("merge", .invalidArgument),
        ("merge {room:1}", .invalidArgument),
        ("set $.user eve", .invalidArgument),
        ("set $.user", .invalidArgument),
        (#"set user "eve""#, .invalidPath),
    ])
    func errors(spec: String, code: InterceptRuleError.Code) {
        #expect(Self.code(spec) == code, "\(Self.message(spec))")
    }

    @Test func errorsNameTheTokenAndWhatWasExpected() {
        let unknownKey = Self.message("rout=x drop")
        #expect(unknownKey.contains("\"rout=x\""))
        #expect(unknownKey.contains("route="))
        let badDuration = Self.message("delay soon")
        #expect(badDuration.contains("\"soon\""))
        #expect(badDuration.contains("200ms"))
        let fault = Self.message("fault idle-timeout")
        #expect(fault.contains("idle-timeout"))
        #expect(fault.contains("forbidden or internal-server-error"))
        let action = Self.message("route=x block")
        #expect(action.contains("\"block\""))
        #expect(action.contains("drop, delay"))
        #expect(Self.message("route = x drop").contains("key=value"))
        #expect(Self.message("path=$.a-b drop").contains("path=$.a-b"))
        #expect(Self.message("regex=a( drop").contains("a("))
        #expect(Self.message("drop route=x").contains("match tokens go before the action"))
    }
}
