import Testing

@testable import GatewireCore

@Suite struct JSONValueMessageBodyTests {
    private func nested(_ levels: Int) -> [UInt8] {
        Array((String(repeating: "[", count: levels) + String(repeating: "]", count: levels)).utf8)
    }

    @Test("a body may nest 512 levels below its own value, and deeper is not JSON")
    func depth() {
        #expect(JSONValue.parseMessageBody(nested(JSONValue.maximumDepth + 1)) != nil)
        #expect(JSONValue.parseMessageBody(nested(JSONValue.maximumDepth + 2)) == nil)
    }

    @Test("a lone surrogate escape becomes U+FFFD instead of making the body not JSON")
    func loneSurrogate() {
        let body = JSONValue.parseMessageBody(Array(#"{"action":"a\ud83db"}"#.utf8))
        #expect(body?.member("action") == .string("a\u{FFFD}b"))
    }

    @Test("duplicate keys are all kept and a lookup takes the last")
    func duplicateKeys() {
        let body = JSONValue.parseMessageBody(Array(#"{"action":"join","action":"leave"}"#.utf8))
        #expect(body?.member("action") == .string("leave"))
        guard case .object(let members) = body else {
            Issue.record("expected an object")
            return
        }
        #expect(members.map(\.key) == ["action", "action"])
    }

    @Test("bodies that break RFC 8259 are not JSON", arguments: ["", "{", "[1,]", "01", "{\"a\":'b'}", "nul"])
    func notJSON(body: String) {
        #expect(JSONValue.parseMessageBody(Array(body.utf8)) == nil)
    }
}
