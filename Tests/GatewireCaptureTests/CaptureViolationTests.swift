import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Malformed client frames in a captured session get the codes the proxy and the mock report for the same bytes:
/// capture import checks frames with the same assembler and names what NIOWebSocket's decoder refuses with the same
/// table (`FrameHeaderViolation`). The codes here are the ones the proxy's tests expect for the same frames.
@Suite struct CaptureViolationTests {
    private static let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    static let cases: [(String, [UInt8], String)] = [
        (
            "reserved bit", FrameBytes.frame(rsv1: true, opcode: 1, payload: Array("hi".utf8), mask: mask),
            "reserved-bits-set"
        ),
        ("reserved opcode", FrameBytes.frame(opcode: 3, payload: [], mask: mask), "reserved-opcode"),
        (
            "fragmented control frame", FrameBytes.frame(fin: false, opcode: 9, payload: [1], mask: mask),
            "fragmented-control-frame"
        ),
        (
            "control frame over 125 bytes",
            FrameBytes.frame(opcode: 9, payload: Array(repeating: 7, count: 126), mask: mask),
            "control-frame-too-large"
        ),
        (
            "continuation without a message", FrameBytes.frame(opcode: 0, payload: [0x61], mask: mask),
            "unexpected-continuation"
        ),
        ("invalid UTF-8", FrameBytes.frame(opcode: 1, payload: [0x68, 0xC0, 0xAF], mask: mask), "invalid-utf8-text"),
        ("close code 999", FrameBytes.frame(opcode: 8, payload: [0x03, 0xE7], mask: mask), "invalid-close-code"),
        (
            "close reason not UTF-8", FrameBytes.frame(opcode: 8, payload: [0x03, 0xE8, 0xFF], mask: mask),
            "invalid-utf8-close-reason"
        ),
        ("64-bit length with the top bit set", [0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0] + mask, "frame-too-large"),
        ("unmasked client frame", FrameBytes.frame(opcode: 1, payload: [0x68]), "unmasked-client-frame"),
    ]

    /// A capture of one session: the handshake, then `frame` from the client.
    private static func capture(_ frame: [UInt8]) -> PcapFile {
        var sequences: [Bool: UInt32] = [true: 1, false: 1]
        var records: [PcapFile.Record] = []
        for (fromClient, payload) in [(true, FrameBytes.request), (false, FrameBytes.response), (true, frame)] {
            let sequence = sequences[fromClient] ?? 1
            sequences[fromClient] = sequence &+ UInt32(payload.count)
            let bytes = PacketBuilder.ethernet(
                PacketBuilder.ipv4(
                    PacketBuilder.tcp(
                        sourcePort: fromClient ? 50_000 : 8080, destinationPort: fromClient ? 8080 : 50_000,
                        sequence: sequence, payload: payload)))
            records.append(
                .init(
                    seconds: 1, microseconds: UInt32(records.count), originalLength: UInt32(bytes.count),
                    bytes: bytes))
        }
        return PcapFile(linkType: 1, records: records)
    }

    @Test("a malformed client frame gets the code every command uses", arguments: cases)
    func imported(_ name: String, frame: [UInt8], code: String) throws {
        let path = try Self.capture(frame).write("violation.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let events = try CaptureFixtures.importEvents(path).events
        let codes = events.compactMap {
            if case .error(let error) = $0, error.side == .client { error.code } else { nil }
        }
        #expect(codes.first == code, "\(events)")
    }

    @Test("gatewire inspect reports a reserved opcode in a capture as reserved-opcode, as the proxy and the mock do")
    func inspect() async throws {
        let path = try Self.capture(FrameBytes.frame(opcode: 3, payload: [], mask: Self.mask)).write("opcode.pcap")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let errors = try await GatewireBinary.inspectJSON(path).filter { $0["type"] as? String == "error" }
        #expect(errors.map { $0["code"] as? String } == [FrameHeaderViolation.reservedOpcode.code], "\(errors)")
    }
}
