import Foundation
import GatewireTestSupport

/// A throwaway certificate authority and a server certificate it signed for `localhost` and `127.0.0.1`, made with
/// the `openssl` command line tool (installed by `scripts/install-test-peers`) in a fresh temporary directory.
struct TestCertificates {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    /// The authority's certificate: what a client must trust.
    var authority: String { directory.appendingPathComponent("ca.pem").path }
    /// The server's certificate chain.
    var certificate: String { directory.appendingPathComponent("server.pem").path }
    /// The server's private key.
    var privateKey: String { directory.appendingPathComponent("server.key").path }

    init() async throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8)
            .write(to: directory.appendingPathComponent("server.ext"))
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await openssl(
            ["req", "-x509"] + curve + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
                "/CN=Gatewire Test CA",
            ])
        try await openssl(["req"] + curve + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try await openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
        ])
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func openssl(_ arguments: [String]) async throws {
        let result = try await ChildProcess.run(command: ["openssl"] + arguments, currentDirectory: directory)
        guard result.status == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") failed: \(result.standardError)")
        }
    }
}
