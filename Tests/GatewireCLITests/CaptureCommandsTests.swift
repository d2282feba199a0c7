import ArgumentParser
import Foundation
import GatewireTestSupport
import Testing

@testable import gatewire

/// `inspect`, `capture` and `export`: argument parsing, and the built binary run on the bundled captures.
@Suite struct CaptureCommandsTests {
    static let root = GatewireProcess.repositoryRoot

    @Test("capture combines --port and --filter into one BPF expression")
    func captureFilter() throws {
        let command = try GatewireCommand.Capture.parse(["-i", "lo", "--port", "8080", "--filter", "host 10.0.0.5"])
        #expect(command.bpfFilter == "tcp and port 8080 and (host 10.0.0.5)")
        #expect(throws: (any Error).self) { try GatewireCommand.Capture.parse(["-i", "lo", "--port", "70000"]) }
    }

    @Test("export requires a known target format")
    func exportFormat() {
        #expect(throws: (any Error).self) { try GatewireCommand.Export.parse(["x.jsonl", "--to", "csv"]) }
        #expect((try? GatewireCommand.Export.parse(["x.jsonl", "--to", "har"]))?.to == .har)
    }

    @Test("inspect prints the session and ends with a summary of connections, messages, problems and gaps")
    func inspectCapture() async throws {
        let result = try await GatewireProcess.run([
            "inspect", Self.root.appendingPathComponent("captures/pcap/interleaved.pcap").path,
        ])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("c2 → text 22 B \"connection 2 message 4\""))
        #expect(result.standardError.contains("2 connections, 20 messages, 0 ping/pong, 0 problems, 0 gaps"))
    }

    @Test("inspect resolves each client message of a capture against the routes given on the command line")
    func inspectResolvesRoutes() async throws {
        let capture = Self.root.appendingPathComponent("captures/pcap/interleaved.pcap").path
        let result = try await GatewireProcess.run([
            "inspect", capture, "--expression", "$request.body.action", "--route", "$default",
        ])
        #expect(result.status == 0)
        // The capture's messages are plain text, so the gateway cannot read an action and falls to $default.
        #expect(result.standardOutput.contains("\"connection 2 message 4\" route $default (not-json)"))
        let without = try await GatewireProcess.run(["inspect", capture])
        #expect(!without.standardOutput.contains("route $default"))
    }

    @Test("inspect lints $connect query strings across connections and resolves a recording's messages")
    func inspectRecordingFindings() async throws {
        let recording = try Self.writeRecording(Self.cacheKeyRecording)
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let result = try await GatewireProcess.run([
            "inspect", recording, "-e", "$request.body.action", "-r", "sendmessage",
        ])
        // Findings at or above --fail-on (warning by default) exit 1, as the README's table says.
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first { $0.contains(" c2 + ") }?.contains("[error same-key-different-bytes]") == true)
        #expect(lines.first { $0.contains(" c1 + ") }?.contains("same-key-different-bytes") == false)
        #expect(lines.last?.contains("route sendmessage (matched)") == true)
    }

    @Test("inspect judges a recording against the API its header names, unless routes are given")
    func inspectRecordingHeaderAPI() async throws {
        let withAPI = Self.cacheKeyRecording.replacingOccurrences(
            of: #""source":"proxy"}"#,
            with: #""source":"proxy","api":{"expression":"$request.body.action","expressionAssumed":false,"#
                + #""routeKeys":["$default","sendmessage"]}}"#)
        let recording = try Self.writeRecording(withAPI)
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let fromHeader = try await GatewireProcess.run(["inspect", recording])
        #expect(fromHeader.status == 1, "\(fromHeader.standardError)")
        #expect(fromHeader.standardOutput.split(separator: "\n").last?.contains("route sendmessage (matched)") == true)
        let overridden = try await GatewireProcess.run([
            "inspect", recording, "-e", "$request.body.action", "-r", "$default",
        ])
        #expect(overridden.standardOutput.split(separator: "\n").last?.contains("route $default") == true)
    }

    @Test("inspect --json carries the analysis in the recording's event encoding, and --record keeps it")
    func inspectJSONAndRecordCarryFindings() async throws {
        let recording = try Self.writeRecording(Self.cacheKeyRecording)
        let copy = recording + ".copy.jsonl"
        defer { for path in [recording, copy] { try? FileManager.default.removeItem(atPath: path) } }
        let result = try await GatewireProcess.run([
            "inspect", recording, "--json", "-r", "sendmessage", "--record", copy,
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.split(separator: "\n").count == 3)
        #expect(result.standardOutput.contains("\"code\":\"same-key-different-bytes\""))
        #expect(result.standardOutput.contains("\"routeKey\":\"sendmessage\""))
        let recorded = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(recorded.contains("\"code\":\"same-key-different-bytes\""))
        #expect(recorded.contains("\"routeKeys\":[\"sendmessage\"]"))
    }

    @Test("inspect shows only what --connection, --direction, --only-route and --grep let through")
    func inspectFilters() async throws {
        let capture = Self.root.appendingPathComponent("captures/pcap/interleaved.pcap").path
        let result = try await GatewireProcess.run([
            "inspect", capture, "--connection", "c2", "--direction", "server", "--grep", "message",
        ])
        let lines = result.standardOutput.split(separator: "\n")
        #expect(result.status == 0)
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.contains(" c2 ← text ") })
        let recording = try Self.writeRecording(Self.cacheKeyRecording)
        defer { try? FileManager.default.removeItem(atPath: recording) }
        let routed = try await GatewireProcess.run([
            "inspect", recording, "-r", "sendmessage", "--only-route", "sendmessage",
        ])
        #expect(routed.standardOutput.split(separator: "\n").count == 1)
        #expect(routed.standardOutput.contains("route sendmessage"))
        let refused = try await GatewireProcess.run(["inspect", capture, "--direction", "sideways"])
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("--direction is client or server"))
    }

    @Test("inspect refuses a file that is no capture, naming it")
    func inspectNotACapture() async throws {
        let result = try await GatewireProcess.run(["inspect", Self.root.appendingPathComponent("Package.swift").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("Package.swift"))
    }

    @Test("export --to har writes a HAR that inspect reads back with the same messages")
    func exportRoundTrip() async throws {
        let har = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString).har")
            .path
        let exported = try await GatewireProcess.run([
            "export", Self.root.appendingPathComponent("captures/pcap/fragmented.pcap").path, "--to", "har", "-o", har,
        ])
        #expect(exported.status == 0)
        let reread = try await GatewireProcess.run(["inspect", har])
        #expect(reread.standardOutput.contains("→ text") && reread.standardOutput.contains("\"fragmented text"))
        #expect(reread.standardError.contains("1 connection, 4 messages"))
    }
}

