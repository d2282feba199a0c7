import Foundation
import GatewireTestSupport
import Testing

/// `gatewire mock --fault …` run as a user would, driven by the real Python `websockets` client and boto3 of the
/// mock's own fault tests, with its recording read back.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MockFaultCommandTests {
    static let peers = GatewireProcess.repositoryRoot.appendingPathComponent("Tests/GatewireMockTests/Peers")

    @Test("--fault rules and an injected fault reach the client and boto3; the recording marks every one of them")
    func faultFlags() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-faults-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recording = directory.appendingPathComponent("session.jsonl")
        let mock = try ChildProcess.fromRepositoryRoot(
            GatewireProcess.binary,
            [
                "mock", "--listen", "127.0.0.1:0", "-r", "sendmessage", "-r", "join",
                "--fault", "internal-server-error:route=sendmessage", "--fault", "throttled:every=2",
                "--fault", "idle-timeout:after=15s", "--record", recording.path,
            ])
        defer { mock.kill() }
        let url = try await mock.waitFor("the mock's URL") { process -> String? in
            guard let range = process.standardOutput.range(of: "connect to ws://") else { return nil }
            return "ws://" + process.standardOutput[range.upperBound...].prefix { !$0.isWhitespace }
        }
        let endpoint = url.replacingOccurrences(of: "ws://", with: "http://")
        let steps: [[String: Any]] = [
            ["send": #"{"action":"sendmessage","data":"x"}"#], ["recv": 5],
            ["boto": "post", "data": "first"], ["recv": 5], ["boto": "post", "data": "second"],
            ["fault": ["fault": "forbidden"]], ["send": #"{"action":"join"}"#], ["recv": 5],
            ["wait_close": 30],
        ]
        let peer = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            [
                "python3", Self.peers.appendingPathComponent("fault_injection.py").path, url, endpoint,
                String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self),
            ])
        defer { peer.kill() }
        let output = try await peer.waitFor("the peer's report") { process -> String? in
            process.isRunning ? nil : process.standardOutput
        }
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(peer.standardError)")
        let received = report["received"] as? [String] ?? []
        try #require(received.count == 3, "\(report)")
        #expect(received[0].hasPrefix(#"{"message": "Internal server error", "connectionId":"#))
        #expect(received[1] == "first")
        #expect(received[2].hasPrefix(#"{"message": "Forbidden", "connectionId":"#))
        let calls = report["calls"] as? [[String: Any]] ?? []
        #expect(calls.map { $0["status"] as? Int } == [200, 429])
        #expect(calls.last?["code"] as? String == "LimitExceededException")
        let close = try #require(report["close"] as? [String: Any], "\(report)")
        #expect(close["code"] as? Int == 1001 && close["reason"] as? String == "Going away")

        await mock.terminate()
        let lines = try String(contentsOf: recording, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let marks = lines.compactMap { line -> String? in
            guard let mark = line["intervention"] as? [String: Any] else { return nil }
            return "\(line["type"] ?? "?") \(mark["kind"] ?? "?") \(mark["by"] ?? "?")"
        }
        #expect(
            marks == [
                "message dropped fault internal-server-error", "message injected fault internal-server-error",
                "message dropped fault throttled",
                "message dropped fault forbidden", "message injected fault forbidden",
                "close injected fault idle-timeout",
            ], "\(marks)")
    }

    @Test(
        "a --fault value that does not parse is a usage error (64) naming what it takes",
        arguments: [
            ("teapot:after=1s", "unknown fault 'teapot'"),
            ("idle-timeout", "takes after=DURATION"),
            ("throttled:every=0", "every= takes a whole number from 1"),
            ("idle-timeout:after=3h", "after= takes a duration above 0 and at most 7200 s"),
        ])
    func badFlag(value: String, message: String) async throws {
        let result = try await GatewireProcess.run(["mock", "--listen", "127.0.0.1:0", "--fault", value])
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
