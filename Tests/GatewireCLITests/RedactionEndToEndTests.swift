import Foundation
import GatewireTestSupport
import Testing

/// Every command that shows, records or exports events redacts the same credentials, and keeps them with
/// `--no-redact`: live traffic through `proxy`, `mock`, `replay` and `capture`, and files through `inspect`,
/// `export` and `diagnose`.
@Suite(.serialized) struct RedactionEndToEndTests {
    /// Fifteen kinds of secret, each a distinct token-like value (none is part of another).
    static let secrets: [(kind: String, value: String)] = (1...15).map { index in
        let kinds = [
            "Authorization header", "Proxy-Authorization header", "Cookie header", "X-Api-Key header",
            "X-Amz-Security-Token header", "token parameter", "access_token parameter",
            "X-Amz-Security-Token parameter", "X-Amz-Signature parameter", "X-Amz-Credential parameter",
            "api_key parameter", "password parameter", "secret parameter", "--redact-param sessionid",
            "Sec-WebSocket-Protocol token",
        ]
        return (kinds[index - 1], "Zq\(index)Xs9Kt\(index)Wp")
    }

    static func secret(_ index: Int) -> String { secrets[index - 1].value }

    static var query: String {
        "token=\(secret(6))&access_token=\(secret(7))&X-Amz-Security-Token=\(secret(8))&"
            + "X-Amz-Signature=\(secret(9))&X-Amz-Credential=\(secret(10))&api_key=\(secret(11))&"
            + "password=\(secret(12))&secret=\(secret(13))&sessionid=\(secret(14))&cacheKey=k1"
    }

    static var clientArguments: [String] {
        [
            "--header", "Authorization: Bearer \(secret(1))", "--header", "Proxy-Authorization: Basic \(secret(2))",
            "--header", "Cookie: session=\(secret(3))", "--header", "X-Api-Key: \(secret(4))",
            "--header", "X-Amz-Security-Token: \(secret(5))", "--subprotocol", "chat", "--subprotocol", secret(15),
        ]
    }

