import Foundation
import GatewireTestSupport

/// Runs tshark, the independent decoder the capture tests compare against. It must be installed
/// (`scripts/install-test-peers`); a missing tshark fails the test rather than skipping it.
enum Tshark {
    static let path = ["/usr/bin/tshark", "/usr/local/bin/tshark"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "tshark is not installed: run scripts/install-test-peers" }
    }

    /// tshark's tab-separated field output, one array per packet.
    static func fields(_ pcap: String, httpPort: Int, filter: String, fields: [String]) async throws -> [[String]] {
        guard let path else { throw Missing() }
        // tshark decodes WebSocket only after an HTTP upgrade on a port it treats as HTTP.
        let arguments =
            ["-r", pcap, "-d", "tcp.port==\(httpPort),http", "-Y", filter, "-T", "fields", "-E", "occurrence=f"]
            + fields.flatMap { ["-e", $0] }
        let result = try await ChildProcess.run(URL(fileURLWithPath: path), arguments, timeout: .seconds(120))
        return result.standardOutput.split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
