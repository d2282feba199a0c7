import GatewireCore
import Testing

@Suite struct MessageAssemblerViolationTests {
    @Test("a continuation with no message started is ignored and reported with 1002")
    func unexpectedContinuation() throws {
        try expectTranscript(
            """
            > client continuation "orphan"
            < error client unexpected-continuation 1002
            > client text "next"
            < message client text "next" frames=1 largest=4
            """)
    }

    @Test("a new data frame inside a fragmented message breaks the open one off and starts afresh")
    func expectedContinuation() throws {
        try expectTranscript(
            """
            > server text fin=0 "first"
            > server binary "\\x01"
            < message server binary "\\x01" frames=1 largest=1
            < error server expected-continuation 1002
            > server continuation "late"
            < error server unexpected-continuation 1002
            """)
    }

    @Test("a fragmented control frame is delivered and reported with 1002")
    func fragmentedControl() throws {
        try expectTranscript(
            """
            > client ping fin=0 "x"
            < control client ping "x"
            < error client fragmented-control-frame 1002
            """)
    }

    @Test("a control frame may carry 125 bytes but not 126")
    func controlFrameSize() throws {
        try expectTranscript(
            """
            > client ping "a"*125
            < control client ping "a"*125
            > server pong "b"*126
            < control server pong "b"*126
            < error server control-frame-too-large 1002
            > client close code=1000 "r"*124
            < close client code=1000 "r"*124 initiator=client
            < error client control-frame-too-large 1002
            """)
    }

    @Test("reserved bits without a negotiated extension are reported with 1002")
    func reservedBits() throws {
        try expectTranscript(
            """
            > client text rsv1 "a"
            < message client text "a" frames=1 largest=1
            < error client reserved-bits-set 1002
            > server binary rsv2 rsv3 "\\x00"
            < message server binary "\\x00" frames=1 largest=1
            < error server reserved-bits-set 1002
            > client ping rsv3 ""
            < control client ping ""
            < error client reserved-bits-set 1002
            """)
    }

    @Test("with permessage-deflate, RSV1 is still wrong on control and continuation frames")
    func reservedBitsWithDeflate() throws {
        try expectTranscript(
            """
            > client ping rsv1 ""
            < control client ping ""
            < error client reserved-bits-set 1002
            > client text fin=0 rsv1 "Z"
            > client continuation rsv1 "a"
            < message client text "a" frames=2 largest=1 compressed
            < error client reserved-bits-set 1002
            """,
            configuration: MessageAssemblerConfiguration(permessageDeflate: [.client]),
            inflater: ReversingInflater())
    }

    @Test("data after a side's close frame is ignored and reported; the other side may still send")
    func frameAfterClose() throws {
        try expectTranscript(
            """
            > client close code=1000 ""
            < close client code=1000 "" initiator=client
            > client text "too late"
            < error client frame-after-close
            > server text "goodbye"
            < message server text "goodbye" frames=1 largest=7
            > client ping ""
            < control client ping ""
            """)
    }

    @Test("masking is checked once per direction, and not at all when switched off")
    func masking() throws {
        try expectTranscript(
            """
            > client text unmasked "a"
            < message client text "a" frames=1 largest=1
            < error client unmasked-client-frame 1002
            > client text unmasked "b"
            < message client text "b" frames=1 largest=1
            > server text masked "c"
            < message server text "c" frames=1 largest=1
            < error server masked-server-frame 1002
            """)
        try expectTranscript(
            """
            > client text unmasked "a"
            < message client text "a" frames=1 largest=1
            """,
            configuration: MessageAssemblerConfiguration(checksMasking: false))
    }

    @Test("a message over the size cap is dropped with 1009, up to its final frame")
    func sizeCap() throws {
        try expectTranscript(
            """
            > client text "0123456789"
            < message client text "0123456789" frames=1 largest=10
            > client text "0123456789A"
            < error client message-too-large 1009
            > client binary fin=0 "012345"
            > client continuation fin=0 "6789AB"
            < error client message-too-large 1009
            > client ping ""
            < control client ping ""
            > client continuation fin=0 "more"
            > client continuation "end"
            > client text "ok"
            < message client text "ok" frames=1 largest=2
            > client text fin=0 "0123456789AB"
            < error client message-too-large 1009
            > client text "new"
            < message client text "new" frames=1 largest=3
            < error client expected-continuation 1002
            """,
            configuration: MessageAssemblerConfiguration(maxMessageSize: 10))
    }

    @Test("error events say what happened in words, with the RFC section")
    func messages() {
        var assembler = MessageAssembler(connection: "c1")
        let time = AssemblerTranscript.time(ofFrame: 1)
        _ = assembler.receive(Frame(fin: false, opcode: .text, masked: true, payload: [0x61]), from: .client, at: time)
        let events = assembler.receive(Frame(opcode: .binary, masked: true, payload: []), from: .client, at: time)
        guard case .error(let error) = events.last else {
            Issue.record("expected an error, got \(events)")
            return
        }
        #expect(
            error.message
                == "The client started a new binary message while a fragmented text message (1 frame so far) was "
                + "unfinished (RFC 6455 §5.4); the unfinished message was dropped.")
        #expect(error.side == .client)
        #expect(error.connection == "c1")
        #expect(error.time == time)
    }

    private static let reservedBitCases: [(Frame, Set<Direction>, String)] = [
        (
            Frame(rsv1: true, opcode: .text, masked: true, payload: []), [],
            "The client sent a text frame with RSV1 set, but no extension that defines it was negotiated "
                + "(RFC 6455 §5.2)."
        ),
        (
            Frame(rsv2: true, rsv3: true, opcode: .binary, masked: true, payload: []), [.client],
            "The client sent a binary frame with RSV2 and RSV3 set, but no extension that defines them was "
                + "negotiated (RFC 6455 §5.2)."
        ),
        (
            Frame(rsv1: true, opcode: .pong, masked: true, payload: []), [.client],
            "The client sent a pong frame with RSV1 set, but permessage-deflate never compresses control frames "
                + "(RFC 7692 §6.1)."
        ),
    ]

    @Test("a reserved-bit error says why the bit is wrong where it was set", arguments: reservedBitCases)
    func reservedBitMessages(frame: Frame, deflate: Set<Direction>, message: String) {
        var assembler = MessageAssembler(
            connection: "c1", configuration: MessageAssemblerConfiguration(permessageDeflate: deflate),
            inflater: ReversingInflater())
        let events = assembler.receive(frame, from: .client, at: AssemblerTranscript.time(ofFrame: 1))
        let errors = events.compactMap { event -> ErrorEvent? in
            guard case .error(let error) = event else { return nil }
            return error
        }
        #expect(errors.map(\.message) == [message])
    }
}
