import GatewireCore
import Testing

@testable import GatewireProxy

/// The close handshake of one relayed side, driven directly: each step is an event and the action that must come
/// back, and the state it must leave.
@Suite struct FrameRelayStateMachineTests {
    typealias Machine = FrameRelayHandler.StateMachine

    @Test("a peer that closes first has its close relayed, and the other side's answer completes the handshake")
    func peerCloses() {
        var machine = Machine()
        #expect(machine.readsFrames)
        #expect(machine.receivedClose() == .relay)
        #expect(machine.state == .closeReceived && !machine.readsFrames && machine.peerClosed)
        // Data the other side sent before its answer still goes out (RFC 6455 §5.5.1 only stops the closer).
        #expect(machine.deliver(isClose: false) == .write)
        #expect(machine.deliver(isClose: true) == .writeAndCloseTransport)
        #expect(machine.state == .closed)
        #expect(machine.deliver(isClose: false) == .drop)
    }

    @Test("a close relayed to the peer is answered, and the answer is relayed back before the transport closes")
    func otherSideCloses() {
        var machine = Machine()
        #expect(machine.deliver(isClose: true) == .write)
        #expect(machine.state == .closeSent(byProxy: false))
        // Nothing follows a close frame, not even another close.
        #expect(machine.deliver(isClose: false) == .drop)
        #expect(machine.initiateClose() == .awaitAnswer)
        #expect(machine.readsFrames)
        #expect(machine.receivedClose() == .relayAndCloseTransport)
        #expect(machine.state == .closed && !machine.readsFrames)
    }

    @Test("the answer to the proxy's own close ends there and is not relayed")
    func proxyCloses() {
        var machine = Machine()
        #expect(machine.initiateClose() == .writeCloseAndAwaitAnswer)
        #expect(machine.state == .closeSent(byProxy: true))
        #expect(machine.deliver(isClose: false) == .drop)
        #expect(machine.receivedClose() == .closeTransport)
        #expect(machine.initiateClose() == .none)
    }

    @Test("the proxy answers a peer's close itself when the other side can no longer answer it")
    func proxyAnswers() {
        var machine = Machine()
        _ = machine.receivedClose()
        #expect(machine.initiateClose() == .writeCloseAndCloseTransport)
        #expect(machine.state == .closed)
    }

    @Test("a failing peer gets a close frame unless one already went out, and is read no more")
    func failing() {
        var open = Machine()
        let writesClose = open.fail()
        #expect(writesClose)
        #expect(open.state == .failed && !open.readsFrames)
        #expect(open.deliver(isClose: false) == .drop)
        #expect(open.initiateClose() == .none)
        let failsAgain = open.fail()
        #expect(!failsAgain)

        // RFC 6455 §5.5.1: nothing, not even a second close, follows a close frame.
        var closing = Machine()
        _ = closing.initiateClose()
        let writesAfterClose = closing.fail()
        #expect(!writesAfterClose)

        var closed = Machine()
        _ = closed.receivedClose()
        let answersWithFailure = closed.fail()
        #expect(answersWithFailure)
    }

    @Test(
        "when the other side's transport ends, this side closes at once if a handshake was under way",
        arguments: [
            ("open, the other peer vanished", [String](), false, Machine.PartnerEnd.closeWithReason),
            ("open, the other peer had closed", [], true, .closeTransport),
            ("this peer closed, the other vanished", ["receivedClose"], false, .closeWithReason),
            ("a close went to this peer", ["deliverClose"], false, .closeTransport),
            ("the proxy closed this peer", ["initiateClose"], false, .closeTransport),
            ("this peer failed", ["fail"], false, .closeTransport),
        ])
    func partnerEnds(_ name: String, steps: [String], cleanly: Bool, expected: Machine.PartnerEnd) {
        var machine = Machine()
        for step in steps {
            switch step {
            case "receivedClose": _ = machine.receivedClose()
            case "deliverClose": _ = machine.deliver(isClose: true)
            case "initiateClose": _ = machine.initiateClose()
            default: _ = machine.fail()
            }
        }
        #expect(machine.partnerEnded(cleanly: cleanly) == expected, "\(name)")
    }
}
