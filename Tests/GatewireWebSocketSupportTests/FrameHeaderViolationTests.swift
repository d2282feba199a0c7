import GatewireCore
import GatewireWebSocketSupport
import NIOWebSocket
import Testing

/// The one table from NIOWebSocket's decoder errors to Gatewire's codes, which the proxy, the mock and capture
/// import all report through.
@Suite struct FrameHeaderViolationTests {
    @Test(
        "each decoder error has one code and the close code RFC 6455 prescribes",
        arguments: [
            (NIOWebSocketError.invalidFrameLength, "frame-too-large", UInt16(1009)),
            (.fragmentedControlFrame, "fragmented-control-frame", 1002),
            (.multiByteControlFrameLength, "control-frame-too-large", 1002),
        ])
    func table(error: NIOWebSocketError, code: String, closeCode: UInt16) {
        let violation = FrameHeaderViolation(error)
        #expect(violation.code == code)
        #expect(violation.closeCode == closeCode)
    }

    @Test("the decoder's violations share their codes with the assembler's rules for the same frames")
    func sameVocabulary() {
        var assembler = MessageAssembler(connection: "c1")
        let events = assembler.receive(
            Frame(fin: false, opcode: .ping, masked: true, payload: Array(repeating: 0, count: 126)), from: .client,
            at: Timestamp(microsecondsSinceEpoch: 0))
        let codes = events.compactMap { if case .error(let error) = $0 { error.code } else { nil } }
        #expect(
            codes == [FrameHeaderViolation.fragmentedControlFrame.code, FrameHeaderViolation.controlFrameTooLarge.code])
        let rejected = assembler.reject(.reservedOpcode, from: .server, at: Timestamp(microsecondsSinceEpoch: 1))
        #expect(rejected.code == "reserved-opcode" && rejected.closeCode == 1002 && rejected.side == .server)
    }
}
