import GatewireCore
import Testing

/// The `$`-rooted entry point of `BodyPath` that interception rules use.
@Suite struct InterceptJSONPathTests {
    @Test(arguments: [
        ("$", [BodyPath.Segment]()),
        ("$.a.b", [.key("a"), .key("b")]),
        ("$.a.b[0]", [.key("a"), .key("b"), .index(0)]),
        ("$.items[-1].name", [.key("items"), .index(-1), .key("name")]),
        ("$['room id']", [.key("room id")]),
        (#"$["a.b"][2]"#, [.key("a.b"), .index(2)]),
        ("$[0]", [.index(0)]),
    ])
    func parses(text: String, segments: [BodyPath.Segment]) throws {
        let path = try BodyPath(jsonPath: text)
        #expect(path.segments == segments)
        #expect(try BodyPath(jsonPath: path.jsonPathText) == path)
    }

    @Test func canonicalText() throws {
        #expect(try BodyPath(jsonPath: "$['a'][\"b c\"][3]").jsonPathText == #"$.a["b c"][3]"#)
        #expect(BodyPath(segments: [.key(#"q"\"#)]).jsonPathText == #"$["q\"\\"]"#)
        #expect(try BodyPath(jsonPath: #"$["q\"\\"]"#).segments == [.key(#"q"\"#)])
    }

    @Test(arguments: [
        "", "a.b", "$.", "$..a", "$.*", "$[*]", "$[0:2]", "$['a','b']", "$.a-b", "$a", "$.a[", "$.a ", "$['x",
    ])
    func rejects(text: String) {
        #expect(throws: RouteSelectionExpressionError.self) { try BodyPath(jsonPath: text) }
    }
}
