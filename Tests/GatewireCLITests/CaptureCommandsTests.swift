import ArgumentParser
import Foundation
import Testing

@testable import gatewire

/// `inspect`, `capture` and `export`: argument parsing, and the built binary run on the bundled captures.
@Suite struct CaptureCommandsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

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

    /// Runs the built `gatewire` binary, which sits next to the test bundle.
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let products =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            .deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let process = Process()
        process.executableURL = products.appendingPathComponent("gatewire")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test("inspect prints the session and ends with a summary of connections, messages, problems and gaps")
    func inspectCapture() throws {
        let result = try run(["inspect", Self.root.appendingPathComponent("captures/pcap/interleaved.pcap").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("c2 → text 22 B \"connection 2 message 4\""))
        #expect(result.stderr.contains("2 connections, 20 messages, 0 ping/pong, 0 problems, 0 gaps"))
    }

    @Test("inspect refuses a file that is no capture, naming it")
    func inspectNotACapture() throws {
        let result = try run(["inspect", Self.root.appendingPathComponent("Package.swift").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Package.swift"))
    }

    @Test("export --to har writes a HAR that inspect reads back with the same messages")
    func exportRoundTrip() throws {
        let har = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString).har")
            .path
        let exported = try run([
            "export", Self.root.appendingPathComponent("captures/pcap/fragmented.pcap").path, "--to", "har", "-o", har,
        ])
        #expect(exported.status == 0)
        let reread = try run(["inspect", har])
        #expect(reread.stdout.contains("→ text") && reread.stdout.contains("\"fragmented text"))
        #expect(reread.stderr.contains("1 connection, 4 messages"))
    }
}

extension CaptureCommandsTests {
    @Test("inspect --record converts a capture into a recording that inspect --json reads back identically")
    func recordRoundTrip() throws {
        let recording = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gatewire-\(UUID().uuidString).jsonl"
        ).path
        let pcap = Self.root.appendingPathComponent("captures/pcap/compressed.pcap").path
        let direct = try run(["inspect", "--json", "--record", recording, pcap])
        #expect(direct.status == 0)
        let reread = try run(["inspect", "--json", recording])
        #expect(reread.status == 0)
        #expect(!direct.stdout.isEmpty)
        #expect(reread.stdout == direct.stdout)
        // A recording is never overwritten.
        let again = try run(["inspect", "--record", recording, pcap])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"))
    }

    @Test("capture without permission fails with a clear message and exit code 69, not a crash")
    func capturePermission() throws {
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv))
        let products =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            .deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: setpriv)
        // Drop to an unprivileged user with no capabilities, as an ordinary user would run it.
        process.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
            products.appendingPathComponent("gatewire").path, "capture", "-i", "lo", "--duration", "1",
        ]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 69)
        #expect(stderr.contains("no permission to capture on 'lo'"))
        #expect(stderr.contains("CAP_NET_RAW"))
    }
}