extension CaptureCommandsTests {
    @Test("inspect --record converts a capture into a recording that inspect --json reads back identically")
    func recordRoundTrip() async throws {
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatewire-\(UUID().uuidString).jsonl"
        ).path
        let pcap = Self.root.appendingPathComponent("captures/pcap/compressed.pcap").path
        let direct = try await GatewireProcess.run(["inspect", "--json", "--record", recording, pcap])
        #expect(direct.status == 1)
        let reread = try await GatewireProcess.run(["inspect", "--json", recording])
        #expect(reread.status == 1)
        #expect(!direct.standardOutput.isEmpty)
        #expect(reread.standardOutput == direct.standardOutput)
        // A recording is never overwritten.
        let again = try await GatewireProcess.run(["inspect", "--record", recording, pcap])
        #expect(again.status == 73)
        #expect(again.standardError.contains("already exists"))
        #expect(again.standardError.contains("already exists"))
    }

    @Test("capture without permission fails with a clear message and exit code 69, not a crash")
    func capturePermission() async throws {
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv))
        // Drop to an unprivileged user with no capabilities, as an ordinary user would run it.
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: setpriv),
            [
                "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                GatewireProcess.binary.path, "capture", "-i", "lo", "--duration", "1",
            ])
        let stderr = result.standardError
        #expect(result.status == 69)
        #expect(stderr.contains("no permission to capture on 'lo'"))
        #expect(stderr.contains("CAP_NET_RAW"))
    }

    /// Two browsers' `$connect` with the same `cacheKey`, one with a raw `+`, one percent-encoded (the gateway
    /// decodes them to different text), then one JSON message, in the recording format.
    static let cacheKeyRecording = """
        {"format":"gatewire-recording","version":1,"creator":{"name":"gatewire","version":"0.1.0"},\
        "startedAt":"2024-08-01T19:37:55.000000Z","source":"proxy"}
        {"type":"connect","time":"2024-08-01T19:37:55.100000Z","connection":"c1","method":"GET","path":"/prod",\
        "rawQuery":"cacheKey=2024-08-01T19:37:55.612063+00:00","headers":[],"status":101}
        {"type":"connect","time":"2024-08-01T19:37:55.200000Z","connection":"c2","method":"GET","path":"/prod",\
        "rawQuery":"cacheKey=2024-08-01T19%3A37%3A55.612063%2B00%3A00","headers":[],"status":101}
        {"type":"message","time":"2024-08-01T19:37:55.300000Z","connection":"c1","from":"client","opcode":"text",\
        "size":24,"frames":1,"largestFrameSize":24,"compressed":false,"text":"{\\"action\\":\\"sendmessage\\"}"}

        """

    /// Writes a recording to a new temporary file and returns its path.
    static func writeRecording(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString).jsonl")
            .path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
