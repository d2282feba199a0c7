import Foundation
import GatewireCapture
import GatewireCore

/// Paths to the repository's bundled captures and helpers to import them.
enum CaptureFixtures {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `captures/pcap/NAME.pcap`.
    static func pcap(_ name: String) -> String {
        root.appendingPathComponent("captures/pcap/\(name).pcap").path
    }

    /// Imports a capture and returns every event and the summary.
    static func importEvents(_ path: String) throws -> (events: [SessionEvent], summary: CaptureSummary) {
        var events: [SessionEvent] = []
        let summary = try CaptureImporter.importFile(path) { events.append($0) }
        return (events, summary)
    }

    /// What the peers said they sent, from `captures/pcap/NAME.json`.
    static func sent(_ name: String) throws -> SentTraffic {
        let data = try Data(contentsOf: root.appendingPathComponent("captures/pcap/\(name).json"))
        return try JSONDecoder().decode(SentTraffic.self, from: data)
    }

    /// A scratch file path under the system's temporary directory.
    static func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)-\(name)").path
    }
}

/// The JSON `scripts/make-test-captures` writes next to each pcap.
struct SentTraffic: Decodable {
    struct Item: Decodable, Hashable {
        var from: String
        var type: String
        var text: String?
        var base64: String?
        var fragments: Int?
        var code: Int?
        var reason: String?

        /// The payload bytes.
        var bytes: [UInt8] {
            if let text { return Array(text.utf8) }
            if let base64 { return Array(Data(base64Encoded: base64)!) }
            return []
        }
    }

    var port: Int
    var connections: [String: [Item]]
}
