import Foundation

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
    static func fields(_ pcap: String, httpPort: Int, filter: String, fields: [String]) throws -> [[String]] {
        guard let path else { throw Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        // tshark decodes WebSocket only after an HTTP upgrade on a port it treats as HTTP.
        process.arguments =
            ["-r", pcap, "-d", "tcp.port==\(httpPort),http", "-Y", filter, "-T", "fields", "-E", "occurrence=f"]
            + fields.flatMap { ["-e", $0] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
