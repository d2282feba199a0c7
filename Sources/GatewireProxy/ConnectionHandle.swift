public import GatewireCore
import NIOCore
import NIOWebSocket

/// A live, relayed connection as the control API reaches it: the one narrow path by which anything outside the
/// relay (the control API, a released breakpoint) acts on a connection. Every call hops to the connection's event
/// loop, where its relay handlers and bookkeeping live.
struct ConnectionHandle: Sendable {
    let eventLoop: any EventLoop
    private let connection: NIOLoopBound<ProxyConnection>
    private let client: NIOLoopBound<FrameRelayHandler>
    private let upstream: NIOLoopBound<FrameRelayHandler>

    /// Wraps a connection and its two relays; call on the connection's event loop.
    init(connection: ProxyConnection, client: FrameRelayHandler, upstream: FrameRelayHandler, eventLoop: any EventLoop)
    {
        self.eventLoop = eventLoop
        self.connection = NIOLoopBound(connection, eventLoop: eventLoop)
        self.client = NIOLoopBound(client, eventLoop: eventLoop)
        self.upstream = NIOLoopBound(upstream, eventLoop: eventLoop)
    }

    /// What `GET @connections/{id}` and the connection list show.
    func snapshot() async -> LiveConnectionSnapshot? {
        try? await eventLoop.submit { () -> LiveConnectionSnapshot in
            let connection = self.connection.value
            return LiveConnectionSnapshot(
                label: connection.label, client: connection.clientAddress, userAgent: connection.userAgent,
                connectedAt: connection.connectedAt, lastActiveAt: connection.lastActiveAt,
                clientOpen: self.client.value.acceptsInjection, upstreamOpen: self.upstream.value.acceptsInjection)
        }.get()
    }

    /// Sends a message as `sender` to the other peer, and records it as injected.
    ///
    /// - Returns: `false` when that peer can no longer be sent messages.
    func send(opcode: Opcode, payload: [UInt8], as sender: Direction, by: String) async -> Bool {
        (try? await eventLoop.submit { () -> Bool in
            let receiver = sender == .server ? self.client.value : self.upstream.value
            let sent = receiver.inject(
                opcode: opcode == .binary ? .binary : .text, payload: ByteBuffer(bytes: payload))
            if sent {
                self.connection.value.injectedMessage(
                    opcode: opcode, payload: payload, as: sender, intervention: Intervention(.injected, by: by))
            }
            return sent
        }.get()) ?? false
    }

    /// Closes the connection: the peers in `peers` get a close frame with `code` and `reason` (the client as if
    /// from the server, the upstream as if from the client), the other one, if any, 1001 (going away: its partner
    /// left); both transports end once their peer answers or the close timeout passes.
    ///
    /// - Returns: `false` when the connection was already closing.
    func close(code: UInt16, reason: String, peers: Set<Direction>, by: String) async -> Bool {
        (try? await eventLoop.submit { () -> Bool in
            let client = self.client.value
            let upstream = self.upstream.value
            guard client.acceptsInjection || upstream.acceptsInjection else { return false }
            for (relay, peer) in [(client, Direction.client), (upstream, Direction.server)] where relay.acceptsInjection
            {
                let chosen = peers.contains(peer)
                let (frameCode, frameReason) = chosen ? (code, reason) : (1001, "going away")
                self.connection.value.injectedClose(
                    code: frameCode, reason: frameReason, as: peer == .client ? .server : .client, by: by)
                relay.initiateClose(code: frameCode, reason: frameReason)
            }
            return true
        }.get()) ?? false
    }
}

/// One live connection as the control API describes it.
public struct LiveConnectionSnapshot: Sendable, Hashable {
    /// The label events use (`c1`): the id `@connections` takes.
    public var label: String
    /// The client's address as `host:port`.
    public var client: String?
    /// The client's `User-Agent`.
    public var userAgent: String?
    /// When the handshake arrived.
    public var connectedAt: Timestamp?
    /// When a peer last sent a frame.
    public var lastActiveAt: Timestamp?
    /// Whether the client can still be sent messages.
    public var clientOpen: Bool
    /// Whether the upstream can still be sent messages.
    public var upstreamOpen: Bool
}
