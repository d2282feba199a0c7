import GatewireCapture
import GatewireCore
import Testing

/// The reassembly state machine, driven directly with segments and checked against transcripts of actions.
@Suite struct TCPReassemblerTests {
    typealias Action = TCPReassembler.StateMachine.Action
    static let client = Endpoint(address: .v4(0x7F00_0001), port: 50_000)
    static let server = Endpoint(address: .v4(0x7F00_0001), port: 8080)
    static let flow = FlowKey(source: client, destination: server)
    static let clientSide = flow.side(of: client)
    static let serverSide = flow.side(of: server)

    /// A segment from the client (or the server) carrying `text` at `sequence`.
    static func from(
        _ side: FlowKey.Side, _ sequence: UInt32, _ text: String = "", flags: TCPSegment.Flags = [.ack],
        ack: UInt32 = 0, missing: Int = 0
    ) -> TCPSegment {
        let (source, destination) = side == clientSide ? (client, server) : (server, client)
        return TCPSegment(
            source: source, destination: destination, sequenceNumber: sequence, acknowledgmentNumber: ack,
            flags: flags, payload: Array(text.utf8), missingPayloadBytes: missing)
    }

    /// Runs segments through one state machine and returns every action, the finish included.
    static func run(_ segments: [TCPSegment], finish: Bool = true) -> [Action] {
        var machine = TCPReassembler.StateMachine()
        var actions: [Action] = []
        for segment in segments {
            actions += machine.receive(segment, from: flow.side(of: segment.source))
        }
        if finish { actions += machine.finish() }
        return actions
    }

    static func data(_ side: FlowKey.Side, _ text: String) -> Action { .deliver(side, Array(text.utf8)) }

