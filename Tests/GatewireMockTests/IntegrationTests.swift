import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("Lambda-style integrations: a Python HTTP handler receives the gateway's events")
struct IntegrationTests {
    /// Starts the handler, a gateway whose routes all go to it, runs `body`, then returns the events it received.
    static func withHandler(
        twoWay: Set<String> = ["$default"], waitsForDisconnect: Bool = true,
        routeKeys: [String] = ["$connect", "$disconnect", "$default", "sendmessage", "boom"],
        _ body: (GatewayHarness) async throws -> Void
    ) async throws -> (events: [[String: Any]], session: [SessionEvent]) {
        let handler = try PeerProcess("integration_handler.py") { directory in
            [directory.appendingPathComponent("port").path, directory.appendingPathComponent("events.jsonl").path]
        }
        do {
            let port = try await handler.waitForFile("port")
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/invoke"))
            let configuration = MockGatewayConfiguration(
                routeSelectionExpression: "$request.body.action",
                routeKeys: routeKeys,
                backend: .integrations(IntegrationSettings(fallback: url, twoWayRoutes: twoWay)))
            let harness = try await GatewayHarness(configuration)
            try await body(harness)
            // $disconnect runs after the close; wait for it before reading what the handler saw.
            let deadline = Date().addingTimeInterval(waitsForDisconnect ? 10 : 0.3)
            var lines: [[String: Any]] = []
            while Date() < deadline {
                let text =
                    (try? String(
                        contentsOf: handler.workDirectory.appendingPathComponent("events.jsonl"),
                        encoding: .utf8)) ?? ""
                lines = text.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                if lines.contains(where: { Self.context($0)["eventType"] as? String == "DISCONNECT" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let session = await harness.finish()
            await handler.stop()
            return (lines, session)
        } catch {
            await handler.stop()
            throw error
        }
    }

    static func context(_ event: [String: Any]) -> [String: Any] {
        event["requestContext"] as? [String: Any] ?? [:]
    }

    @Test("CONNECT, MESSAGE and DISCONNECT events carry the reference's fields; replies flow back three ways")
    func eventShapes() async throws {
        var report: ClientReport?
        var gatewayPort = 0
        let (events, session) = try await Self.withHandler { harness in
            gatewayPort = harness.gateway.port
            report = try await PythonPeer.client([
                "url": harness.url(path: "?token=abc&token=def&x=a+b%2B"),
                "subprotocols": ["chat.v1", "chat.v2"],
                "steps": [
                    ["send": #"{"action":"sendmessage","data":"hi"}"#], ["recv": 5],
                    ["send": "plain text"], ["recv": 5],
                    ["send": #"{"action":"boom"}"#], ["recv": 5],
                    ["close": 1000],
                ],
            ])
        }
        let client = try #require(report)
        #expect(client.status == 101)
        #expect(client.subprotocol == "chat.v2")
        #expect(client.received.count == 3)
        #expect(client.received.first == "pushed:hi")
        #expect(client.received.dropFirst().first == "echo:plain text")
        let connect = try #require(session.compactMap { if case .connect(let e) = $0 { e } else { nil } }.first)
        let id = try #require(connect.connectionID).rawValue
        #expect(
            client.received.last?.hasPrefix(
                #"{"message": "Internal server error", "connectionId":"\#(id)", "requestId":""#) == true)

        let byType = Dictionary(grouping: events) { Self.context($0)["eventType"] as? String ?? "?" }
        #expect(byType["CONNECT"]?.count == 1)
        #expect(byType["MESSAGE"]?.count == 3)
        #expect(byType["DISCONNECT"]?.count == 1)

        // CONNECT: handshake headers, both query maps (last duplicate wins), no body, no messageId.
        let connectEvent = try #require(byType["CONNECT"]?.first)
        let connectContext = Self.context(connectEvent)
        #expect(connectContext["routeKey"] as? String == "$connect")
        #expect(connectContext["connectionId"] as? String == id)
        #expect(connectContext["messageId"] == nil)
        #expect(connectContext["messageDirection"] as? String == "IN")
        #expect(connectContext["stage"] as? String == "prod")
        #expect(connectContext["apiId"] as? String == "gatewiremock")
        #expect(connectContext["domainName"] as? String == "127.0.0.1:\(gatewayPort)")
        #expect(connectContext["requestId"] as? String == connectContext["extendedRequestId"] as? String)
        #expect(ConnectionID(rawValue: connectContext["requestId"] as? String ?? "").isGatewayShaped)
        #expect(
            (connectContext["requestTime"] as? String)?.wholeMatch(
                of: /\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000/) != nil)
        let connectedAt = try #require(connectContext["connectedAt"] as? Int)
        #expect(abs(connectedAt - Int(Date().timeIntervalSince1970 * 1000)) < 120_000)
        #expect(connectContext["requestTimeEpoch"] as? Int ?? 0 >= connectedAt)
        let identity = try #require(connectContext["identity"] as? [String: Any])
        #expect(identity["sourceIp"] as? String == "127.0.0.1")
        #expect(identity["userAgent"] as? String == "gatewire-tests/1")
        let headers = try #require(connectEvent["headers"] as? [String: String])
        #expect(headers["Sec-WebSocket-Version"] == "13")
        #expect(headers["Sec-WebSocket-Protocol"] == "chat.v1, chat.v2")
        #expect(headers["Sec-WebSocket-Key"] != nil)
        #expect(headers["X-Forwarded-For"] == "127.0.0.1")
        #expect((connectEvent["multiValueHeaders"] as? [String: [String]])?["Sec-WebSocket-Version"] == ["13"])
        #expect(connectEvent["queryStringParameters"] as? [String: String] == ["token": "def", "x": "a b+"])
        #expect(
            connectEvent["multiValueQueryStringParameters"] as? [String: [String]]
                == ["token": ["abc", "def"], "x": ["a b+"]])
        #expect(connectEvent["isBase64Encoded"] as? Bool == false)
        #expect(connectEvent["body"] == nil)

        // MESSAGE: the selected route, a messageId, the raw body; no headers or query.
        let messages = try #require(byType["MESSAGE"])
        #expect(messages.map { Self.context($0)["routeKey"] as? String } == ["sendmessage", "$default", "boom"])
        #expect(
            messages.map { $0["body"] as? String } == [
                #"{"action":"sendmessage","data":"hi"}"#, "plain text", #"{"action":"boom"}"#,
            ])
        for message in messages {
            let context = Self.context(message)
            #expect(context["connectionId"] as? String == id)
            #expect(ConnectionID(rawValue: context["messageId"] as? String ?? "").isGatewayShaped)
            #expect(context["connectedAt"] as? Int == connectedAt)
            #expect(message["headers"] == nil && message["queryStringParameters"] == nil)
            #expect(message["isBase64Encoded"] as? Bool == false)
        }

        // DISCONNECT: the close code and reason, and the odd fixed header set.
        let disconnect = try #require(byType["DISCONNECT"]?.first)
        let disconnectContext = Self.context(disconnect)
        #expect(disconnectContext["routeKey"] as? String == "$disconnect")
        #expect(disconnectContext["disconnectStatusCode"] as? Int == 1000)
        #expect(disconnectContext["disconnectReason"] as? String == "")
        #expect(disconnectContext["messageId"] == nil)
        #expect(
            disconnect["headers"] as? [String: String]
                == ["Host": "127.0.0.1:\(gatewayPort)", "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""])
        #expect(disconnect["body"] == nil)

        #expect(session.contains { if case .error(let e) = $0 { e.code == "integration-failed" } else { false } })
    }

    @Test("a non-2xx $connect result becomes the handshake status", arguments: [401, 403, 500])
    func connectRejected(status: Int) async throws {
        var report: ClientReport?
        let (events, session) = try await Self.withHandler(waitsForDisconnect: false) { harness in
            report = try await PythonPeer.client(["url": harness.url(path: "?reject=\(status)")])
        }
        #expect(report?.status == status)
        #expect(report?.body == "rejected by handler")
        #expect(events.count == 1)
        let connect = try #require(session.compactMap { if case .connect(let e) = $0 { e } else { nil } }.first)
        let errors = session.compactMap { if case .error(let e) = $0 { e.message } else { nil } }
        #expect(connect.status == status, "\(errors)")
    }

    @Test("without a two-way route the integration's body is not sent back")
    func oneWay() async throws {
        var report: ClientReport?
        _ = try await Self.withHandler(twoWay: []) { harness in
            report = try await PythonPeer.client([
                "url": harness.url(), "steps": [["send": "plain"], ["recv": 1], ["close": 1000]],
            ])
        }
        #expect(report?.received.isEmpty == true)
        #expect(report?.error == "timeout")
    }
}
