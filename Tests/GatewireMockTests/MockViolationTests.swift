import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

/// Frames NIOWebSocket's decoder refuses, and a reserved opcode, sent by a raw-socket client: the mock closes with
/// the close codes of the table the proxy and capture import use (`FrameHeaderViolation`), and reports a reserved
/// opcode with the same code.
@Suite(.serialized) struct MockViolationTests {
    /// The proxy's raw-socket client, which sends bytes no WebSocket library would.
    static let rawClient = "../../GatewireProxyTests/Peers/raw_client.py"

    static func masked(_ firstByte: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        return [firstByte, 0x80 | UInt8(payload.count)] + key
            + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }

    @Test(
        "a frame the decoder or the checker refuses closes the connection with the close code every command uses",
        arguments: [
            ("fragmented control frame", masked(0x09, [1]), "fragmented-control-frame", 1002),
            (
                "control frame over 125 bytes",
                [0x89, 0xFE, 0x00, 0x7E, 0x37, 0xFA, 0x21, 0x3D] + [UInt8](repeating: 0, count: 126),
                "control-frame-too-large", 1002
            ),
            (
                "64-bit length with the top bit set", [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x37, 0xFA, 0x21, 0x3D],
                "frame-too-large", 1009
            ),
            ("reserved opcode", masked(0x83, []), "reserved-opcode", 1002),
            ("close code that may not be sent", masked(0x88, [0x03, 0xE7]), "invalid-close-code", 1002),
            ("close body of one byte", masked(0x88, [0x03]), "close-payload-too-short", 1002),
            ("close reason that is not UTF-8", masked(0x88, [0x03, 0xE8, 0xFF]), "invalid-utf8-close-reason", 1007),
        ])
    func decoderViolation(_ name: String, bytes: [UInt8], code: String, closeCode: Int) async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let url = try #require(URLComponents(string: harness.url()))
        let port = try #require(url.port)
        let report = try await PythonPeer.report(
            Self.rawClient,
            ["\(port)", bytes.map { String(format: "%02x", $0) }.joined(), "--path", url.path, "--timeout", "10"])
        #expect(report["close_code"] as? Int == closeCode, "\(report)")
        let events = await harness.finish()
        let errors = events.compactMap { if case .error(let error) = $0 { error } else { nil } }
        // Recorded as sent: the violation, and the gateway's close with the code the client got (not 1006).
        #expect(errors.map(\.code) == [code], "\(events)")
        #expect(errors.first?.closeCode.map(Int.init) == closeCode)
        let closes = events.compactMap { if case .close(let close) = $0 { close } else { nil } }
        #expect(closes.contains { $0.direction == .server && $0.info.code.map(Int.init) == closeCode }, "\(closes)")
    }
}
