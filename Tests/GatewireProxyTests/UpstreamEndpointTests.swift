import GatewireProxy
import Testing

@Suite struct UpstreamEndpointTests {
    @Test("ws and wss URLs give host, default port and base path")
    func parsing() throws {
        let plain = try UpstreamEndpoint(parsing: "ws://example.com")
        #expect(plain == UpstreamEndpoint(secure: false, host: "example.com", port: 80))
        let secure = try UpstreamEndpoint(parsing: "wss://abc.execute-api.eu-west-1.amazonaws.com/")
        #expect(secure.port == 443 && secure.secure && secure.basePath.isEmpty)
        let based = try UpstreamEndpoint(parsing: "ws://[::1]:9001/base/")
        #expect(based.host == "::1" && based.port == 9001 && based.basePath == "/base")
        #expect(based.hostHeader == "[::1]:9001")
    }

    @Test("the client's target is appended to the base path unchanged")
    func requestTarget() throws {
        let endpoint = try UpstreamEndpoint(parsing: "wss://h.example/prod")
        #expect(endpoint.requestTarget(forClientTarget: "/?k=a%2Bb+c") == "/prod/?k=a%2Bb+c")
        let bare = try UpstreamEndpoint(parsing: "ws://h:1")
        #expect(bare.requestTarget(forClientTarget: "/x?y=%3D") == "/x?y=%3D")
    }

    @Test(
        "other schemes, queries and bad ports are refused",
        arguments: ["http://h", "ws://h?x=1", "ws://h:0", "ws://:80", "ws://h:port"])
    func invalid(text: String) {
        #expect(throws: ProxyError.self) { try UpstreamEndpoint(parsing: text) }
    }
}
