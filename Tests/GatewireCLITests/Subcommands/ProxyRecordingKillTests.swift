import Foundation
import GatewireCore
import Testing

/// `gatewire proxy --record` killed with SIGKILL mid-traffic: the recording flushes per event, so every complete
/// line must read back intact and only a torn last line may be lost (and is reported, not fatal).
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyRecordingKillTests {
    static let peers = GatewireProcess.repositoryRoot.appendingPathComponent("Tests/GatewireProxyTests/Peers")
    static let python = URL(fileURLWithPath: "/usr/bin/env")

    @Test("a recording cut by SIGKILL mid-traffic reads back with every complete event intact")
    func killedMidTraffic() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("session.jsonl")

        let upstream = try BackgroundProcess(
            Self.python, ["python3", Self.peers.appendingPathComponent("upstream.py").path])
        defer { upstream.kill() }
        let upstreamPort = try await upstream.waitFor("the upstream's port") { peer in
            peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
        }

        let proxy = try BackgroundProcess(
            GatewireProcess.binary,
            [
                "proxy", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:\(upstreamPort)",
                "--record", file.path,
            ])
        defer { proxy.kill() }
        let proxyPort = try await proxy.waitFor("the proxy's port") { process -> Int? in
            guard let range = process.standardError.range(of: "proxying ws://127.0.0.1:") else { return nil }
            return Int(process.standardError[range.upperBound...].prefix { $0.isNumber })
        }

        // Far more traffic than will pass before the kill, so the proxy dies mid-stream (and small enough for one
        // command-line argument, which Linux caps at 128 KiB).
        let count = 2_500
        var steps: [[String: Any]] = []
        for index in 0..<count { steps += [["text": "message-\(index)"], ["recv": 1]] }
        let script = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        let client = try BackgroundProcess(
            Self.python,
            [
                "python3", Self.peers.appendingPathComponent("client.py").path, "ws://127.0.0.1:\(proxyPort)/kill",
                script,
            ])
        defer { client.kill() }

        _ = try await proxy.waitFor("300 recorded lines") { _ -> Bool? in
            let data = (try? Data(contentsOf: file)) ?? Data()
            return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } >= 300 ? true : nil
        }
        proxy.kill()
        #expect(proxy.terminationReason == .uncaughtSignal)

        let data = try Data(contentsOf: file)
        let terminatedLines = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let recording = try RecordingReader().read(data)
        // Only the last line can be damaged: torn (skipped) or, by chance, complete but for its newline (kept).
        #expect(recording.issues.count <= 1)
        let issue = recording.issues.first
        if let issue {
            #expect([.tornLastLine, .missingFinalNewline].contains(issue.code), "\(issue)")
            #expect(issue.line == terminatedLines + 1)
        }
        let keptUnterminated = issue?.code == .missingFinalNewline ? 1 : 0
        #expect(recording.events.count == terminatedLines - 1 + keptUnterminated)

        let connect = try #require(recording.events.first?.connectEvent)
        #expect(connect.path == "/kill")
        #expect(connect.status == 101)
        let messages = recording.events.compactMap(\.messageEvent)
        #expect(messages.count == recording.events.count - 1)
        let sent = messages.filter { $0.direction == .client }.map(\.text)
        let echoed = messages.filter { $0.direction == .server }.map(\.text)
        #expect(sent.count >= 100)
        #expect(sent == (0..<sent.count).map { "message-\($0)" })
        #expect(echoed == (0..<echoed.count).map { "message-\($0)" })
        #expect(sent.count - echoed.count <= 1)
    }
}

extension SessionEvent {
    fileprivate var connectEvent: ConnectEvent? {
        if case .connect(let event) = self { return event }
        return nil
    }

    fileprivate var messageEvent: MessageEvent? {
        if case .message(let event) = self { return event }
        return nil
    }
}