    @Test("a handshake, data both ways and FINs give opened, data in order and two finishes")
    func inOrder() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.serverSide, 499, flags: [.syn, .ack], ack: 100),
            Self.from(Self.clientSide, 100, "GET", ack: 500),
            Self.from(Self.serverSide, 500, "HTTP", ack: 103),
            Self.from(Self.clientSide, 103, flags: [.fin, .ack]),
            Self.from(Self.serverSide, 504, flags: [.fin, .ack]),
        ])
        #expect(
            actions == [
                .opened(client: Self.clientSide), Self.data(Self.clientSide, "GET"), Self.data(Self.serverSide, "HTTP"),
                .finished(Self.clientSide), .finished(Self.serverSide),
            ])
    }

    @Test("out-of-order segments wait for the missing one and come out in order")
    func outOfOrder() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 106, "world"),
            Self.from(Self.clientSide, 103, "lo "),
            Self.from(Self.clientSide, 100, "hel"),
        ])
        #expect(
            actions == [
                .opened(client: Self.clientSide), Self.data(Self.clientSide, "hel"), Self.data(Self.clientSide, "lo "),
                Self.data(Self.clientSide, "world"),
            ])
    }

    @Test("retransmissions are dropped and overlaps trimmed, the first copy winning")
    func retransmissionAndOverlap() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 100, "abcd"),
            Self.from(Self.clientSide, 100, "abcd"),
            Self.from(Self.clientSide, 102, "XXef"),
            Self.from(Self.clientSide, 101, "Y"),
        ])
        #expect(
            actions == [
                .opened(client: Self.clientSide), Self.data(Self.clientSide, "abcd"), Self.data(Self.clientSide, "ef"),
            ])
    }

    @Test("sequence numbers wrap around 2^32 without a gap")
    func wrapAround() {
        let actions = Self.run([
            Self.from(Self.clientSide, 0xFFFF_FFFD, flags: [.syn]),
            Self.from(Self.clientSide, 0xFFFF_FFFE, "ab"),
            Self.from(Self.clientSide, 0, "cd"),
        ])
        #expect(actions.dropFirst() == [Self.data(Self.clientSide, "ab"), Self.data(Self.clientSide, "cd")])
    }

    @Test("a segment that never arrives becomes a reported gap at the end of the capture")
    func gapAtEnd() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 100, "ab"),
            Self.from(Self.clientSide, 110, "after"),
        ])
        #expect(
            actions.dropFirst() == [
                Self.data(Self.clientSide, "ab"), .gap(Self.clientSide, TCPGap(byteCount: 8, reason: .missingSegments)),
                Self.data(Self.clientSide, "after"),
            ])
    }

    @Test("the peer acknowledging bytes the capture lacks reports the gap at once")
    func gapProvenByAck() {
        let actions = Self.run(
            [
                Self.from(Self.clientSide, 99, flags: [.syn]),
                Self.from(Self.clientSide, 100, "ab"),
                Self.from(Self.clientSide, 110, "after"),
                Self.from(Self.serverSide, 500, ack: 115),
            ], finish: false)
        #expect(
            actions.dropFirst() == [
                Self.data(Self.clientSide, "ab"), .gap(Self.clientSide, TCPGap(byteCount: 8, reason: .missingSegments)),
                Self.data(Self.clientSide, "after"),
            ])
    }

    @Test("bytes cut by the snapshot length are a truncated-packet gap and the stream continues")
    func snaplenGap() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 100, "abc", missing: 7),
            Self.from(Self.clientSide, 110, "next"),
        ])
        #expect(
            actions.dropFirst() == [
                Self.data(Self.clientSide, "abc"),
                .gap(Self.clientSide, TCPGap(byteCount: 7, reason: .truncatedPacket)),
                Self.data(Self.clientSide, "next"),
            ])
    }

    @Test("the buffer limit gives up on a missing segment instead of holding memory")
    func bufferLimit() {
        var machine = TCPReassembler.StateMachine(
            configuration: .init(maxBufferedBytesPerDirection: 8, maxOutOfOrderSegmentsPerDirection: 100))
        _ = machine.receive(Self.from(Self.clientSide, 99, flags: [.syn]), from: Self.clientSide)
        #expect(machine.receive(Self.from(Self.clientSide, 110, "12345"), from: Self.clientSide) == [])
        let actions = machine.receive(Self.from(Self.clientSide, 115, "6789"), from: Self.clientSide)
        #expect(
            actions == [
                .gap(Self.clientSide, TCPGap(byteCount: 10, reason: .bufferLimit)), Self.data(Self.clientSide, "12345"),
                Self.data(Self.clientSide, "6789"),
            ])
    }

    @Test("a reset ends both directions, flushing what waited")
    func reset() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 105, "late"),
            Self.from(Self.serverSide, 500, flags: [.rst]),
        ])
        #expect(
            actions.dropFirst() == [
                .gap(Self.clientSide, TCPGap(byteCount: 5, reason: .missingSegments)),
                Self.data(Self.clientSide, "late"),
                .reset(Self.serverSide),
            ])
    }

    @Test("a capture that starts mid-connection begins each stream at its first segment")
    func midStream() {
        let actions = Self.run([Self.from(Self.serverSide, 7000, "abc"), Self.from(Self.serverSide, 7003, "def")])
        #expect(actions == [Self.data(Self.serverSide, "abc"), Self.data(Self.serverSide, "def")])
    }

    @Test("a FIN that arrives before the data it follows waits for it")
    func earlyFin() {
        let actions = Self.run([
            Self.from(Self.clientSide, 99, flags: [.syn]),
            Self.from(Self.clientSide, 103, flags: [.fin, .ack]),
            Self.from(Self.clientSide, 100, "abc"),
        ])
        #expect(actions.dropFirst() == [Self.data(Self.clientSide, "abc"), .finished(Self.clientSide)])
    }

    @Test("a new SYN on the same addresses and ports starts a new connection")
    func portReuse() {
        var reassembler = TCPReassembler()
        let time = Timestamp(microsecondsSinceEpoch: 0)
        var events: [TCPReassembler.Event] = []
        events += reassembler.receive(Self.from(Self.clientSide, 99, flags: [.syn]), time: time)
        events += reassembler.receive(Self.from(Self.clientSide, 100, "one"), time: time)
        events += reassembler.receive(Self.from(Self.clientSide, 9999, flags: [.syn]), time: time)
        events += reassembler.receive(Self.from(Self.clientSide, 10000, "two"), time: time)
        #expect(events.map(\.connection.generation) == [0, 0, 1, 1])
        #expect(events.last?.action == Self.data(Self.clientSide, "two"))
    }
}
