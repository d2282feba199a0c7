import ArgumentParser
import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@testable import gatewire

@Suite("gatewire mock and gatewire replay")
struct ReplayCommandTests {
    @Test(
        "mock and replay parse their options; bad values are usage errors",
        arguments: [
            (["mock", "--integration", "*=http://127.0.0.1:3000/", "--two-way", "$default", "-r", "$default"], true),
            (["mock", "--integration", "sendmessage"], false),
            (["mock", "--integration", "x=https://example.com/"], false),
            (["mock", "--listen", "nope"], false),
            (["mock", "--time-scale", "0"], false),
            (["replay", "r.jsonl", "--speed", "0", "--strict", "--repeat"], true),
            (["replay", "r.jsonl", "--client"], false),
            (["replay", "r.jsonl", "--client", "--target", "wss://example.com/prod", "--insecure"], true),
            (["replay", "r.jsonl", "--client", "--target", "http://example.com/prod"], false),
            (["replay", "r.jsonl", "--client", "--target", "ws://127.0.0.1:9000/prod"], true),
            (["replay", "r.jsonl", "--target", "ws://127.0.0.1:9000"], false),
            (
                [
                    "replay", "r.jsonl", "--client", "--target", "ws://127.0.0.1:9000", "--ignore-field", "sentAt",
                    "--ignore-field", "$.meta.traceId",
                ], true
            ),
            (["replay", "r.jsonl", "--client", "--target", "ws://127.0.0.1:9000", "--ignore-field", "a..b"], false),
        ])
    func parsing(arguments: [String], valid: Bool) {
        let parsed = Result { try GatewireCommand.parseAsRoot(arguments) }
        #expect(((try? parsed.get()) != nil) == valid, "\(arguments)")
    }

    /// Writes a one-connection recording: the client says `hi`, the server answers `answer`.
    private static func recording(answer: String, in directory: URL, name: String) throws -> String {
        let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)
        let url = directory.appendingPathComponent(name)
        var writer = try RecordingWriter(
            output: FileHandleRecordingOutput(creatingFileAt: url),
            header: RecordingHeader(creator: .init(name: "gatewire", version: "test"), startedAt: start, source: .proxy)
        )
        try writer.write(contentsOf: [
            .connect(ConnectEvent(time: start, connection: "c1", path: "/prod", rawQuery: "room=a")),
            .message(MessageEvent(time: start, connection: "c1", direction: .client, text: #"{"action":"hi"}"#)),
            .message(MessageEvent(time: start, connection: "c1", direction: .server, text: answer)),
            .close(
                CloseEvent(
                    time: start, connection: "c1", direction: .client,
                    info: CloseInfo(code: 1000, initiator: .client))),
        ])
        try writer.close()
        return url.path
    }

    @Test("replay --client exits 0 against a backend that answers as recorded and 1 with the diff when it differs")
    func clientReplayExitCodes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let served = try Self.recording(answer: "hello ann", in: directory, name: "served.jsonl")
        let expectedOther = try Self.recording(answer: "hello bob", in: directory, name: "other.jsonl")

        // The live backend: `gatewire replay` serving the first recording to any number of clients.
        let port = Int.random(in: 30_000...60_000)
        let server = try ChildProcess(
            GatewireProcess.binary,
            ["replay", served, "--listen", "127.0.0.1:\(port)", "--speed", "0", "--repeat", "--quiet"])
        defer { server.kill() }
        try await Task.sleep(for: .seconds(1.5))
        #expect(server.isRunning)

        let target = "ws://127.0.0.1:\(port)"
        let matching = try await GatewireProcess.run(["replay", "--client", served, "--target", target])
        #expect(matching.status == 0, "\(matching.standardOutput)\(matching.standardError)")
        #expect(matching.standardOutput.contains("answered as recorded"))

        let differing = try await GatewireProcess.run(["replay", "--client", expectedOther, "--target", target])
        #expect(differing.status == 1)
        #expect(differing.standardOutput.contains("expected: hello bob"))
        #expect(differing.standardOutput.contains("received: hello ann"))

        let json = try await GatewireProcess.run(["replay", "--client", expectedOther, "--target", target, "--json"])
        #expect(json.status == 1)
        #expect(json.standardOutput.contains(#""kind":"message-differs""#))

        kill(server.processIdentifier, SIGINT)
        let status = await server.waitForExit(timeout: .seconds(30))
        #expect(status == 0, "\(server.standardError)")
    }

