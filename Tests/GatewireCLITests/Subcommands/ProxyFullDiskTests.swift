import Foundation
import GatewireTestSupport
import Testing

/// A recording that cannot be written is reported at once, relaying goes on, and the proxy exits 74.
@Suite struct ProxyFullDiskTests {
    @Test("a full disk stops the recording, not the relay: reported at once, and exit 74 after SIGTERM")
    func fullDisk() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-full-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A 1 MiB file system of its own: mounting needs root, which the test set-up (and CI) has.
        let mounted = try await Self.system(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", directory.path])
        try #require(mounted == 0, "cannot mount a tmpfs (needs root)")
        // Unmounted whether or not the test passes (a `defer` cannot wait for the command).
        let failure: (any Error)?
        do {
            try await Self.recordOnFullDisk(directory)
            failure = nil
        } catch {
            failure = error
        }
        _ = try? await Self.system(["umount", "-l", directory.path])
        if let failure { throw failure }
    }

    /// Runs an upstream, a recording proxy and a client whose traffic is far more than `directory` holds.
    private static func recordOnFullDisk(_ directory: URL) async throws {
        let upstream = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            ["python3", ProxyCommandHarness.peers.appendingPathComponent("upstream.py").path])
        let upstreamPort = try await upstream.waitFor("the upstream's port") { peer in
            peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
        }
        let recording = directory.appendingPathComponent("session.jsonl").path
        let (proxy, port) = try await RedactionEndToEndTests.startListening(
            [
                "proxy", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:\(upstreamPort)", "--record",
                recording,
                "--json",
            ],
            portAfter: "proxying ws://127.0.0.1:")
        // The upstream sends 40 binary messages of 100 KB: about 5 MB to record (base64) on 1 MiB.
        let steps: [[String: Any]] = [["text": "__flood__ 100000 40"], ["recv": 41], ["close": 1000]]
        let client = try ProxyCommandHarness.startClient("ws://127.0.0.1:\(port)/prod", steps)
        _ = try await client.waitFor("the client to finish", timeout: .seconds(60)) { $0.isRunning ? nil : true }
        let result = try JSONSerialization.jsonObject(with: Data(client.standardOutput.utf8)) as? [String: Any]
        // Every echo arrived although the recording stopped.
        #expect((result?["received"] as? [Any])?.count == 41, "\(client.standardError)")
        #expect(result?["close_code"] as? Int == 1000)
        // Reported while the proxy still runs, not only at exit.
        _ = try await proxy.waitFor("the report of the failed recording", timeout: .seconds(30)) { process in
            process.standardError.contains("cannot write the recording \(recording)") ? true : nil
        }
        #expect(proxy.isRunning)
        let status = await proxy.terminate()
        #expect(status == 74, "\(proxy.standardError)")
        #expect(proxy.standardError.contains("that output is incomplete"))
        upstream.kill()
    }

    /// Runs a system command and returns its exit status.
    private static func system(_ arguments: [String]) async throws -> Int32 {
        try await ChildProcess.run(command: arguments).status
    }
}
