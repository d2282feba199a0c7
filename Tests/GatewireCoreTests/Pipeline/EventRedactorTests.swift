import Foundation
import GatewireCore
import Testing

@Suite struct EventRedactorTests {
    private static let tagger = SecretTagger(key: (1, 2))

    private func connect(
        _ rawQuery: String?, headers: [HTTPHeader] = [], subprotocol: String? = nil, label: String = "c1"
    ) -> SessionEvent {
        .connect(
            ConnectEvent(
                time: Timestamp(microsecondsSinceEpoch: 0), connection: label, path: "/prod", rawQuery: rawQuery,
                query: rawQuery.map { QueryString($0).decoded() }, headers: headers, subprotocol: subprotocol))
    }

    private func redacted(_ event: SessionEvent, extra: [String] = []) -> ConnectEvent? {
        var redactor = EventRedactor(policy: RedactionPolicy(extraParameters: extra), tagger: Self.tagger)
        guard case .connect(let result) = redactor.redact(event) else { return nil }
        return result
    }

    @Test("credential headers are tagged whatever their case; other headers are kept as sent")
    func headers() throws {
        let names = [
            "Authorization", "proxy-authorization", "COOKIE", "Set-Cookie", "X-Api-Key", "x-amz-security-token",
        ]
        let event = connect(
            nil,
            headers: names.map { HTTPHeader(name: $0, value: "secret-\($0)") } + [
                HTTPHeader(name: "Origin", value: "o")
            ])
        let result = try #require(redacted(event))
        for (header, name) in zip(result.headers, names) {
            #expect(header.name == name)
            #expect(header.value == Self.tagger.tag("secret-\(name)"))
            #expect(!header.value.contains("secret"))
        }
        #expect(result.headers.last == HTTPHeader(name: "Origin", value: "o"))
    }

    @Test("token-like and SigV4 query parameters are tagged and every other byte of the query is kept")
    func queryParameters() throws {
        let raw =
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240801%2Fus-east-1&"
            + "X-Amz-Signature=abcdef0123&X-Amz-Security-Token=FwoGZX&&name=a+b&%74oken=t1&flag&access_token="
        let result = try #require(redacted(connect(raw)))
        let tag = Self.tagger.tag
        #expect(
            result.rawQuery
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=\(tag("AKIAEXAMPLE%2F20240801%2Fus-east-1"))&"
                + "X-Amz-Signature=\(tag("abcdef0123"))&X-Amz-Security-Token=\(tag("FwoGZX"))&&name=a+b&"
                + "%74oken=\(tag("t1"))&flag&access_token=")
        #expect(result.query?.queryStringParameters["token"] == tag("t1"))
        #expect(result.query?.queryStringParameters["X-Amz-Signature"] == tag("abcdef0123"))
        #expect(result.query?.queryStringParameters["name"] == "a b")
    }

    @Test("a parameter named by the user is redacted too, compared without regard to case")
    func userParameters() throws {
        let result = try #require(redacted(connect("session=abc&cacheKey=k"), extra: ["Session"]))
        #expect(result.rawQuery == "session=\(Self.tagger.tag("abc"))&cacheKey=k")
    }

    @Test(
        "subprotocol names are kept and tokens sent as subprotocols are tagged",
        arguments: [
            ("graphql-ws", true), ("graphql-transport-ws", true), ("v12.stomp", true), ("wamp.2.json", true),
            ("ocpp2.0.1", true), ("mqtt", true), ("chat", true), ("bearer", true),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", false), ("a3f9c0d1e2", false), ("Token123", false),
            ("dGhlIHNlY3JldA==", false), ("averyveryverylongpartname", false),
        ])
    func subprotocols(value: String, kept: Bool) throws {
        #expect(RedactionPolicy.isRecognisableSubprotocol(value) == kept)
        let event = connect(
            nil, headers: [HTTPHeader(name: "Sec-WebSocket-Protocol", value: "chat, \(value)")], subprotocol: value)
        let result = try #require(redacted(event))
        let expected = kept ? value : Self.tagger.tag(value)
        #expect(result.headers.first?.value == "chat, \(expected)")
        #expect(result.subprotocol == expected)
    }

    @Test("the same secret gets the same tag, another secret another, and a tag is never tagged again")
    func tags() {
        let tagger = SecretTagger()
        #expect(tagger.tag("a") == tagger.tag("a"))
        #expect(tagger.tag("a") != tagger.tag("b"))
        #expect(tagger.tag(tagger.tag("a")) == tagger.tag("a"))
        #expect(tagger.tag("a").hasPrefix("REDACTED-"))
    }

    @Test("a cross-connection finding about a redacted parameter quotes neither connection's value")
    func findingTexts() throws {
        var analyzer = try SessionAnalyzer()
        var redactor = EventRedactor(tagger: Self.tagger)
        let first = connect("token=2024-08-01T19:37:55+00:00", label: "c1")
        let second = connect("token=2024-08-01T19%3A37%3A55%2B00%3A00", label: "c2")
        _ = redactor.redact(analyzer.analyze(first))
        let analyzed = analyzer.analyze(second)
        guard case .connect(let raw) = analyzed else { return }
        // The analysis saw the real values and found the difference…
        #expect(raw.findings.contains { $0.code == "same-key-different-bytes" })
        guard case .connect(let result) = redactor.redact(analyzed) else { return }
        let text = "\(result)"
        // …and what leaves the process says so without either value.
        #expect(result.findings.contains { $0.code == "same-key-different-bytes" })
        for secret in ["2024-08-01T19:37:55+00:00", "2024-08-01T19:37:55 00:00", "19%3A37%3A55%2B00%3A00"] {
            #expect(!text.contains(secret), "\(secret) leaked")
        }
    }
}
