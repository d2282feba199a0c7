import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

/// `gatewire proxy --record` killed with SIGKILL mid-traffic: the recording flushes per event, so every complete
/// line must read back intact and only a torn last line may be lost (and is reported, not fatal).
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyRecordingKillTests {
    @Test("a recording cut by SIGKILL mid-traffic reads back with every complete event intact")
    func killedMidTraffic() async throws {
        let harness = try await ProxyCommandHarness(name: "kill")
        defer { harness.stop() }
        let (proxy, file) = (harness.proxy, harness.recording)

        // Far more traffic than will pass before the kill, so the proxy dies mid-stream (and small enough for one
        // command-line argument, which Linux caps at 128 KiB).
        let count = 2_500
        var steps: [[String: Any]] = []
        for index in 0..<count { steps += [["text": "message-\(index)"], ["recv": 1]] }
        let client = try harness.startClient(path: "/kill", steps)
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
