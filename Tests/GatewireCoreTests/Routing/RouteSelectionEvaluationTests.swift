import GatewireCore
import Testing

/// Values come out of `RouteResolution.value`; the table holds only `$default`, so every message falls through and
/// carries the value it evaluated to.
@Suite struct RouteSelectionEvaluationTests {
    static let awsExample = #"{"service":"chat","action":"join","data":{"room":"room1234"}}"#

    /// Every row of AWS's documented example table ("Create routes for WebSocket APIs").
    static let documentedRows: [(String, String)] = [
        ("$request.body.action", "join"),
        ("${request.body.action}", "join"),
        ("${request.body.service}/${request.body.action}", "chat/join"),
        ("${request.body.action}-${request.body.invalidPath}", "join-"),
        ("action", "action"),
        ("\\$default", "$default"),
    ]

    @Test("AWS's documented examples evaluate to the documented values", arguments: documentedRows)
    func documentedExamples(expression: String, value: String) throws {
        let resolver = try RouteResolver.fixture(expression, keys: [])
        #expect(resolver.resolve(Self.awsExample).value == value)
    }

    @Test("a documented value that names a route selects it", arguments: documentedRows)
    func documentedExamplesMatch(expression: String, value: String) throws {
        let resolution = try RouteResolver.fixture(expression, keys: [value]).resolve(Self.awsExample)
        #expect(resolution.outcome == .matched)
        #expect(resolution.routeKey == value)
    }

