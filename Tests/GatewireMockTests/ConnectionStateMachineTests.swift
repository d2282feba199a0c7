import GatewireCore
import Testing

@testable import GatewireMock

@Suite("The gateway's connection state machine, without I/O")
struct ConnectionStateMachineTests {
    private static let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)
    private static let limits = ConnectionStateMachine.Limits(maxMessageSize: 10, idleTimeout: 600, lifetime: 7200)

    private static func text(_ value: String, fin: Bool = true) -> Frame {
        Frame(fin: fin, opcode: .text, masked: true, payload: Array(value.utf8))
    }

    private static func continuation(_ value: String, fin: Bool) -> Frame {
        Frame(fin: fin, opcode: .continuation, masked: true, payload: Array(value.utf8))
    }

    /// Feeds frames in order and returns the actions, as one transcript.
    private static func run(_ frames: [Frame], limits: ConnectionStateMachine.Limits = limits)
        -> [ConnectionStateMachine.Action]
    {
        var machine = ConnectionStateMachine(limits: limits, connectedAt: start)
        return frames.map { machine.received($0, at: start.adding(seconds: 1)) }
    }

    @Test("fragments are assembled into one message with its frame count and largest frame")
    func assembly() {
        #expect(
            Self.run([
                Self.text("ab", fin: false), Self.continuation("cde", fin: false), Self.continuation("f", fin: true),
            ]) == [
                .none, .none,
                .deliver(.init(opcode: .text, payload: Array("abcdef".utf8), frameCount: 3, largestFrameSize: 3)),
            ])
    }

    @Test(
        "the gateway's rules close the connection",
        arguments: [
            ([Frame(opcode: .binary, payload: [1])], UInt16(1003), "binary-frame"),
            ([text("0123456789x")], 1009, "message-too-large"),
            ([text("01234", fin: false), continuation("567890", fin: true)], 1009, "message-too-large"),
            ([continuation("a", fin: true)], 1002, "unexpected-continuation"),
            ([text("a", fin: false), text("b")], 1002, "expected-continuation"),
            ([Frame(opcode: .text, masked: false, payload: [0x61])], 1002, "unmasked-client-frame"),
            ([Frame(opcode: .text, masked: true, payload: [0xFF])], 1007, "invalid-utf8-text"),
            ([Frame(rsv1: true, opcode: .text, masked: true, payload: [0x61])], 1002, "reserved-bits-set"),
        ])
    func closes(frames: [Frame], code: UInt16, violation: String) {
        guard case .close(let closeCode, _, let named)? = Self.run(frames).last else {
            Issue.record("no close for \(violation)")
            return
        }
        #expect(closeCode == code)
        #expect(named == violation)
    }

    @Test("a message of exactly the limit passes")
    func exactLimit() {
        #expect(
            Self.run([Self.text("0123456789")]).last
                == .deliver(
                    .init(opcode: .text, payload: Array("0123456789".utf8), frameCount: 1, largestFrameSize: 10)))
    }

    @Test("a ping is answered with its payload; the client's close is echoed; after it nothing happens")
    func controlFrames() {
        #expect(
            Self.run([
                Frame(opcode: .ping, masked: true, payload: [7]),
                Frame(opcode: .close, masked: true, payload: [0x0F, 0xA1, 0x62]), Self.text("late"),
            ]) == [.pong([7]), .acknowledgeClose(code: 4001, reason: "b"), .none])
    }

    @Test("after the gateway closes, data is dropped and the client's close finishes the handshake")
    func gatewayClose() {
        var machine = ConnectionStateMachine(limits: Self.limits, connectedAt: Self.start)
        let first = machine.closeRequested()
        let second = machine.closeRequested()
        let sends = machine.sendRequested(at: Self.start)
        let data = machine.received(Self.text("x"), at: Self.start)
        let reply = machine.received(Frame(opcode: .close, payload: [0x03, 0xE8]), at: Self.start)
        #expect(first && !second && !sends)
        #expect(data == .none)
        #expect(reply == .finish)
        #expect(machine.state == .closed)
    }

    @Test("the idle deadline moves with activity; the lifetime does not")
    func deadlines() {
        var machine = ConnectionStateMachine(
            limits: .init(maxMessageSize: 10, idleTimeout: 10, lifetime: 25), connectedAt: Self.start)
        #expect(machine.nextDeadline == Self.start.adding(seconds: 10))
        let early = machine.deadlineReached(at: Self.start.adding(seconds: 9))
        #expect(early == .none)
        _ = machine.received(Self.text("a"), at: Self.start.adding(seconds: 9))
        #expect(machine.nextDeadline == Self.start.adding(seconds: 19))
        _ = machine.sendRequested(at: Self.start.adding(seconds: 18))
        #expect(machine.nextDeadline == Self.start.adding(seconds: 25))
        let expired = machine.deadlineReached(at: Self.start.adding(seconds: 25))
        #expect(expired == .close(code: 1001, reason: "Going away", violation: "connection-lifetime"))
        #expect(machine.nextDeadline == nil)
    }

    @Test("an idle connection is closed with 1001 once the idle timeout passes")
    func idle() {
        var machine = ConnectionStateMachine(
            limits: .init(maxMessageSize: 10, idleTimeout: 10, lifetime: nil), connectedAt: Self.start)
        let idle = machine.deadlineReached(at: Self.start.adding(seconds: 10))
        #expect(idle == .close(code: 1001, reason: "Going away", violation: "idle-timeout"))
    }
}