    /// Connects to `port` with every secret, sends a message and closes.
    static func runClient(port: Int) async throws {
        let script = #"[{"text":"{\"action\":\"hello\"}"},{"sleep":0.2},{"close":1000}]"#
        let client = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            [
                "python3", ProxyCommandHarness.peers.appendingPathComponent("client.py").path,
                "ws://127.0.0.1:\(port)/prod?\(query)", script,
            ] + clientArguments)
        _ = try await client.waitFor("the client's result", timeout: .seconds(30)) { process -> Bool? in
            process.isRunning ? nil : true
        }
        #expect(client.standardOutput.contains("\"status\": 101"), "\(client.standardOutput) \(client.standardError)")
    }

    /// Starts a gatewire command that listens, and returns it with the port it printed.
    static func startListening(_ arguments: [String], portAfter marker: String) async throws -> (ChildProcess, Int) {
        let process = try ChildProcess.fromRepositoryRoot(GatewireProcess.binary, arguments)
        let port = try await process.waitFor("the port of gatewire \(arguments[0])") { process -> Int? in
            let text = process.standardError + process.standardOutput
            guard let range = text.range(of: marker) else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return (process, port)
    }

    /// A recording holding every secret as sent, as one written with `--no-redact` would.
    static func unredactedRecording() -> String {
        let headers = [
            ("Authorization", "Bearer \(secret(1))"), ("Proxy-Authorization", "Basic \(secret(2))"),
            ("Cookie", "session=\(secret(3))"), ("X-Api-Key", secret(4)), ("X-Amz-Security-Token", secret(5)),
            ("Sec-WebSocket-Protocol", "chat, \(secret(15))"), ("Host", "127.0.0.1"),
        ].map { #"{"name":"\#($0.0)","value":"\#($0.1)"}"# }.joined(separator: ",")
        return """
            {"format":"gatewire-recording","version":1,"creator":{"name":"gatewire","version":"test"},\
            "startedAt":"2024-08-01T19:37:55.000000Z","source":"proxy"}
            {"type":"connect","time":"2024-08-01T19:37:55.100000Z","connection":"c1","method":"GET","path":"/prod",\
            "rawQuery":"\(query)","headers":[\(headers)],"subprotocol":"\(secret(15))","status":101}
            {"type":"message","time":"2024-08-01T19:37:55.200000Z","connection":"c1","from":"client",\
            "opcode":"text","size":18,"frames":1,"largestFrameSize":18,"compressed":false,"text":"{\\"action\\":\\"hello\\"}"}
            {"type":"close","time":"2024-08-01T19:37:55.300000Z","connection":"c1","from":"client",\
            "code":1000,"reason":"","initiator":"client"}

            """
    }

    @Test(
        "no secret reaches any output, recording, JSON line or HAR of any command, and --no-redact keeps them all",
        arguments: [true, false])
    func everyCommand(redacts: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-redact-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let flags = redacts ? ["--redact-param", "sessionid"] : ["--no-redact"]
        var outputs: [(String, String)] = []

        // Live: a client → proxy → mock, with a capture on the mock's port.
        let (mock, mockPort) = try await Self.startListening(
            ["mock", "--listen", "127.0.0.1:0", "-r", "$default", "--record", path("mock.jsonl"), "--json"] + flags,
            portAfter: "connect to ws://127.0.0.1:")
        let (proxy, proxyPort) = try await Self.startListening(
            [
                "proxy", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:\(mockPort)", "--record",
                path("proxy.jsonl"), "--json",
            ] + flags,
            portAfter: "proxying ws://127.0.0.1:")
        let capture = try ChildProcess.fromRepositoryRoot(
            GatewireProcess.binary,
            ["capture", "-i", "lo", "--port", "\(mockPort)", "--record", path("capture.jsonl"), "--json"] + flags)
        _ = try await capture.waitFor("the capture to start") { $0.standardError.contains("capturing on") ? true : nil }
        try await Task.sleep(for: .milliseconds(500))
        try await Self.runClient(port: proxyPort)
        try await Task.sleep(for: .milliseconds(500))
        for (name, process) in [("capture", capture), ("proxy", proxy), ("mock", mock)] {
            let status = await process.terminate()
            #expect([0, 1].contains(status), "\(name) exited \(status): \(process.standardError)")
            outputs.append(("\(name) output", process.standardOutput + process.standardError))
            outputs.append(("\(name) recording", try String(contentsOfFile: path("\(name).jsonl"), encoding: .utf8)))
        }

        // Replay answers a live client with the secrets and records it.
        try Self.unredactedRecording().write(toFile: path("input.jsonl"), atomically: true, encoding: .utf8)
        let (replay, replayPort) = try await Self.startListening(
            [
                "replay", path("input.jsonl"), "--listen", "127.0.0.1:0", "--speed", "0", "--record",
                path("replay.jsonl"), "--json",
            ] + flags,
            portAfter: "connect to ws://127.0.0.1:")
        try await Self.runClient(port: replayPort)
        await replay.terminate()
        outputs.append(("replay output", replay.standardOutput + replay.standardError))
        outputs.append(("replay recording", try String(contentsOfFile: path("replay.jsonl"), encoding: .utf8)))

        // Files: a recording that holds every secret.
        let inspected = try await GatewireProcess.run(
            ["inspect", path("input.jsonl"), "--json", "--record", path("inspect.jsonl")] + flags)
        outputs.append(("inspect --json", inspected.standardOutput + inspected.standardError))
        outputs.append(("inspect --record", try String(contentsOfFile: path("inspect.jsonl"), encoding: .utf8)))
        let human = try await GatewireProcess.run(["inspect", path("input.jsonl"), "--color", "never"] + flags)
        outputs.append(("inspect", human.standardOutput + human.standardError))
        let exported = try await GatewireProcess.run(
            ["export", path("input.jsonl"), "--to", "har", "-o", path("out.har")] + flags)
        #expect(exported.status == 0, "\(exported.standardError)")
        outputs.append(("export --to har", try String(contentsOfFile: path("out.har"), encoding: .utf8)))

        for (name, text) in outputs {
            let found = Self.secrets.filter { text.contains($0.value) }.map(\.kind)
            if redacts {
                #expect(found.isEmpty, "\(name) shows \(found)")
                continue
            }
            // Recordings, JSON lines and HAR carry every header and the query; human lines show neither.
            guard !name.hasSuffix("output") || ["proxy output", "replay output"].contains(name), name != "inspect"
            else { continue }
            // The proxy consumes Proxy-Authorization (hop by hop), so what is behind it never sees that one.
            let behindProxy = name.hasPrefix("mock") || name.hasPrefix("capture")
            let expected = Self.secrets.map(\.kind).filter { !(behindProxy && $0 == "Proxy-Authorization header") }
            #expect(expected.allSatisfy(found.contains), "\(name) lacks \(expected.filter { !found.contains($0) })")
        }
        let diagnosed = try await GatewireProcess.run(["diagnose", path("input.jsonl"), "--json"] + flags)
        let diagnosisSecrets = Self.secrets.filter { diagnosed.standardOutput.contains($0.value) }
        if redacts { #expect(diagnosisSecrets.isEmpty, "diagnose shows \(diagnosisSecrets.map(\.kind))") }
    }
}
