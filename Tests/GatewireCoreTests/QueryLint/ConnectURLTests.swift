import GatewireCore
import Testing

@Suite struct ConnectURLTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var url: String
        var scheme: String?
        var host: String?
        var port: Int?
        var path: String
        var stage: String?
        var extraPath: String?
        var rawQuery: String?
        var fragment: String? = nil

        var testDescription: String { url }
    }

    static let forms: [Expected] = [
        Expected(
            url: "wss://abc123.execute-api.us-east-1.amazonaws.com/prod?a=1+2%2B", scheme: "wss",
            host: "abc123.execute-api.us-east-1.amazonaws.com", path: "/prod", stage: "prod", rawQuery: "a=1+2%2B"
        ),
        Expected(
            url: "WS://127.0.0.1:8080/dev/extra/more?x", scheme: "ws", host: "127.0.0.1", port: 8080,
            path: "/dev/extra/more",
            stage: "dev", extraPath: "/extra/more", rawQuery: "x"
        ),
        Expected(
            url: "https://user@example.com/prod/", scheme: "https", host: "example.com", path: "/prod/", stage: "prod",
            extraPath: "/"),
        Expected(url: "http://[::1]:9000?a=b", scheme: "http", host: "[::1]", port: 9000, path: "", rawQuery: "a=b"),
        Expected(url: "/prod?serviceName=x", path: "/prod", stage: "prod", rawQuery: "serviceName=x"),
        Expected(url: "…/prod?cacheKey=a%2Bb", path: "/prod", stage: "prod", rawQuery: "cacheKey=a%2Bb"),
        Expected(url: ".../prod?", path: "/prod", stage: "prod", rawQuery: ""),
        Expected(
            url: "  wss://h.example/prod?a=1#frag\n", scheme: "wss", host: "h.example", path: "/prod", stage: "prod",
            rawQuery: "a=1", fragment: "frag"),
        Expected(
            url: "/prod?redirect=https://x.example/?a=1", path: "/prod", stage: "prod",
            rawQuery: "redirect=https://x.example/?a=1"),
        Expected(url: "wss://h.example", scheme: "wss", host: "h.example", path: ""),
    ]

    @Test("URLs are split by hand, keeping path and query byte for byte", arguments: forms)
    func parses(expected: Expected) throws {
        let url = try ConnectURL(parsing: expected.url)
        #expect(url.scheme == expected.scheme)
        #expect(url.host == expected.host)
        #expect(url.port == expected.port)
        #expect(url.path == expected.path)
        #expect(url.stage == expected.stage)
        #expect(url.extraPath == expected.extraPath)
        #expect(url.rawQuery == expected.rawQuery)
        #expect(url.fragment == expected.fragment)
    }

    @Test("the request target is what goes on the wire")
    func requestTarget() throws {
        #expect(try ConnectURL(parsing: "wss://h.example/prod?a=%2B+b#x").requestTarget == "/prod?a=%2B+b")
        #expect(try ConnectURL(parsing: "wss://h.example").requestTarget == "/")
    }

    @Test(
        "execute-api hosts are recognised",
        arguments: [
            ("wss://abc123.execute-api.us-east-1.amazonaws.com/prod", true),
            ("wss://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod", true),
            ("wss://ws.example.com/prod", false),
            ("/prod", false),
        ])
    func executeAPIHost(url: String, expected: Bool) throws {
        #expect(try ConnectURL(parsing: url).isExecuteAPIHost == expected)
    }

    @Test(
        "bad URLs throw a specific error",
        arguments: [
            ("", ConnectURLError.empty),
            ("   ", .empty),
            ("ftp://h.example/prod", .unsupportedScheme),
            ("abc123.execute-api.us-east-1.amazonaws.com/prod", .missingScheme),
            ("prod?a=1", .missingScheme),
            ("wss:///prod", .missingHost),
            ("wss://user@:443/prod", .missingHost),
            ("wss://h.example:99999/prod", .invalidPort),
            ("wss://h.example:port/prod", .invalidPort),
            ("…prod?a=1", .missingPath),
        ])
    func rejects(text: String, error: ConnectURLError) {
        #expect(throws: error) { try ConnectURL(parsing: text) }
    }

    @Test("the error names the problem and the input")
    func errorDescription() {
        do {
            _ = try ConnectURL(parsing: "ftp://h.example/prod")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("ftp"))
            #expect(error.description.contains("ftp://h.example/prod"))
        }
    }
}
