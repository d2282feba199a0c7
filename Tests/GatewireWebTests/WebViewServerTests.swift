import Foundation
import GatewireCore
import NIOCore
import NIOPosix
import Testing

@testable import GatewireWeb

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The server over real loopback sockets: access, the event stream, and a page that stops reading.
@Suite(.timeLimit(.minutes(1))) struct WebViewServerTests {
    private static func message(_ index: Int) -> SessionEvent {
        .message(
            MessageEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(index) * 1_000_000), connection: "c1", direction: .client,
                text: "{\"action\":\"sendmessage\",\"i\":\(index),\"data\":\"\(String(repeating: "x", count: 200))\"}"))
    }

    /// The sequence numbers of the events in a stream's text, in order.
    private static func sequences(_ text: String) -> [Int] {
        // Chunked transfer encoding puts "\r\n" around each chunk: split on every kind of line break.
        text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("data: {\"seq\":") }.compactMap {
            Int($0.dropFirst("data: {\"seq\":".count).prefix { $0.isNumber })
        }
    }

    private static func get(_ url: String, cookie: String? = nil) async throws -> (
        status: Int, headers: [String: String], body: String
    ) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpShouldHandleCookies = false
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        let headers = http.allHeaderFields.reduce(into: [String: String]()) {
            $0[String(describing: $1.key).lowercased()] = String(describing: $1.value)
        }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "with an access token, requests without it get 403; the token in the URL sets the cookie that lets the page in")
    func accessToken() async throws {
        let server = try WebViewServer(
            configuration: WebViewConfiguration(accessToken: "feedface0123"), store: LiveEventStore())
        try await server.start()
        defer { Task { await server.shutdown() } }
        let port = try #require(server.port)
        #expect(server.url == "http://127.0.0.1:\(port)/?token=feedface0123")
        #expect(try await Self.get("http://127.0.0.1:\(port)/").status == 403)
        #expect(try await Self.get("http://127.0.0.1:\(port)/events").status == 403)
        #expect(try await Self.get("http://127.0.0.1:\(port)/export.har?token=wrong").status == 403)
        let page = try await Self.get(server.url)
        #expect(page.status == 200)
        #expect(page.body.contains("/assets/app.js"))
        let cookie = try #require(page.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly"))
        let pair = String(cookie.prefix { $0 != ";" })
        #expect(try await Self.get("http://127.0.0.1:\(port)/diagnosis", cookie: pair).status == 200)
        #expect(try await Self.get("http://127.0.0.1:\(port)/assets/app.css", cookie: pair).status == 200)
    }

    @Test("a page that reconnects with Last-Event-ID gets only the events after it")
    func resumes() async throws {
        let store = LiveEventStore()
        store.append((1...10).map(Self.message))
        let server = try WebViewServer(configuration: WebViewConfiguration(), store: store)
        try await server.start()
        defer { Task { await server.shutdown() } }
        let port = try #require(server.port)
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var request = channel.allocator.buffer(capacity: 64)
        request.writeString("GET /events HTTP/1.1\r\nHost: localhost:\(port)\r\nLast-Event-ID: 7\r\n\r\n")
        try await channel.writeAndFlush(request)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !collector.text.contains("\"seq\":10,") {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Self.sequences(collector.text) == [8, 9, 10])
        try await channel.close()
    }

    @Test("a page that stops reading is skipped ahead and told how many events it missed; appends never wait")
    func stalledPage() async throws {
        let store = LiveEventStore()
        let server = try WebViewServer(
            configuration: WebViewConfiguration(maxClientBacklog: 1_000), store: store)
        try await server.start()
        defer { Task { await server.shutdown() } }
        let port = try #require(server.port)

        let group = MultiThreadedEventLoopGroup.singleton
        let collector = ByteCollector()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .channelOption(.socketOption(.so_rcvbuf), value: 4096)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var request = channel.allocator.buffer(capacity: 64)
        request.writeString("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        try await channel.writeAndFlush(request)

        // 20,000 events of ~250 bytes while the page reads nothing: far more than its socket and write buffer hold.
        let started = ContinuousClock.now
        for batch in 0..<100 { store.append((0..<200).map { Self.message(batch * 200 + $0) }) }
        let appending = ContinuousClock.now - started
        #expect(appending < .seconds(5))

        channel.setOption(.autoRead, value: true).whenComplete { _ in }
        channel.read()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, !collector.text.contains("\"seq\":20000,") {
            try await Task.sleep(for: .milliseconds(20))
        }
        let text = collector.text
        #expect(text.contains("event: hello"))
        #expect(text.contains("event: skipped"))
        #expect(text.contains("\"seq\":20000,"))
        // Fewer events arrived than were appended: the ones in between were skipped, not queued.
        let sent = Self.sequences(text).count
        #expect(sent > 0)
        #expect(sent < 20_000)
        try await channel.close()
    }
}