    static let pathRows: [(String, String, String)] = [
        ("$request.body.data.room", awsExample, "room1234"),
        ("$request.body.message.type", #"{"message":{"type":"subscribe"}}"#, "subscribe"),
        ("$request.body['room id']", #"{"room id":"lobby"}"#, "lobby"),
        ("${request.body[\"a.b\"]}", #"{"a.b":"dotted","a":{"b":"nested"}}"#, "dotted"),
        ("$request.body.a.b", #"{"a.b":"dotted","a":{"b":"nested"}}"#, "nested"),
        ("$request.body.items[0].name", #"{"items":[{"name":"first"},{"name":"second"}]}"#, "first"),
        ("$request.body.items[-1].name", #"{"items":[{"name":"first"},{"name":"second"}]}"#, "second"),
        ("$request.body.items[2]", #"{"items":["a","b"]}"#, ""),
        ("$request.body.items[0]", #"{"items":{"0":"object, not array"}}"#, ""),
        ("$request.body.action.type", #"{"action":"join"}"#, ""),
        ("$request.body.action", #"{"action":"first","action":"last"}"#, "last"),
        ("$request.body.action", #"{"action":"caf\u00e9 \ud83d\ude00 \"q\""}"#, "café 😀 \"q\""),
        ("$request.body.action", " \n{ \"action\" : \"spaced\" }\t", "spaced"),
        ("$request.body.ação", #"{"ação":"unicode key"}"#, "unicode key"),
    ]

    @Test("nested paths, quoted keys and indexes read the right element", arguments: pathRows)
    func paths(expression: String, body: String, value: String) throws {
        #expect(try RouteResolver.fixture(expression, keys: []).resolve(body).value == value)
    }

    static let stringifiedRows: [(String, String)] = [
        (#"["item1","item2"]"#, "[item1, item2]"),
        (#"[1, true, null, "x", [2, "y"]]"#, "[1, true, null, x, [2, y]]"),
        ("[]", "[]"),
        ("1", "1"),
        ("1.5", "1.5"),
        ("1.50", "1.50"),
        ("-0", "-0"),
        ("1e3", "1e3"),
        ("12345678901234567890", "12345678901234567890"),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("0", "0"),
        (#"{"b":1,"a":"x"}"#, #"{"b":1,"a":"x"}"#),
        (#"[{"k":"v"}]"#, #"[{"k":"v"}]"#),
    ]

    @Test("values that are not strings are stringified as documented (json-text)", arguments: stringifiedRows)
    func stringification(json: String, value: String) throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: [])
            .resolve(#"{"action":"# + json + "}")
        #expect(resolution.value == value)
    }

    @Test("booleans and numbers stay apart: true is not 1")
    func boolIsNotNumber() throws {
        let resolver = try RouteResolver.fixture("$request.body.a/$request.body.b", keys: ["true/1"])
        #expect(resolver.resolve(#"{"a":true,"b":1}"#).outcome == .matched)
        #expect(resolver.resolve(#"{"a":1,"b":true}"#).value == "1/true")
    }

    @Test("java-to-string stringifies objects like Java's Map.toString and keeps everything else")
    func javaToString() throws {
        let resolver = try RouteResolver.fixture("$request.body.action", keys: [], stringification: .javaToString)
        #expect(resolver.resolve(#"{"action":{"a":1,"b":"x"}}"#).value == "{a=1, b=x}")
        #expect(resolver.resolve(#"{"action":[{"a":[1,"y"]}]}"#).value == "[{a=[1, y]}]")
        #expect(resolver.resolve(#"{"action":["item1","item2"]}"#).value == "[item1, item2]")
        #expect(resolver.resolve(#"{"action":1.50}"#).value == "1.50")
    }

    @Test("json-text is the default policy")
    func defaultPolicy() {
        #expect(RouteValueStringification.default == .jsonText)
    }

    @Test("$request.body alone stringifies the whole body")
    func wholeBody() throws {
        #expect(try RouteResolver.fixture("$request.body", keys: []).resolve(#"{"a": "b"}"#).value == #"{"a":"b"}"#)
    }

    static let notJSONBodies: [String] = [
        "hello", "", "   ", "{", #"{"action":"join""#, #"{"action":'join'}"#, #"{action:"join"}"#, "01",
        #"{"action":"join"} trailing"#, "[1,]", #"{"a":1,}"#, "nul", "1.", ".5", "-", "1e", "+1",
        "{\"action\":\"tab\there\"}", #"{"action":"\x"}"#, #"{"action":"\u12G4"}"#, "// comment\n{}",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ]

    @Test("bodies that are not strict JSON cannot be evaluated", arguments: notJSONBodies)
    func notJSON(body: String) throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["$default"]).resolve(body)
        #expect(resolution.reason == .notJSON)
        #expect(resolution.value == nil)
        #expect(resolution.routeKey == "$default")
    }

    @Test("invalid UTF-8 is not JSON")
    func invalidUTF8() throws {
        let resolver = try RouteResolver.fixture("$request.body.action", keys: ["$default"])
        let payload = Array(#"{"action":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(resolver.resolve(payload: payload, opcode: .text).reason == .notJSON)
    }

    @Test("a UTF-8 byte order mark is skipped and deep but bounded nesting parses")
    func leniencies() throws {
        let resolver = try RouteResolver.fixture("$request.body.action", keys: ["join"])
        let payload = [0xEF, 0xBB, 0xBF] + Array(#"{"action":"join"}"#.utf8)
        #expect(resolver.resolve(payload: payload, opcode: .text).outcome == .matched)
        let deep =
            #"{"action":"join","x":"# + String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            + "}"
        #expect(resolver.resolve(deep).outcome == .matched)
    }

    @Test("JSON that is not an object cannot be evaluated", arguments: [#""hi""#, "[1]", "3", "true", "null"])
    func notObject(body: String) throws {
        let resolution = try RouteResolver.fixture("$request.body.action", keys: ["$default"]).resolve(body)
        #expect(resolution.reason == .notObject)
        #expect(resolution.value == nil)
        #expect(resolution.outcome == .fellToDefault)
    }

    @Test("a static expression needs JSON but not an object")
    func staticExpressionBodies() throws {
        let resolver = try RouteResolver.fixture("action", keys: ["action", "$default"])
        #expect(resolver.resolve("[1]").outcome == .matched)
        #expect(resolver.resolve("not json").reason == .notJSON)
    }
}
