import Foundation
import GatewireCore
import NIOConcurrencyHelpers
import Testing

@testable import GatewireWeb

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Held panel's endpoints over loopback, without a browser: the custom header and the origin they require,
/// unknown ids, release with and without an edit, drop, and their absence outside a proxy.
@Suite(.timeLimit(.minutes(1))) struct HeldAPITests {
    /// A stand-in for the proxy's held messages that remembers what was asked.
    final class FakeHeld: HeldMessageControl {
        let state = NIOLockedValueBox<(held: [HeldMessage], actions: [String])>(([], []))

        init(_ held: [HeldMessage]) { state.withLockedValue { $0.held = held } }

        func heldMessages() -> [HeldMessage] { state.withLockedValue { $0.held } }

        func release(_ id: String, replacement: [UInt8]?) -> Bool {
            resolve(id, "release " + (replacement.map { String(decoding: $0, as: UTF8.self) } ?? "unchanged"))
        }

        func drop(_ id: String) -> Bool { resolve(id, "drop") }

        private func resolve(_ id: String, _ action: String) -> Bool {
            state.withLockedValue { state in
                guard let index = state.held.firstIndex(where: { $0.id == id }) else { return false }
                state.held.remove(at: index)
                state.actions.append("\(id) \(action)")
                return true
            }
        }

        var actions: [String] { state.withLockedValue { $0.actions } }
    }

    private static func held(_ id: String, _ text: String) -> HeldMessage {
        let now = Timestamp(Date())
        return HeldMessage(
            id: id, connection: "c1", direction: .client, opcode: .text, payload: Array(text.utf8),
            rule: "b1 route=pay hold", heldAt: now,
            releaseAt: Timestamp(microsecondsSinceEpoch: now.microsecondsSinceEpoch + 600_000_000))
    }

    private static func request(
        _ method: String, _ url: String, headers: [String: String] = ["X-Gatewire-View": "1"], body: String? = nil
    ) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.httpShouldHandleCookies = false
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    private static func serve(_ held: (any HeldMessageControl)?) async throws -> (WebViewServer, String) {
        let server = try WebViewServer(configuration: WebViewConfiguration(), store: LiveEventStore(), held: held)
        try await server.start()
        return (server, "http://127.0.0.1:\(try #require(server.port))")
    }

    @Test("without X-Gatewire-View or from a foreign Origin or site the endpoints answer 403 and change nothing")
    func crossSiteRefused() async throws {
        let fake = FakeHeld([Self.held("h1", "a")])
        let (server, base) = try await Self.serve(fake)
        defer { Task { await server.shutdown() } }
        #expect(try await Self.request("GET", base + "/api/held", headers: [:]).status == 403)
        #expect(try await Self.request("POST", base + "/api/held/h1/release", headers: [:]).status == 403)
        let foreign = ["X-Gatewire-View": "1", "Origin": "http://evil.example"]
        #expect(try await Self.request("POST", base + "/api/held/h1/drop", headers: foreign).status == 403)
        let crossSite = ["X-Gatewire-View": "1", "Sec-Fetch-Site": "cross-site"]
        #expect(try await Self.request("POST", base + "/api/held/h1/drop", headers: crossSite).status == 403)
        #expect(fake.actions.isEmpty)
        let own = ["X-Gatewire-View": "1", "Origin": base, "Sec-Fetch-Site": "same-origin"]
        #expect(try await Self.request("GET", base + "/api/held", headers: own).status == 200)
    }

    @Test("the list shows each held message; release, edit and drop resolve it; an unknown id is 404")
    func listReleaseDrop() async throws {
        let fake = FakeHeld([Self.held("h1", #"{"action":"pay"}"#), Self.held("h2", "b"), Self.held("h3", "c")])
        let (server, base) = try await Self.serve(fake)
        defer { Task { await server.shutdown() } }
        let list = try await Self.request("GET", base + "/api/held")
        #expect(list.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String: Any])
        let held = try #require(object["held"] as? [[String: Any]])
        #expect(held.map { $0["id"] as? String } == ["h1", "h2", "h3"])
        #expect(held.first?["text"] as? String == #"{"action":"pay"}"#)
        #expect(held.first?["from"] as? String == "client")
        #expect(held.first?["rule"] as? String == "b1 route=pay hold")
        // Most of the hold is left: the request came seconds after the hold, even on a loaded machine.
        #expect((held.first?["secondsLeft"] as? Double ?? 0) > 500)

        #expect(try await Self.request("POST", base + "/api/held/h9/release").status == 404)
        #expect(try await Self.request("POST", base + "/api/held/h1/bounce").status == 404)
        #expect(try await Self.request("POST", base + "/api/held/h1/release", body: "").status == 200)
        #expect(try await Self.request("POST", base + "/api/held/h2/release", body: "edited").status == 200)
        #expect(try await Self.request("POST", base + "/api/held/h3/drop").status == 200)
        #expect(try await Self.request("POST", base + "/api/held/h3/drop").status == 404)
        #expect(fake.actions == ["h1 release unchanged", "h2 release edited", "h3 drop"])
        // Only the Held panel's paths take POST.
        #expect(try await Self.request("POST", base + "/diagnosis").status == 405)
    }

    @Test("a view without breakpoints (mock, replay, view) has no Held endpoints")
    func absentOutsideProxy() async throws {
        let (server, base) = try await Self.serve(nil)
        defer { Task { await server.shutdown() } }
        #expect(try await Self.request("GET", base + "/api/held").status == 404)
        #expect(try await Self.request("POST", base + "/api/held/h1/release").status == 404)
    }
}
