import GatewireCore
import Testing

@testable import GatewireProxy

@Suite struct FrameRelayStateMachineTests {
    typealias Machine = FrameRelayHandler.StateMachine

    private func frame(_ opcode: UInt8, fin: Bool = true, masked: Bool = true, rsv1: Bool = false)
        -> Machine.ReceivedFrame
    {
        Machine.ReceivedFrame(fin: fin, rsv1: rsv1, rsv2: false, rsv3: false, opcode: opcode, masked: masked)
    }

    private func receive(_ machine: inout Machine, _ header: Machine.ReceivedFrame, _ payload: [UInt8] = [])
        -> Machine.FrameAction
    {
        payload.withUnsafeBytes { machine.received(header, payload: $0) }
    }

    private func failureCode(_ action: Machine.FrameAction) -> String? {
        if case .fail(let violation) = action { return violation.code }
        return nil
    }

    @Test("a fragmented text message with a control frame in between is forwarded frame by frame")
    func fragmentsWithInterleavedPing() {
        var machine = Machine(side: .client)
        #expect(receive(&machine, frame(0x1, fin: false), Array("he".utf8)) == .forward)
        #expect(receive(&machine, frame(0x9), [1]) == .forward)
        #expect(receive(&machine, frame(0x0, fin: true), Array("llo".utf8)) == .forward)
        #expect(receive(&machine, frame(0x2), [0xFF]) == .forward)
    }

    @Test("invalid UTF-8 split across fragments fails as soon as it cannot become valid")
    func utf8AcrossFragments() {
        var machine = Machine(side: .server)
        // U+20AC is E2 82 AC: a split sequence is fine until the continuation byte is wrong.
        #expect(receive(&machine, frame(0x1, fin: false, masked: false), [0xE2]) == .forward)
        #expect(failureCode(receive(&machine, frame(0x0, fin: false, masked: false), [0x41])) == "invalid-utf8-text")
        #expect(receive(&machine, frame(0x1, masked: false), Array("x".utf8)) == .drop)
    }

    @Test("a text message ending mid-character is invalid")
    func truncatedUTF8() {
        var machine = Machine(side: .client)
        #expect(failureCode(receive(&machine, frame(0x1), [0xE2, 0x82])) == "invalid-utf8-text")
    }

    @Test(
        "frames that break RFC 6455 are failed with their code",
        arguments: [
            (Direction.client, UInt8(0x1), true, false, false, "unmasked-client-frame"),
            (Direction.server, UInt8(0x1), true, true, false, "masked-server-frame"),
            (Direction.client, UInt8(0x3), true, true, false, "unknown-opcode"),
            (Direction.client, UInt8(0xB), true, true, false, "unknown-opcode"),
            (Direction.client, UInt8(0x1), true, true, true, "reserved-bits-set"),
            (Direction.client, UInt8(0x0), true, true, false, "unexpected-continuation"),
            (Direction.client, UInt8(0x9), false, true, false, "fragmented-control-frame"),
        ])
    func violations(side: Direction, opcode: UInt8, fin: Bool, masked: Bool, rsv1: Bool, code: String) {
        var machine = Machine(side: side)
        #expect(failureCode(receive(&machine, frame(opcode, fin: fin, masked: masked, rsv1: rsv1))) == code)
    }

    @Test("a new data message inside a fragmented one is a protocol error")
    func interleavedMessages() {
        var machine = Machine(side: .client)
        #expect(receive(&machine, frame(0x2, fin: false), [1]) == .forward)
        #expect(failureCode(receive(&machine, frame(0x1), [0x61])) == "expected-continuation")
    }

    @Test(
        "close frames need a sendable code and a UTF-8 reason",
        arguments: [
            ([UInt8](), nil as String?), ([0x03, 0xE8], nil), ([0x0F, 0xA0, 0x61], nil),
            ([0x03], "close-payload-too-short"),
            ([0x03, 0xED], "invalid-close-code"), ([0x03, 0xE7], "invalid-close-code"),
            ([0x03, 0xE8, 0xFF], "invalid-utf8-close-reason"),
        ])
    func closePayloads(payload: [UInt8], code: String?) {
        var machine = Machine(side: .client)
        let action = receive(&machine, frame(0x8), payload)
        if let code {
            #expect(failureCode(action) == code)
        } else {
            #expect(action == .forwardClose)
        }
    }

    @Test("after its close a peer's frames are dropped, and the answer to the proxy's own close is consumed")
    func closeHandshake() {
        var machine = Machine(side: .client)
        let initiated = machine.mayInitiateClose()
        let writable = machine.mayWrite(opcode: 0x1)
        #expect(initiated && !writable)
        #expect(receive(&machine, frame(0x8), [0x03, 0xE9]) == .consumeCloseReply)
        #expect(machine.closeHandshakeComplete)
        #expect(receive(&machine, frame(0x1), Array("late".utf8)) == .drop)
    }

    @Test("a relayed close answered by the peer completes the handshake on that side")
    func relayedClose() {
        var machine = Machine(side: .server)
        let relayed = machine.mayWrite(opcode: 0x8)
        let ownClose = machine.mayInitiateClose()
        #expect(relayed && !ownClose)
        #expect(receive(&machine, frame(0x8, masked: false), [0x03, 0xE8]) == .forwardClose)
        #expect(machine.closeHandshakeComplete)
    }
}
