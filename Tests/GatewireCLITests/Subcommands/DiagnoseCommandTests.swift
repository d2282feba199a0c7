import Foundation
import GatewireTestSupport
import Testing

/// `gatewire diagnose`, run as a user runs it: the built binary on recordings written to a temporary folder and on
/// a bundled capture, checking what it says and how it exits.
@Suite struct DiagnoseCommandTests {
    /// A browser subscribing with a raw `+00:00`, a worker publishing with the key encoded and cut off, a client
    /// that encoded its whole query as one value; a chat client sending `"$sendPublic"`; a binary frame closed with
    /// 1003; a handshake refused with 403.
    static let troubledRecording = """
        {"format":"gatewire-recording","version":1,"creator":{"name":"gatewire","version":"0.1.0"},\
        "startedAt":"2024-08-01T19:37:55.000000Z","source":"proxy",\
        "api":{"expression":"$request.body.action","expressionAssumed":false,\
        "routeKeys":["$connect","$disconnect","$default","sendmessage","sendPublic"]}}
        {"type":"connect","time":"2024-08-01T19:37:55.100000Z","connection":"c1","method":"GET","path":"/prod",\
        "rawQuery":"serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true",\
        "headers":[],"status":101}
        {"type":"connect","time":"2024-08-01T19:37:55.200000Z","connection":"c2","method":"GET","path":"/prod",\
        "rawQuery":"serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A",\
        "headers":[],"status":101}
        {"type":"connect","time":"2024-08-01T19:37:55.300000Z","connection":"c3","method":"GET","path":"/prod",\
        "rawQuery":"serviceName%3DkelpPersist%26cacheKey%3Dblord","headers":[],"status":101}
        {"type":"message","time":"2024-08-01T19:37:56.000000Z","connection":"c1","from":"client","opcode":"text",\
        "size":30,"frames":1,"largestFrameSize":30,"compressed":false,"text":"{\\"action\\":\\"$sendPublic\\",\\"m\\":1}"}
        {"type":"message","time":"2024-08-01T19:37:56.100000Z","connection":"c2","from":"client","opcode":"text",\
        "size":30,"frames":1,"largestFrameSize":30,"compressed":false,"text":"{\\"action\\":\\"$sendPublic\\",\\"m\\":2}"}
        {"type":"message","time":"2024-08-01T19:37:57.000000Z","connection":"c3","from":"client","opcode":"binary",\
        "size":4,"frames":1,"largestFrameSize":4,"compressed":false,"base64":"AAECAw=="}
        {"type":"close","time":"2024-08-01T19:37:57.100000Z","connection":"c3","from":"server","code":1003,\
        "reason":"","initiator":"server"}
        {"type":"connect","time":"2024-08-01T19:37:58.000000Z","connection":"c4","method":"GET","path":"/pd",\
        "headers":[],"status":403}

        """

    /// Two connections sending correctly and identically encoded keys, routed messages, normal closes.
    static let cleanRecording = """
        {"format":"gatewire-recording","version":1,"creator":{"name":"gatewire","version":"0.1.0"},\
        "startedAt":"2024-08-01T19:37:55.000000Z","source":"proxy",\
        "api":{"expression":"$request.body.action","expressionAssumed":false,\
        "routeKeys":["$connect","$disconnect","$default","sendmessage"]}}
        {"type":"connect","time":"2024-08-01T19:37:55.100000Z","connection":"c1","method":"GET","path":"/prod",\
        "rawQuery":"serviceName=a&cacheKey=2024-08-01T19%3A37%3A55%2B00%3A00","headers":[],"status":101}
        {"type":"connect","time":"2024-08-01T19:37:55.200000Z","connection":"c2","method":"GET","path":"/prod",\
        "rawQuery":"serviceName=a&cacheKey=2024-08-01T19%3A37%3A55%2B00%3A00","headers":[],"status":101}
        {"type":"message","time":"2024-08-01T19:37:56.000000Z","connection":"c1","from":"client","opcode":"text",\
        "size":24,"frames":1,"largestFrameSize":24,"compressed":false,"text":"{\\"action\\":\\"sendmessage\\"}"}
        {"type":"close","time":"2024-08-01T19:37:57.000000Z","connection":"c1","from":"client","code":1000,\
        "reason":"","initiator":"client"}
        {"type":"close","time":"2024-08-01T19:37:57.100000Z","connection":"c1","from":"server","code":1000,\
        "reason":"","initiator":"client"}

        """

