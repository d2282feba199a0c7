import Testing

@testable import GatewireCore

@Suite struct JSONParserTests {
    private func value(_ text: String, _ parser: JSONParser = JSONParser()) throws(JSONParseError) -> JSONValue {
        try parser.parse(Array(text.utf8))
    }

    private func failure(_ bytes: [UInt8], _ parser: JSONParser = JSONParser()) -> JSONParseError? {
        #expect(throws: JSONParseError.self) { try parser.parse(bytes, as: JSONValue.self) }
    }

    private func failure(_ text: String, _ parser: JSONParser = JSONParser()) -> JSONParseError? {
        failure(Array(text.utf8), parser)
    }

    @Test(
        "an error names its line, column, byte offset and what was expected",
        arguments: [
            ("{\"a\" 1}", 1, 6, 5, "expected ':' after a key, found '1'"),
            ("{\n  \"é\": [1,\n  2 3]}", 3, 5, 18, "expected ',' or ']' in an array, found '3'"),
            ("[1, 2", 1, 6, 5, "expected ',' or ']' in an array, found the end of the file"),
            ("{1: 2}", 1, 2, 1, "expected a quoted key, found '1'"),
            ("[nul]", 1, 5, 4, "expected 'null', found ']'"),
            ("\"a\u{01}\"", 1, 3, 2, "control character byte 0x1 inside a string (write it as an escape)"),
            ("\"\\x\"", 1, 3, 2, "invalid escape '\\'x'' in a string"),
            ("\"\\u12G4\"", 1, 6, 5, "expected 4 hex digits after \\u, found 'G'"),
            ("\"abc", 1, 5, 4, "unterminated string"),
            ("-", 1, 2, 1, "expected a digit, found the end of the file"),
            ("1.", 1, 3, 2, "expected a digit, found the end of the file"),
            ("1e+", 1, 4, 3, "expected a digit, found the end of the file"),
            ("", 1, 1, 0, "expected a JSON value, found the end of the file"),
            ("// c\n{}", 1, 1, 0, "expected a JSON value, found '/'"),
            ("{'a': 1}", 1, 2, 1, "expected a quoted key, found '''"),
            ("true false", 1, 6, 5, "unexpected text after the JSON value"),
        ])
    func errorPositions(json: String, line: Int, column: Int, offset: Int, message: String) {
        let error = failure(json)
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.offset == offset)
        #expect(error?.message == message)
    }

    @Test(
        "numbers keep their exact source text",
        arguments: ["0", "-0", "1.50", "2.500e+03", "1E3", "-0.0e-0", "123456789012345678901234567890", "1e400"])
    func numbersKeepText(number: String) throws {
        #expect(try value(number) == .number(number))
        #expect(try value("[\(number)]") == .array([.number(number)]))
    }

    @Test("numbers RFC 8259 does not allow are errors", arguments: ["01", "+1", ".5", "1.", "-", "1e", "0x10", "NaN"])
    func invalidNumbers(number: String) {
        #expect(failure(number) != nil)
    }

    @Test("booleans, null, strings and numbers stay apart")
    func scalarsStayApart() throws {
        #expect(
            try value(#"[true, 1, "1", null, "true"]"#)
                == .array([.bool(true), .number("1"), .string("1"), .null, .string("true")]))
    }

    @Test("nesting up to the maximum depth parses and one level more is an error at the deeper value")
    func depthCap() throws {
        let parser = JSONParser(maximumDepth: 3)
        #expect(try value("[[1]]", parser) == .array([.array([.number("1")])]))
        #expect(
            try value(#"{"a":{"b":[]}}"#, parser)
                == .object([.init(key: "a", value: .object([.init(key: "b", value: .array([]))]))]))
        let error = failure("[[[1]]]", parser)
        #expect(error?.message == "nesting deeper than 3 levels")
        #expect(error?.offset == 3)
    }

    @Test("the default depth is 512 levels, and hostile nesting is an error rather than a crash")
    func defaultDepth() throws {
        #expect(JSONParser().maximumDepth == 512)
        func nested(_ levels: Int) -> String {
            String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
        }
        #expect(throws: Never.self) { try value(nested(512)) }
        #expect(failure(nested(513))?.message == "nesting deeper than 512 levels")
        #expect(failure(nested(100_000))?.offset == 512)
    }

    @Test("a leading byte order mark is skipped and does not count as a column")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONParser().parse(bom + Array(#"{"a":1}"#.utf8), as: JSONValue.self).member("a") == .number("1"))
        let error = failure(bom + Array("[1,]".utf8))
        #expect(error?.position == TextPosition(line: 1, column: 4))
        #expect(error?.offset == 6)
    }

    @Test("a byte order mark anywhere but the start is an error")
    func byteOrderMarkInside() {
        let error = failure(Array("[".utf8) + [0xEF, 0xBB, 0xBF] + Array("1]".utf8))
        #expect(error?.message == "expected a JSON value, found byte 0xEF")
        #expect(error?.column == 2)
    }

    @Test(
        "escaped surrogate pairs decode to one scalar in both surrogate modes",
        arguments: [JSONParser.LoneSurrogates.reject, .replace])
    func surrogatePairs(mode: JSONParser.LoneSurrogates) throws {
        let parser = JSONParser(loneSurrogates: mode)
        #expect(try value(#""\ud83d\ude00 \uD834\uDD1E""#, parser) == .string("😀 𝄞"))
    }

    @Test(
        "a lone surrogate is an error by default, at the character after it",
        arguments: [
            (#""\ud83d""#, 8, "unpaired surrogate \\uD83D"),
            (#""\ud83dx""#, 8, "unpaired surrogate \\uD83D"),
            (#""\ud83d\n""#, 9, "unpaired surrogate \\uD83D"),
            (#""\ud83d\u0041""#, 14, "unpaired surrogate \\uD83D"),
            (#""\ude00""#, 8, "unpaired surrogate \\uDE00"),
        ])
    func loneSurrogatesRejected(json: String, column: Int, message: String) {
        let error = failure(json)
        #expect(error?.column == column)
        #expect(error?.message == message)
    }

    @Test(
        "a lone surrogate becomes U+FFFD when replacing, and what follows it is read as usual",
        arguments: [
            (#""\ud83d""#, "\u{FFFD}"),
            (#""\ud83dx""#, "\u{FFFD}x"),
            (#""\ud83d\n""#, "\u{FFFD}\n"),
            (#""\ud83d\u0041""#, "\u{FFFD}A"),
            (#""\ud83d\ud83d\ude00""#, "\u{FFFD}😀"),
            (#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
        ])
    func loneSurrogatesReplaced(json: String, expected: String) throws {
        #expect(try value(json, JSONParser(loneSurrogates: .replace)) == .string(expected))
    }

    @Test("a bad escape after a lone surrogate is still an error when replacing")
    func badEscapeAfterLoneSurrogate() {
        #expect(failure(#""\ud83d\u12G4""#, JSONParser(loneSurrogates: .replace))?.column == 12)
    }

    @Test("invalid UTF-8 inside a string is an error at the string's opening quote")
    func invalidUTF8() {
        let error = failure(Array(#"{"a": "x"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
        #expect(error?.message == "invalid UTF-8 in a string")
        #expect(error?.position == TextPosition(line: 1, column: 7))
        #expect(error?.offset == 6)
    }

    @Test("duplicate keys are all kept in document order")
    func duplicateKeys() throws {
        let json = #"{"a": 1, "b": 2, "a": 3}"#
        let body = try value(json)
        #expect(
            body
                == .object([
                    .init(key: "a", value: .number("1")), .init(key: "b", value: .number("2")),
                    .init(key: "a", value: .number("3")),
                ]))
        #expect(body.member("a") == .number("3"))
        let node = try JSONParser().parse(Array(json.utf8), as: ConfigNode.self)
        #expect(node.entries?.map(\.key) == ["a", "b", "a"])
        #expect(node.entries?.compactMap(\.value.scalarText) == ["1", "2", "3"])
    }

    @Test("whitespace is only space, tab, line feed and carriage return")
    func whitespace() throws {
        #expect(try value(" \t\r\n[ 1 ,\n2 ] \n") == .array([.number("1"), .number("2")]))
        #expect(failure("\u{0C}[]")?.message == "expected a JSON value, found byte 0xC")
        #expect(failure("[1,\u{A0}2]") != nil)
    }
}
