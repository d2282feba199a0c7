import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// The bundled captures decoded by `tshark -Y websocket` give the same payloads as Gatewire. Only the scenarios
/// tshark 4.0 handles are compared: it shows an empty payload for the first fragment of a fragmented message and
/// loses permessage-deflate context after one, both of which Gatewire decodes (see `CaptureImportTests`).
@Suite struct TsharkComparisonTests {
    @Test(
        "tshark -Y websocket and gatewire inspect --json agree on every data frame's payload",
        arguments: ["text-binary", "ping-close", "interleaved"])
    func samePayloads(scenario: String) async throws {
        let port = try CaptureFixtures.sent(scenario).port
        let rows = try await Tshark.fields(
            CaptureFixtures.pcap(scenario), httpPort: port, filter: "websocket.opcode == 1 || websocket.opcode == 2",
            fields: ["tcp.srcport", "tcp.dstport", "websocket.opcode", "websocket.payload.text", "data.data"])
        #expect(!rows.isEmpty)
        // Keyed by "sender port>receiver port", the payloads in capture order.
        var theirs: [String: [String]] = [:]
        for row in rows where row.count == 5 {
            let payload = row[2] == "1" ? row[3] : row[4].replacingOccurrences(of: ":", with: "")
            theirs["\(row[0])>\(row[1])", default: []].append(payload)
        }
        var ours: [String: [String]] = [:]
        var ports: [String: (client: String, server: String)] = [:]
        for event in try await GatewireBinary.inspectJSON(CaptureFixtures.pcap(scenario)) {
            let connection = try #require(event["connection"] as? String)
            switch event["type"] as? String {
            case "connect":
                let client = try #require(event["client"] as? String)
                let server = try #require(event["upstream"] as? String)
                ports[connection] = (
                    String(client.split(separator: ":").last!), String(server.split(separator: ":").last!)
                )
            case "message":
                let (client, server) = try #require(ports[connection])
                let key = event["from"] as? String == "client" ? "\(client)>\(server)" : "\(server)>\(client)"
                let bytes =
                    (event["text"] as? String).map { Array($0.utf8) }
                    ?? Array(Data(base64Encoded: event["base64"] as? String ?? "") ?? Data())
                let payload =
                    event["opcode"] as? String == "text"
                    ? String(decoding: bytes, as: UTF8.self)
                    : bytes.map { String(format: "%02x", $0) }.joined()
                ours[key, default: []].append(payload)
            default:
                break
            }
        }
        #expect(ours == theirs)
    }

    @Test("tshark and Gatewire agree on close codes and ping payloads")
    func sameControlFrames() async throws {
        let port = try CaptureFixtures.sent("ping-close").port
        let rows = try await Tshark.fields(
            CaptureFixtures.pcap("ping-close"), httpPort: port, filter: "websocket.opcode >= 8",
            fields: ["websocket.opcode", "websocket.payload.close.status_code", "websocket.payload.ping"])
        let events = try CaptureFixtures.importEvents(CaptureFixtures.pcap("ping-close")).events
        let closeCodes = events.compactMap { event -> String? in
            if case .close(let close) = event, close.direction != nil { return close.info.code.map(String.init) }
            return nil
        }
        #expect(rows.filter { $0.first == "8" }.map { $0[1] } == closeCodes)
        let pings = events.compactMap { event -> String? in
            if case .control(let control) = event, control.opcode == .ping {
                return control.payload.map { String(format: "%02x", $0) }.joined()
            }
            return nil
        }
        #expect(rows.filter { $0.first == "9" }.map { $0[2].replacingOccurrences(of: ":", with: "") } == pings)
    }
}
