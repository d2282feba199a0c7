import Foundation
import GatewireTestSupport
import Testing

/// The seed systems' recordings in `captures/`: `scripts/make-seed-captures` regenerates them from the example
/// backends, and `gatewire replay` answers an independent client exactly as they recorded.
@Suite("seed captures")
struct SeedCapturesTests {
    static let systems = [
        "000-geoprocessing", "001-channel-server", "002-simple-backend", "003-naughts-and-crosses", "004-chat",
    ]
    static let systemsWithPcap = ["000-geoprocessing", "003-naughts-and-crosses"]

    static func committed(_ system: String, _ file: String = "session.jsonl") throws -> String {
        let url = GatewireProcess.repositoryRoot.appendingPathComponent("captures/\(system)/\(file)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test("regenerating the seed captures yields the committed messages, routes, findings and closes per connection")
    func regenerates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await ScriptProcess.run(
            [
                "python3", "scripts/make-seed-captures", "--out", directory.path, "--no-pcap", "--gatewire",
                GatewireProcess.binary.path,
            ], timeout: 90)
        try #require(run.status == 0, "make-seed-captures failed:\n\(run.standardOutput)\(run.standardError)")
        for system in Self.systems {
            let expected = try SessionTranscript(jsonLines: Self.committed(system))
            let regenerated = try SessionTranscript(
                jsonLines: String(
                    contentsOf: directory.appendingPathComponent("\(system)/session.jsonl"), encoding: .utf8))
            #expect(!expected.connections.isEmpty, "\(system) has no connections")
            #expect(regenerated.api == expected.api, "\(system): API configuration")
            #expect(
                regenerated.connections.keys.sorted() == expected.connections.keys.sorted(), "\(system): connections")
            for (label, events) in expected.connections {
                #expect(regenerated.connections[label] == events, "\(system) \(label)")
            }
        }
    }

    @Test("gatewire replay answers an independent client exactly as each seed system recorded", arguments: systems)
    func replays(system: String) async throws {
        let recording = "captures/\(system)/session.jsonl"
        let transcript = try SessionTranscript(jsonLines: Self.committed(system))
        let serverMessages = transcript.traffic.values.joined().filter { $0.contains(#""from":"server","opcode""#) }
        #expect(!serverMessages.isEmpty, "\(system) recorded no server message to check")

        let replay = try ChildProcess.fromRepositoryRoot(
            GatewireProcess.binary,
            ["replay", recording, "--listen", "127.0.0.1:0", "--speed", "0", "--color", "never"])
        defer { replay.kill() }
        let port = try await replay.waitFor("the replay's address") { process in
            process.standardOutput.firstMatch(of: /connect to ws:\/\/127\.0\.0\.1:(\d+)\//).map { String($0.1) }
        }
        let client = try await ScriptProcess.run(
            ["python3", "scripts/peers/recording_client.py", recording, "ws://127.0.0.1:\(port)"], timeout: 60)
        #expect(client.status == 0, "\(client.standardOutput)\(client.standardError)")
        let answered = client.standardOutput.split(separator: "\n").filter { $0.hasSuffix(": as recorded") }
        #expect(answered.count == transcript.connections.count, "\(client.standardOutput)")
    }

    @Test("the committed pcaps hold the same messages and closes as the recordings", arguments: systemsWithPcap)
    func pcapMatchesRecording(system: String) async throws {
        let inspected = try await GatewireProcess.run(["inspect", "captures/\(system)/session.pcap", "--json"])
        // 1 means findings at or above --fail-on (the geoprocessing keys, the naughts-and-crosses routes), not failure.
        #expect([0, 1].contains(inspected.status), "\(inspected.standardError)")
        #expect(!inspected.standardError.contains("error:"), "\(inspected.standardError)")
        let fromPcap = try SessionTranscript(jsonLines: inspected.standardOutput)
        let recorded = try SessionTranscript(jsonLines: Self.committed(system))
        #expect(!recorded.traffic.isEmpty)
        #expect(fromPcap.traffic == recorded.traffic)
    }
}