    /// Writes text to a new temporary file and returns its path.
    private static func write(_ text: String, suffix: String = ".jsonl") throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-diagnose-\(UUID().uuidString)\(suffix)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("a troubled session exits 1 and names the cut-off key, the encoded query, $sendPublic and the 403")
    func troubledHuman() async throws {
        let path = try Self.write(Self.troubledRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await GatewireProcess.run(["diagnose", path])
        #expect(result.status == 1)
        let text = result.standardOutput
        #expect(text.contains("`%2B00%3A` (c2) is a cut-off prefix of `+00:00` (c1)"))
        #expect(text.contains("`+` became a space for c1 (sent raw `+`)"))
        #expect(text.contains("c3 sent the whole query encoded as one value"))
        #expect(text.contains("$sendPublic"))
        #expect(text.contains("leading-dollar"))
        #expect(text.contains("403"))
        #expect(text.contains("1003"))
        #expect(!text.contains("\u{1B}["))
    }

    @Test("--json prints one document whose sections hold the findings by their stable codes")
    func troubledJSON() async throws {
        let path = try Self.write(Self.troubledRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await GatewireProcess.run([
            "diagnose", "--json", path, "--key", "serviceName", "--key", "cacheKey",
        ])
        #expect(result.status == 1)
        let document = try Self.json(result.standardOutput)
        #expect(document["hasProblems"] as? Bool == true)
        let text = result.standardOutput
        for code in [
            "plus-became-space", "prefix-truncated", "whole-query-encoded", "leading-dollar", "binary-frame",
            "handshake-rejected", "abnormal-close",
        ] {
            #expect(text.contains("\"\(code)\""), "missing \(code)")
        }
    }

    @Test("--json shows each member's key as sent and as the backend receives it, side by side")
    func sideBySide() async throws {
        let path = try Self.write(Self.troubledRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await GatewireProcess.run(["diagnose", "--json", path])
        let document = try Self.json(result.standardOutput)
        let groups = try #require(document["missingSubscriptions"] as? [[String: Any]])
        let members = try #require(groups.first?["members"] as? [[String: Any]])
        let values = try #require(members.first?["values"] as? [[String: Any]])
        let cacheKey = try #require(values.first { $0["parameter"] as? String == "cacheKey" })
        #expect(cacheKey["raw"] as? String == "35354-2024-08-01T19:37:55.612063+00:00")
        #expect(cacheKey["gateway"] as? String == "35354-2024-08-01T19:37:55.612063 00:00")
        #expect(document["keyParameters"] as? [String] == ["serviceName", "cacheKey"])
        #expect(document["keyParametersGuessed"] as? Bool == true)
    }

    @Test("with rfc3986 decoding a raw + stays a +, so only the cut-off copy is left to report")
    func rfc3986Decoding() async throws {
        let path = try Self.write(Self.troubledRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await GatewireProcess.run(["diagnose", "--json", "--decoding", "rfc3986", path])
        #expect(result.status == 1)
        #expect(!result.standardOutput.contains("\"plus-became-space\""))
        #expect(result.standardOutput.contains("\"prefix-truncated\""))
    }

    @Test("several files are diagnosed together and their connections named file:label")
    func severalFiles() async throws {
        let subscriber = try Self.write(
            Self.header + """
                {"type":"connect","time":"2024-08-01T19:37:55.100000Z","connection":"c1","method":"GET",\
                "path":"/prod","rawQuery":"cacheKey=2024-08-01T19:37:55+00:00","headers":[],"status":101}

                """)
        let publisher = try Self.write(
            Self.header + """
                {"type":"connect","time":"2024-08-01T19:37:56.100000Z","connection":"c1","method":"GET",\
                "path":"/prod","rawQuery":"cacheKey=2024-08-01T19%3A37%3A55%2B00%3A00","headers":[],"status":101}

                """)
        defer { for path in [subscriber, publisher] { try? FileManager.default.removeItem(atPath: path) } }
        let names = [subscriber, publisher].map { URL(fileURLWithPath: $0).lastPathComponent }
        let result = try await GatewireProcess.run(["diagnose", subscriber, publisher, "--key", "cacheKey"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("`+` became a space for \(names[0]):c1"))
        #expect(result.standardOutput.contains("\(names[1]):c1"))
        // Each file alone holds one connection, so nothing can be compared.
        #expect(try await GatewireProcess.run(["diagnose", subscriber, "--key", "cacheKey"]).status == 0)
    }

    @Test("--route flags override the routes a recording's header carries")
    func routeFlagsOverrideHeader() async throws {
        let path = try Self.write(Self.troubledRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await GatewireProcess.run([
            "diagnose", "--json", path, "-e", "$request.body.action", "-r", "$sendPublic", "-r", "$default",
        ])
        let document = try Self.json(result.standardOutput)
        #expect((document["routeProblems"] as? [Any])?.isEmpty == true)
    }

    /// A recording header without API configuration.
    static let header = """
        {"format":"gatewire-recording","version":1,"creator":{"name":"gatewire","version":"0.1.0"},\
        "startedAt":"2024-08-01T19:37:55.000000Z","source":"proxy"}

        """

    @Test("a clean session exits 0 and says no problems were found")
    func clean() async throws {
        let path = try Self.write(Self.cleanRecording)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let human = try await GatewireProcess.run(["diagnose", path])
        #expect(human.status == 0)
        #expect(human.standardOutput.lowercased().contains("no problems"))
        let json = try await GatewireProcess.run(["diagnose", path, "--json"])
        #expect(json.status == 0)
        #expect(try Self.json(json.standardOutput)["hasProblems"] as? Bool == false)
    }

    @Test("a bundled capture of ordinary traffic with a close code of the application's own reports nothing")
    func bundledCapture() async throws {
        let capture = GatewireProcess.repositoryRoot.appendingPathComponent("captures/pcap/ping-close.pcap").path
        let result = try await GatewireProcess.run(["diagnose", capture, "--json"])
        #expect(result.status == 0)
        #expect(try Self.json(result.standardOutput)["hasProblems"] as? Bool == false)
    }

    @Test("a bundled capture with a binary message reports it as gateway trouble")
    func bundledBinaryCapture() async throws {
        let capture = GatewireProcess.repositoryRoot.appendingPathComponent("captures/pcap/text-binary.pcap").path
        let result = try await GatewireProcess.run(["diagnose", capture, "--json"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("\"binary-frame\""))
    }

    @Test("a missing file exits 66, a file of no known format 65, a bad flag 64")
    func badInput() async throws {
        let missing = try await GatewireProcess.run(["diagnose", "/nonexistent/session.jsonl"])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("/nonexistent/session.jsonl"))
        let garbage = try Self.write("this is not a capture\n", suffix: ".pcap")
        defer { try? FileManager.default.removeItem(atPath: garbage) }
        let unreadable = try await GatewireProcess.run(["diagnose", garbage])
        #expect(unreadable.status == 65)
        #expect(unreadable.standardError.contains(garbage))
        let clean = try Self.write(Self.cleanRecording)
        defer { try? FileManager.default.removeItem(atPath: clean) }
        #expect(try await GatewireProcess.run(["diagnose", clean, "--decoding", "utf7"]).status == 64)
        #expect(try await GatewireProcess.run(["diagnose", clean, "--no-such-flag"]).status == 64)
        #expect(try await GatewireProcess.run(["diagnose"]).status == 64)
    }

    @Test("--help explains the command with examples")
    func help() async throws {
        let result = try await GatewireProcess.run(["diagnose", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("--key"))
        #expect(result.standardOutput.contains("Examples:"))
    }
}
