import Foundation
import GatewireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One exit code per kind of failure, whatever the subcommand, each with a sentence that names the problem.
@Suite struct ExitCodeTests {
    /// A listening socket on a free loopback port, held until `close()`: the "port in use" every command must report.
    final class BusyPort {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                        && getsockname(descriptor, socketAddress, &length) == 0
                }
            }
            guard bound else { throw POSIXError(.EADDRINUSE) }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { Glibc.close(descriptor) }
    }

    static let recording = "captures/004-chat/session.jsonl"

    @Test(
        "a port in use is exit 69 with the same sentence in proxy, mock and replay",
        arguments: ["proxy", "mock", "replay"])
    func busyPort(command: String) async throws {
        let busy = try BusyPort()
        var arguments = [command, "--listen", "127.0.0.1:\(busy.port)"]
        if command == "replay" { arguments.insert(Self.recording, at: 1) }
        let result = try await GatewireProcess.run(arguments)
        #expect(result.status == 69, "\(result.standardError)")
        #expect(result.standardError.contains("cannot listen on 127.0.0.1:\(busy.port): the address is already in use"))
        #expect(!result.standardError.contains("errno"))
    }

    @Test("an output file that exists or whose folder is missing is exit 73 for --record and export -o")
    func outputFiles() async throws {
        let existing = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-exists-\(UUID())").path
        try Data("keep".utf8).write(to: URL(fileURLWithPath: existing))
        defer { try? FileManager.default.removeItem(atPath: existing) }
        let missing = "/nonexistent-\(UUID())/out.jsonl"
        let runs: [([String], String)] = [
            (["inspect", Self.recording, "-q", "--record", existing], "already exists"),
            (["inspect", Self.recording, "-q", "--record", missing], "does not exist"),
            (["export", Self.recording, "--to", "har", "-o", existing], "already exists"),
            (
                ["proxy", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:9", "--record", existing],
                "already exists"
            ),
            (["mock", "--listen", "127.0.0.1:0", "--record", missing], "does not exist"),
        ]
        for (arguments, sentence) in runs {
            let result = try await GatewireProcess.run(arguments)
            #expect(result.status == 73, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(sentence), "\(arguments): \(result.standardError)")
        }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep")
    }

    @Test("replay --client against a closed port is exit 69, not a difference")
    func closedTarget() async throws {
        let port = try BusyPort().port  // closed again when the socket goes
        let result = try await GatewireProcess.run([
            "replay", "--client", Self.recording, "--target", "ws://127.0.0.1:\(port)",
        ])
        #expect(result.status == 69, "\(result.standardError)")
        #expect(result.standardError.contains("connection refused"))
    }

    @Test("TLS files that are missing are 66 and files that hold no PEM block are 65, with the flag named")
    func tlsFiles() async throws {
        let runs: [([String], Int32, String)] = [
            (
                ["proxy", "--listen", "127.0.0.1:0", "--upstream", "wss://127.0.0.1:9", "--ca", "/etc/hostname"], 65,
                "/etc/hostname (--ca) holds no PEM certificate"
            ),
            (
                ["proxy", "--listen", "127.0.0.1:0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/etc/hostname"],
                66,
                "cannot read /nonexistent.pem: no such file (--tls-cert)"
            ),
            (
                ["replay", "--client", Self.recording, "--target", "wss://127.0.0.1:9", "--ca", "/etc/hostname"], 65,
                "(--ca) holds no PEM certificate"
            ),
        ]
        for (arguments, code, sentence) in runs {
            let result = try await GatewireProcess.run(arguments)
            #expect(result.status == code, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(sentence), "\(arguments): \(result.standardError)")
        }
    }

    @Test("an unknown option is named, even when other required flags are missing")
    func unknownOption() async throws {
        let result = try await GatewireProcess.run(["route", "--bogus"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("Unknown option '--bogus'"), "\(result.standardError)")
    }
}
