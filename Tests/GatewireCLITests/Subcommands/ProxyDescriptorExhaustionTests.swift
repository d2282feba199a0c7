import Foundation
import GatewireTestSupport
import Testing

/// `gatewire proxy` with its file descriptors used up by clients that never send a handshake: it backs off instead
/// of spinning on `accept`, closes the silent sockets at the handshake timeout, and serves new clients as soon as
/// descriptors free up.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyDescriptorExhaustionTests {
    @Test("out of descriptors the proxy stays under 5 % CPU and serves again once sockets close")
    func exhaustedDescriptors() async throws {
        let upstream = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            ["python3", ProxyCommandHarness.peers.appendingPathComponent("upstream.py").path])
        defer { upstream.kill() }
        let upstreamPort = try await upstream.waitFor("the upstream's port") { peer in
            peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
        }
        // 64 descriptors: the runtime and NIO take about 20, the rest go to accepted sockets.
        let proxy = try ChildProcess.fromRepositoryRoot(
            URL(fileURLWithPath: "/usr/bin/prlimit"),
            [
                "--nofile=64:64", GatewireProcess.binary.path, "proxy", "--listen", "127.0.0.1:0", "--upstream",
                "ws://127.0.0.1:\(upstreamPort)", "--handshake-timeout", "30",
            ])
        defer { proxy.kill() }
        let port = try await proxy.waitFor("the proxy's port") { process -> Int? in
            guard let range = process.standardError.range(of: "proxying ws://127.0.0.1:") else { return nil }
            return Int(process.standardError[range.upperBound...].prefix { $0.isNumber })
        }
        // 120 silent sockets, held for 7 s: more than the proxy has descriptors for.
        let idle = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            [
                "python3", ProxyCommandHarness.peers.appendingPathComponent("idle_clients.py").path, "\(port)", "120",
                "7",
            ])
        defer { idle.kill() }
        try await Task.sleep(for: .seconds(1.5))
        let before = try #require(ProcessStatistics.cpuSeconds(of: proxy.processIdentifier))
        let measured = ContinuousClock.now
        try await Task.sleep(for: .seconds(3))
        let after = try #require(ProcessStatistics.cpuSeconds(of: proxy.processIdentifier))
        let elapsed = ContinuousClock.now - measured
        let share =
            (after - before) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        #expect(share < 0.05, "the proxy used \(Int(share * 100)) % of a core while out of descriptors")
        #expect(idle.isRunning, "the silent sockets must still be open while CPU is measured")
        #expect(proxy.standardOutput.contains("accept-failed"), "\(proxy.standardOutput)")

        // The silent sockets go away; a new client is served.
        _ = try await idle.waitFor("the silent sockets to close", timeout: .seconds(20)) { process -> Bool? in
            process.isRunning ? nil : true
        }
        let client = try ProxyCommandHarness.startClient(
            "ws://127.0.0.1:\(port)/prod", [["text": "after"], ["recv": 1], ["close": 1000]])
        defer { client.kill() }
        let result = try await client.waitFor("the client's result", timeout: .seconds(30)) { process -> String? in
            process.isRunning ? nil : process.standardOutput
        }
        #expect(result.contains(#""received": [{"text": ["after"]}]"#), "\(result)")
        #expect(proxy.isRunning)
    }
}
