import Foundation
import GatewireCore
import NIOHTTP1
import Testing

@testable import GatewireWeb

@Suite struct WebAccessTests {
    private static func head(host: String?, cookie: String? = nil) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        if let host { headers.add(name: "Host", value: host) }
        if let cookie { headers.add(name: "Cookie", value: cookie) }
        return HTTPRequestHead(version: .http1_1, method: .GET, uri: "/", headers: headers)
    }

    @Test("on loopback, requests addressed to a loopback name pass and others are refused (DNS rebinding)")
    func loopbackHost() {
        let access = WebAccess(token: nil, loopback: true)
        #expect(access.allows(Self.head(host: "127.0.0.1:8081"), queryToken: nil, port: 8081))
        #expect(access.allows(Self.head(host: "localhost:8081"), queryToken: nil, port: 8081))
        #expect(access.allows(Self.head(host: "[::1]:8081"), queryToken: nil, port: 8081))
        #expect(!access.allows(Self.head(host: "attacker.example:8081"), queryToken: nil, port: 8081))
        #expect(!access.allows(Self.head(host: nil), queryToken: nil, port: 8081))
    }

    @Test("with a token, a request needs it in the query or in the port's cookie")
    func token() {
        let access = WebAccess(token: "0123abcd", loopback: false)
        #expect(!access.allows(Self.head(host: "10.0.0.5:8081"), queryToken: nil, port: 8081))
        #expect(!access.allows(Self.head(host: "10.0.0.5:8081"), queryToken: "0123abce", port: 8081))
        #expect(access.allows(Self.head(host: "10.0.0.5:8081"), queryToken: "0123abcd", port: 8081))
        #expect(
            access.allows(
                Self.head(host: "10.0.0.5:8081", cookie: "a=b; gatewire-token-8081=0123abcd"), queryToken: nil,
                port: 8081))
        #expect(
            !access.allows(
                Self.head(host: "10.0.0.5:8081", cookie: "gatewire-token-9000=0123abcd"), queryToken: nil,
                port: 8081))
        #expect(access.setCookie(port: 8081) == "gatewire-token-8081=0123abcd; Path=/; HttpOnly; SameSite=Strict")
    }

    @Test("random tokens are 32 hexadecimal digits and differ")
    func randomToken() {
        let first = WebViewConfiguration.randomToken()
        #expect(first.count == 32)
        #expect(first.allSatisfy { $0.isHexDigit })
        #expect(first != WebViewConfiguration.randomToken())
    }
}

@Suite struct FormQueryTests {
    @Test("a query is read as the page writes it: + is a space, %2B a plus, repeated names kept in order")
    func formEncoding() {
        let items = FormQuery.items("text=two+words&route=a%2Bb&route=c&direction=&flag")
        #expect(items.map(\.name) == ["text", "route", "route", "direction", "flag"])
        #expect(items.map(\.value) == ["two words", "a+b", "c", "", nil])
        let filter = EventFilter(queryItems: items)
        #expect(filter.text == "two words")
        #expect(filter.routeKeys == ["a+b", "c"])
        #expect(filter.direction == nil)
        #expect(
            EventFilter(queryItems: FormQuery.items("connection=c1,%20c2&connection=c3")).connections == [
                "c1", "c2", "c3",
            ])
    }
}
