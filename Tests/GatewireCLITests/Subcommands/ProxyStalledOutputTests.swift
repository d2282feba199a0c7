import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

/// `gatewire proxy` whose standard output nobody reads while the upstream floods: the traffic still flows, the
/// recording still gets every event as it happens, and the lines the proxy could not show are counted.
@Suite(.serialized, .timeLimit(.minutes(4))) struct ProxyStalledOutputTests {
    @Test("a stalled standard output costs dropped lines, never traffic or recorded events")
    func stalledStandardOutput() async throws {
        let harness = try await ProxyCommandHarness(name: "stall", arguments: ["--json"], readingOutput: false)
        defer { harness.stop() }
        let (proxy, file) = (harness.proxy, harness.recording)

        // 11 MB of binary messages: as JSON Lines (base64) about 15 MB that nobody reads, more than the 8 MiB queue.
        let size = 16_384
        let count = 700
        let command = "__flood__ \(size) \(count)"
        let client = try harness.startClient(
            path: "/", [["text": command], ["recv": count + 1], ["close": 1000]])
        defer { client.kill() }
        _ = try await client.waitFor("the client to finish", timeout: .seconds(60)) { process -> Bool? in
            process.isRunning ? nil : true
        }
        #expect(client.standardOutput.contains("\"close_code\": 1000"), "\(client.standardError)")

        // Every event is in the recording although standard output never moved (printing used to hold up the
        // recording: the close never arrived while standard output was stuck).
        // A debug build encodes about 1 MB of events per second, so the recording may trail the traffic a while.
        _ = try await proxy.waitFor("the close in the recording", timeout: .seconds(150)) { _ -> Bool? in
            let data = (try? Data(contentsOf: file)) ?? Data()
            return String(decoding: data.suffix(4096), as: UTF8.self).contains("\"type\":\"close\"") ? true : nil
        }
        // Counted line by line rather than decoded: this suite shares a process with tests that measure memory.
        let lines = try Data(contentsOf: file).split(separator: UInt8(ascii: "\n"))
        let messages = lines.filter { $0.starts(with: Data(#"{"type":"message""#.utf8)) }
        #expect(messages.count == count + 2)  // the command, the flood, "flood-done"
        let total = lines.count - 1  // the header is no event

        // Once output moves, the lines not shown are counted on standard error, and shown + not shown = all events.
        proxy.startReadingOutput()
        let notShown = try await proxy.waitFor("the not-shown notice") { process -> Int? in
            guard
                let notice = process.standardError.split(separator: "\n").first(where: {
                    $0.contains("not shown: standard output could not keep up")
                })
            else { return nil }
            return Int(notice.dropFirst("gatewire: ".count).prefix { $0.isNumber })
        }
        #expect(notShown > 0)
        _ = try await proxy.waitFor("every shown line") { process -> Bool? in
            let lines = process.standardOutput.split(separator: "\n").count
            return lines + notShown == total ? true : nil
        }
    }
}
