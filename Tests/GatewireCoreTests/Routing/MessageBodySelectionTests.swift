import Testing

@testable import GatewireCore

/// Route selection reads only the selected elements of a body (`MessageBodySelection`); these check it against the
/// evaluation on the whole parsed body, which it must match exactly.
@Suite struct MessageBodySelectionTests {
    static let expressions = [
        "$request.body.action", "${request.body.service}/${request.body.action}", "$request.body.a.b",
        "${request.body.a}-${request.body.a.b}", "$request.body.items[1]", "$request.body.items[0].name",
        "$request.body['room id']", "$request.body", "action", "\\$default", "$request.body.items[-1]",
    ]

    static let bodies = [
        #"{"action":"join"}"#, #"{"seq":1,"action":"bench","pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        #"{"action":"join","action":"leave"}"#, #"{"a":{"b":1},"a":2}"#, #"{"a":2,"a":{"b":[1,"x"]}}"#,
        #"{"a":{"b":1,"b":{"c":null}}}"#, #"{"service":"chat","action":"send"}"#, #"{"service":"chat"}"#,
        #"{"items":[{"name":"x"},{"name":"y"}]}"#, #"{"items":{"0":{"name":"x"}}}"#, #"{"items":[]}"#,
        #"{"room id":"r1"}"#, #"{"act\u0069on":"esc\"aped"}"#, #"{"action":"a\ud83db"}"#,
        #"{"action":{"x":[1,2,{"y":true}]},"b":false}"#, "\u{FEFF}{\"action\":\"bom\"}", " \n{ \"action\" : 1.50e3 } ",
        #"{"action":"join"} x"#, #"{"action":"join","pad":"bad \x"}"#, #"{"action":"join","pad":"\u12G4"}"#,
        #"{"action":"join","n":01}"#, #"{"action":"join","n":1.}"#, #"{"action":"join","n":-}"#,
        #"{"action":"join","t":tru}"#, #"{"action":"join",}"#, #"{"action":"join""#, #"{"action":"jo"#,
        #"{"action":"join","l":[1,]}"#, #"{"action":"join","o":{"a" 1}}"#, "{\"action\":\"join\",\"c\":\"a\u{01}b\"}",
        #""hi""#, "[1]", "3", "true", "null", "", "{", "[{\"action\":\"x\"}]", #"{"action":"ü","k":"€𝄞"}"#,
    ]

    static let invalidUTF8Bodies: [[UInt8]] = [
        Array(#"{"action":"join","pad":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8),
        Array(#"{"action":"join","pad":"a"#.utf8) + [0xE2, 0x82] + Array(#"\n"}"#.utf8),
        Array(#"{"action":"join","pad":"\n"#.utf8) + [0x80] + Array(#"x"}"#.utf8),
        Array(#"{"pad":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#"","action":"join"}"#.utf8),
    ]

    private func nested(_ levels: Int, around inner: String = "") -> [UInt8] {
        Array(
            (#"{"action":"x","deep":"# + String(repeating: "[", count: levels) + inner
                + String(repeating: "]", count: levels) + "}").utf8)
    }

    @Test("every expression evaluates every body as the parsed tree does", arguments: expressions)
    func sameAsTree(expression source: String) throws {
        let expression = try RouteSelectionExpression(source)
        var payloads = Self.bodies.map { Array($0.utf8) } + Self.invalidUTF8Bodies
        payloads += [nested(JSONValue.maximumDepth), nested(JSONValue.maximumDepth + 1), nested(510, around: "{}")]
        for payload in payloads {
            for stringification in RouteValueStringification.allCases {
                let selected = expression.evaluate(payload: payload, stringification: stringification)
                let parsed = expression.evaluateParsedBody(payload: payload, stringification: stringification)
                #expect(selected == parsed, "\(source) on \(String(decoding: payload, as: UTF8.self))")
            }
        }
    }

    @Test("a body nested one level too deep is not JSON, as in the tree")
    func depthLimit() throws {
        let expression = try RouteSelectionExpression("$request.body.action")
        let tooDeep = nested(JSONValue.maximumDepth + 1)
        #expect(expression.evaluate(payload: tooDeep, stringification: .default) == .notJSON)
        #expect(expression.evaluate(payload: nested(JSONValue.maximumDepth), stringification: .default) != .notJSON)
    }

    @Test("only paths without a negative index are read selectively")
    func supportedPaths() throws {
        #expect(MessageBodySelection.supports(try RouteSelectionExpression("$request.body.items[0]").variables))
        #expect(!MessageBodySelection.supports(try RouteSelectionExpression("$request.body.items[-1]").variables))
    }
}