    @Test("replay --client passes against a live gateway whose Forbidden replies carry other ids than recorded")
    func clientReplayIgnoresGatewayIdentifiers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let recorded = try Self.recording(
            answer: #"{"message": "Forbidden", "connectionId":"R1kmxc2VNjMCFIA=", "requestId":"XDmGEE2RoE0FRdQ="}"#,
            in: directory, name: "forbidden.jsonl")
        // The live gateway: `gatewire mock` with one route and no $default, so `hi` is Forbidden, with the live
        // connection's id and a fresh request id.
        let mock = try ChildProcess.fromRepositoryRoot(
            GatewireProcess.binary, ["mock", "--listen", "127.0.0.1:0", "-r", "sendmessage"])
        defer { mock.kill() }
        let url = try await mock.waitFor("the mock's URL") { process -> String? in
            guard let range = process.standardOutput.range(of: "connect to ws://") else { return nil }
            return "ws://" + process.standardOutput[range.upperBound...].prefix { !$0.isWhitespace }
        }
        let replay = try await GatewireProcess.run(["replay", "--client", recorded, "--target", url])
        #expect(replay.status == 0, "\(replay.standardOutput)\(replay.standardError)")
        #expect(replay.standardOutput.contains("answered as recorded"))
        // A member the live reply lacks is still a difference.
        let withTime = try Self.recording(
            answer: #"{"message": "Forbidden", "connectionId":"R1kmxc2VNjMCFIA=", "requestId":"XDmGEE2RoE0FRdQ=", "#
                + #""sentAt":1}"#, in: directory, name: "extra.jsonl")
        let extra = try await GatewireProcess.run(["replay", "--client", withTime, "--target", url])
        #expect(extra.status == 1)
        #expect(extra.standardOutput.contains("sentAt: 1 → (absent)"), "\(extra.standardOutput)")
    }

    @Test("replay --client drives a wss:// backend: verified with --ca and SNI, refused untrusted, --insecure opts out")
    func clientReplayOverTLS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A throwaway self-signed certificate for localhost, made now with the openssl CLI.
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try await ChildProcess.run(command: [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            key, "-out", certificate,
            "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
        ])
        try #require(openssl.status == 0, "\(openssl.standardError)")

        let server = try ChildProcess.fromRepositoryRoot(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "scripts/peers/tls_echo_server.py", certificate, key])
        defer { server.kill() }
        // Generous: with the whole test run sharing two cores, a Python peer can take many seconds to start.
        let port = try await server.waitFor("the TLS server's port", timeout: .seconds(60)) { process -> Int? in
            process.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap {
                Int($0.dropFirst(5))
            }
        }
        let target = "wss://localhost:\(port)/prod"
        let matching = try Self.recording(answer: #"echo:{"action":"hi"}"#, in: directory, name: "matching.jsonl")
        let differing = try Self.recording(answer: "hello", in: directory, name: "differing.jsonl")

        let trusted = try await GatewireProcess.run([
            "replay", "--client", matching, "--target", target, "--ca", certificate,
        ])
        #expect(trusted.status == 0, "\(trusted.standardOutput)\(trusted.standardError)")
        #expect(trusted.standardOutput.contains("answered as recorded"))
        // RFC 6066 server name indication: the host name of the target.
        #expect(server.standardOutput.contains("SNI localhost"))

        let differs = try await GatewireProcess.run([
            "replay", "--client", differing, "--target", target, "--ca", certificate,
        ])
        #expect(differs.status == 1)
        #expect(differs.standardOutput.contains("received: echo:"), "\(differs.standardOutput)")

        // The system trust store does not know the self-signed certificate: no connection can be opened, exit 69
        // with the reason.
        let untrusted = try await GatewireProcess.run(["replay", "--client", matching, "--target", target])
        #expect(untrusted.status == 69)
        #expect(untrusted.standardError.contains("cannot connect to \(target)"), "\(untrusted.standardError)")
        #expect(untrusted.standardError.lowercased().contains("certificate"), "\(untrusted.standardError)")

        let insecure = try await GatewireProcess.run(["replay", "--client", matching, "--target", target, "--insecure"])
        #expect(insecure.status == 0, "\(insecure.standardOutput)\(insecure.standardError)")
    }
}
