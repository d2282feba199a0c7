import Testing

@testable import GatewireCore

@Suite struct ConfigNodeJSONTests {
    private func parse(_ text: String) throws(JSONParseError) -> ConfigNode {
        try JSONParser().parse(Array(text.utf8))
    }

    @Test("object keys keep their file order")
    func keyOrder() throws {
        let node = try parse(#"{"z": 1, "a": 2, "m": 3, "b": 4}"#)
        #expect(node.entries?.map(\.key) == ["z", "a", "m", "b"])
    }

    @Test(
        "escapes decode, including surrogate pairs",
        arguments: [
            (#""a\"b\\c\/d""#, "a\"b\\c/d"),
            (#""\n\t\r\b\f""#, "\n\t\r\u{08}\u{0C}"),
            (#""caf\u00e9 \u20AC""#, "café €"),
            (#""\ud83d\ude00""#, "😀"),
            (#""raw é and 😀""#, "raw é and 😀"),
        ])
    func escapes(json: String, expected: String) throws {
        #expect(try parse(json).scalarText == expected)
    }

    @Test("scalars keep their kind and numbers their text")
    func scalars() throws {
        let node = try parse(#"[1, -0.5e+3, true, false, null, "x"]"#)
        #expect(
            node.elements?.map(\.kindDescription) == [
                "a number", "a number", "a boolean", "a boolean", "null",
                "a string",
            ])
        #expect(node.elements?[1].scalarText == "-0.5e+3")
        #expect(node.elements?[4].scalarText == nil)
    }

    @Test(
        "errors carry the line and column of the offending character",
        arguments: [
            ("{\"a\": 1,}", 1, 9),
            ("[1,\n 2,\n  ,3]", 3, 3),
            ("{\"a\": tru}", 1, 10),
            ("{\"a\": \"x\ny\"}", 1, 9),
            ("{\"a\": \"\\q\"}", 1, 9),
            ("\"\\ud83d\"", 1, 8),
            ("{\"é\": 01}", 1, 8),
            ("{} {}", 1, 4),
            ("[1, 2", 1, 6),
        ])
    func errors(json: String, line: Int, column: Int) {
        let error = #expect(throws: JSONParseError.self) { try parse(json) }
        #expect(error?.position == TextPosition(line: line, column: column))
    }

    @Test("positions of values are recorded")
    func positions() throws {
        let node = try parse("{\n  \"a\": [\n    true\n  ]\n}")
        #expect(node.position == TextPosition(line: 1, column: 1))
        #expect(node["a"]?.position == TextPosition(line: 2, column: 8))
        #expect(node["a"]?.elements?.first?.position == TextPosition(line: 3, column: 5))
    }
}
