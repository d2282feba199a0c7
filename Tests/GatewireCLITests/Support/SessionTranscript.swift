import Foundation

/// What a recording (or `inspect --json` output) says happened on each connection, with everything that changes
/// from run to run taken out: times, ports, handshake keys and headers, and gateway connection ids (inside payloads
/// they become `<id1>`, `<id2>`, … in order of first appearance, so the same id still reads the same everywhere).
///
/// Kept per event: message direction, opcode, payload, size, frames, route resolution and findings; handshake path,
/// raw and decoded query, status, subprotocol and findings; close sender, code, reason and initiator; error side
/// and code.
struct SessionTranscript: Equatable {
    /// The header's API configuration, as canonical JSON (`nil` for output without a header).
    var api: String?
    /// Canonical JSON lines per connection label, in recorded order.
    var connections: [String: [String]]
    /// Only the messages and close frames (sender, opcode or code, payload), per connection: the traffic itself.
    var traffic: [String: [String]]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads JSON Lines text: a gatewire recording, or the events `inspect --json` prints.
    init(jsonLines text: String) throws {
        var api: String?
        var events: [(label: String, kept: [String: Any], traffic: [String: Any]?)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure(description: "line \(number + 1) is not a JSON object")
            }
            if object["format"] != nil {
                api = try object["api"].map(Self.canonical)
                continue
            }
            guard let type = object["type"] as? String, let label = object["connection"] as? String else { continue }
            let fields: [String]
            var traffic: [String: Any]?
            switch type {
            case "connect":
                fields = ["path", "rawQuery", "query", "status", "subprotocol", "findings"]
            case "message":
                fields = ["from", "opcode", "size", "frames", "text", "base64", "resolution", "findings"]
                traffic = object.filter { ["from", "opcode", "text", "base64"].contains($0.key) }
            case "control":
                fields = ["from", "opcode", "text", "base64"]
            case "close":
                fields = ["from", "code", "reason", "initiator"]
                // A connection that ended without a close frame (a refused handshake) is traffic only in a pcap.
                if object["from"] != nil { traffic = object.filter { ["from", "code"].contains($0.key) } }
            case "error":
                fields = ["side", "code"]
            default:
                fields = []
            }
            var kept = object.filter { fields.contains($0.key) }
            kept["type"] = type
            traffic?["type"] = type
            events.append((label, kept, traffic))
        }
        // Number connection ids in a stable order: connections by label, events in recorded order.
        let labels = Set(events.map(\.label)).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        var ids = IdentifierNumbering()
        var connections: [String: [String]] = [:]
        var traffic: [String: [String]] = [:]
        for label in labels {
            for event in events where event.label == label {
                connections[label, default: []].append(ids.replace(in: try Self.canonical(event.kept)))
                if let moved = event.traffic {
                    traffic[label, default: []].append(ids.replace(in: try Self.canonical(moved)))
                }
            }
        }
        self.api = api
        self.connections = connections
        self.traffic = traffic
    }

    private static func canonical(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }
}

/// Replaces gateway connection and request ids (16 base64url characters ending in `=`, reference: API Gateway's
/// `R1kmxc2VNjMCFIA=`) with numbered placeholders, the same id always getting the same number.
private struct IdentifierNumbering {
    private var numbers: [String: Int] = [:]
    private let pattern = try! NSRegularExpression(pattern: "(?<![A-Za-z0-9_+/=-])[A-Za-z0-9_-]{15}=(?![A-Za-z0-9=])")

    mutating func replace(in text: String) -> String {
        let source = text as NSString
        var result = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let id = source.substring(with: match.range)
            let number = numbers[id] ?? (numbers.count + 1)
            numbers[id] = number
            result += source.substring(with: NSRange(location: last, length: match.range.location - last))
            result += "<id\(number)>"
            last = match.range.location + match.range.length
        }
        return result + source.substring(from: last)
    }
}
