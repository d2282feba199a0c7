import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("@connections management API, driven by real boto3")
struct ConnectionsAPITests {
    @Test("boto3 posts to, reads and deletes a live connection; a closed one is gone (410); too much data is 413")
    func fullLifecycle() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(stages: ["prod"], routeKeys: ["sendmessage"]))
        let report = try await PythonPeer.report(
            "connections_api.py", [harness.url(), harness.gateway.managementEndpoint(stage: "prod")], timeout: 60)
        let events = await harness.finish()

        let id = try #require(report["connection_id"] as? String)
        #expect(ConnectionID(rawValue: id).isGatewayShaped)
        #expect((report["post"] as? [String: Any])?["ok"] as? Bool == true)
        #expect(report["received_post"] as? String == #"{"hello":"from boto3"}"#)
        #expect((report["post_max"] as? [String: Any])?["ok"] as? Bool == true)
        #expect(report["received_max_length"] as? Int == 131_072)

        let tooLarge = try #require(report["post_too_large"] as? [String: Any])
        #expect(tooLarge["status"] as? Int == 413)
        #expect(tooLarge["code"] as? String == "PayloadTooLargeException")

        let get = try #require((report["get"] as? [String: Any])?["response"] as? [String: String])
        #expect(get["Identity"]?.contains("'SourceIp': '127.0.0.1'") == true)
        #expect(get["Identity"]?.contains("'UserAgent': 'gatewire-tests/1'") == true)
        #expect(get["ConnectedAt"] != nil && get["LastActiveAt"] != nil)

        #expect((report["delete"] as? [String: Any])?["ok"] as? Bool == true)
        #expect((report["close"] as? [String: Any])?["code"] as? Int == 1000)

        for key in ["post_gone", "get_gone", "delete_gone", "unknown"] {
            let gone = try #require(report[key] as? [String: Any], "\(key)")
            #expect(gone["status"] as? Int == 410, "\(key)")
            #expect(gone["code"] as? String == "GoneException", "\(key)")
        }
        let serverMessages = events.compactMap {
            if case .message(let e) = $0, e.direction == .server { e } else { nil }
        }
        // The Forbidden frame, the boto3 post and the 131072-byte post (sent as 32 KB frames).
        #expect(serverMessages.map(\.size) == [serverMessages.first?.size ?? 0, 22, 131_072])
        #expect(serverMessages.last?.frameCount == 4)
    }

    @Test(
        "connection ids arrive percent-encoded; the stage and the @ may be encoded too",
        arguments: [
            ("/prod/@connections/R1kmxc2VNjMCFIA%3D", StagePath.connection(stage: "prod", id: "R1kmxc2VNjMCFIA=")),
            ("/prod/%40connections/R0oXAdfD0kwCH6w%3D", .connection(stage: "prod", id: "R0oXAdfD0kwCH6w=")),
            ("/prod/@connections/abc=", .connection(stage: "prod", id: "abc=")),
            ("/dev/@connections/abc%3D", .unknown),
            ("/prod/@connections", .connectionsRoot(stage: "prod")),
            ("/prod?token=a", .stage("prod")),
            ("/prod/", .stage("prod")),
            ("/prod/extra", .unknown),
        ])
    func stagePaths(uri: String, expected: StagePath) {
        #expect(StagePath(uri: uri, stages: ["prod"]) == expected)
    }
}
