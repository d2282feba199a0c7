import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOHTTP1
import NIOPosix
public import NIOSSL
import NIOWebSocket

/// Client-side replay: drives a real backend with a recording's client messages and checks that it answers as
/// recorded.
///
/// Every recorded connection is opened at its recorded offset (scaled by the speed), sends the recorded client
/// messages with their spacing, and waits for each recorded server message. What differs, is missing or arrives
/// unasked is reported per connection. With a TLS context the target is `wss://` (SNI from the host name).
public struct ReplayClient: Sendable {
    /// Where and how to replay.
    public struct Configuration: Sendable {
        /// The backend's host.
        public var host: String
        /// The backend's port.
        public var port: Int
        /// A path replacing the recorded one, or `nil` to use each recorded path (the recorded query is always
        /// sent byte for byte).
        public var path: String?
        /// How much faster than recorded to send; `nil` sends as fast as the replies allow.
        public var speed: Double?
        /// Seconds to wait for each recorded server message or close.
        public var replyTimeout: Double
        /// TLS for a `wss://` backend, or `nil` for `ws://`.
        public var tlsContext: NIOSSLContext?
        /// Members of server messages whose values are not compared; by default the `connectionId` and
        /// `requestId` of the gateway's `Forbidden` and `Internal server error` replies, which differ on every run.
        public var ignoredFields: IgnoredFields

        /// Creates a configuration.
        public init(
            host: String, port: Int, path: String? = nil, speed: Double? = 1, replyTimeout: Double = 5,
            tlsContext: NIOSSLContext? = nil, ignoredFields: IgnoredFields = IgnoredFields()
        ) {
            self.host = host
            self.port = port
            self.path = path
            self.speed = speed
            self.replyTimeout = replyTimeout
            self.tlsContext = tlsContext
            self.ignoredFields = ignoredFields
        }
    }

    /// One way the live backend differs from the recording.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// `handshake`, `message-differs`, `message-missing`, `unexpected-message`, `close-differs`,
        /// `connection-failed`.
        public var kind: String
        /// The recorded connection's label.
        public var connection: String
        /// A readable account.
        public var detail: String

        public var description: String { "\(connection) \(kind):\n\(detail)" }
    }

    /// The outcome of a client-side replay.
    public struct Report: Sendable {
        /// Recorded connections replayed.
        public var connections: Int
        /// Recorded server messages that arrived as recorded.
        public var matchedMessages: Int
        /// Every difference found.
        public var differences: [Difference]

        /// Whether the backend answered exactly as recorded.
        public var matched: Bool { differences.isEmpty }
    }

    public let configuration: Configuration

    /// Creates a client-side replayer.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Replays every connection of the script and reports the differences.
    public func run(_ script: ReplayScript) async -> Report {
        let results = await withTaskGroup(of: (Int, [Difference]).self) { group in
            for connection in script.connections {
                group.addTask {
                    let wait = configuration.speed.map { $0 > 0 ? connection.startOffset / $0 : 0 } ?? 0
                    if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
                    return await replay(connection)
                }
            }
            var all: [(Int, [Difference])] = []
            for await result in group { all.append(result) }
            return all
        }
        let order = Dictionary(uniqueKeysWithValues: script.connections.enumerated().map { ($1.label, $0) })
        let differences = results.flatMap(\.1).sorted { (order[$0.connection] ?? 0) < (order[$1.connection] ?? 0) }
        return Report(
            connections: script.connections.count, matchedMessages: results.map(\.0).reduce(0, +),
            differences: differences)
    }

    private enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, subprotocol: String?)
        case refused(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
    }

    private func replay(_ recorded: ReplayScript.Connection) async -> (Int, [Difference]) {
        var differences: [Difference] = []
        func differ(_ kind: String, _ detail: String) {
            differences.append(Difference(kind: kind, connection: recorded.label, detail: detail))
        }
        let uri = (configuration.path ?? recorded.path) + (recorded.rawQuery.map { "?" + $0 } ?? "")
        let upgrade: Upgrade
        do {
            upgrade = try await connect(uri: uri, subprotocol: recorded.subprotocol)
        } catch {
            differ("connection-failed", "  could not connect to \(configuration.host):\(configuration.port): \(error)")
            return (0, differences)
        }
        switch upgrade {
        case .refused(let channel):
            let status = await Self.status(of: channel)
            if status != recorded.status {
                differ(
                    "handshake",
                    "  expected: HTTP \(recorded.status)\n  received: HTTP \(status.map(String.init) ?? "none")")
            }
            return (0, differences)
        case .websocket(let channel, let subprotocol):
            if recorded.status != 101 {
                differ("handshake", "  expected: HTTP \(recorded.status)\n  received: HTTP 101")
            }
            if subprotocol != recorded.subprotocol {
                differ(
                    "handshake",
                    "  expected subprotocol: \(recorded.subprotocol ?? "none")\n"
                        + "  received subprotocol: \(subprotocol ?? "none")")
            }
            var matched = 0
            do {
                try await channel.executeThenClose { inbound, outbound in
                    let inbox = ReplyInbox()
                    let reader = Task {
                        var partial: (Opcode, [UInt8])?
                        do {
                            for try await wireFrame in inbound {
                                guard let frame = Frame(wireFrame) else { continue }
                                switch frame.opcode {
                                case .text, .binary:
                                    partial = (frame.opcode, frame.payload)
                                case .continuation:
                                    partial?.1 += frame.payload
                                case .close:
                                    await inbox.put(.close(ConnectionStateMachine.parseClosePayload(frame.payload).0))
                                    continue
                                case .ping, .pong:
                                    continue
                                }
                                if frame.fin, let message = partial {
                                    partial = nil
                                    await inbox.put(.message(message.0, message.1))
                                }
                            }
                        } catch {}
                        await inbox.put(.ended)
                    }
                    defer { reader.cancel() }
                    let allocator = channel.channel.allocator
                    stepLoop: for step in recorded.steps {
                        switch step {
                        case .client(let opcode, let payload, let delay):
                            await pause(delay)
                            try await outbound.write(
                                WebSocketFrame(
                                    fin: true, opcode: opcode == .binary ? .binary : .text, maskKey: .random(),
                                    data: allocator.buffer(bytes: payload)))
                        case .server(let opcode, let payload, _):
                            switch await inbox.next(timeout: configuration.replyTimeout) {
                            case .message(let liveOpcode, let livePayload):
                                if let diff = MessageDiff.compare(
                                    expected: (opcode, payload), actual: (liveOpcode, livePayload),
                                    ignoring: configuration.ignoredFields)
                                {
                                    differ("message-differs", "\(diff)")
                                } else {
                                    matched += 1
                                }
                            case .close(let code):
                                differ(
                                    "message-missing",
                                    "  expected: \(Self.show(payload))\n"
                                        + "  received: close \(code.map(String.init) ?? "without code")")
                                break stepLoop
                            case .ended, nil:
                                differ(
                                    "message-missing",
                                    "  expected: \(Self.show(payload))\n"
                                        + "  received: nothing within \(configuration.replyTimeout) s")
                                break stepLoop
                            }
                        case .serverClose(let code, _, _):
                            switch await inbox.next(timeout: configuration.replyTimeout) {
                            case .close(let liveCode):
                                if liveCode != code {
                                    differ(
                                        "close-differs",
                                        "  expected: close \(code.map(String.init) ?? "-")\n"
                                            + "  received: close \(liveCode.map(String.init) ?? "-")")
                                }
                            case .message(_, let livePayload):
                                differ(
                                    "unexpected-message",
                                    "  expected: close \(code.map(String.init) ?? "-")\n"
                                        + "  received: \(Self.show(livePayload))")
                            case .ended, nil:
                                differ(
                                    "close-differs",
                                    "  expected: close \(code.map(String.init) ?? "-")\n"
                                        + "  received: no close frame")
                            }
                            break stepLoop
                        case .clientClose(let code, let reason, let delay):
                            await pause(delay)
                            var buffer = allocator.buffer(capacity: 2 + reason.utf8.count)
                            buffer.writeInteger(code ?? 1000)
                            buffer.writeString(reason)
                            try await outbound.write(
                                WebSocketFrame(
                                    fin: true, opcode: .connectionClose, maskKey: .random(), data: buffer))
                            break stepLoop
                        }
                    }
                    // Anything the backend still sends before closing was not recorded.
                    while case .message(_, let extra) = await inbox.next(timeout: 0.2) {
                        differ("unexpected-message", "  received: \(Self.show(extra))")
                    }
                }
            } catch {
                differ("connection-failed", "  \(error)")
            }
            return (matched, differences)
        }
    }

    private func pause(_ delay: Double) async {
        guard let speed = configuration.speed, speed > 0, delay > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int64(delay / speed * 1000)))
    }

    private static func show(_ payload: [UInt8]) -> String {
        String(validating: payload, as: UTF8.self) ?? "(\(payload.count) bytes)"
    }

    private static func status(of channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>) async
        -> Int?
    {
        try? await channel.executeThenClose { inbound, _ in
            for try await part in inbound {
                if case .head(let head) = part { return Int(head.status.code) }
            }
            return nil
        }
    }

    private func connect(uri: String, subprotocol: String?) async throws -> Upgrade {
        let host = configuration.host
        let port = configuration.port
        let tlsContext = configuration.tlsContext
        // RFC 6066 §3: SNI carries a host name, never an IP address literal.
        let serverName = (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
        let upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tlsContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(
                        maxFrameSize: 1 << 24,
                        upgradePipelineHandler: { channel, response in
                            channel.eventLoop.makeCompletedFuture {
                                let selected = response.headers.first(name: "Sec-WebSocket-Protocol")
                                return Upgrade.websocket(
                                    try NIOAsyncChannel(wrappingChannelSynchronously: channel), subprotocol: selected)
                            }
                        })
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    if let subprotocol { headers.add(name: "Sec-WebSocket-Protocol", value: subprotocol) }
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: uri, headers: headers)
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                Upgrade.refused(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
        return try await upgrade.get()
    }
}

/// What the backend sent, queued for the replay to take with a timeout.
private actor ReplyInbox {
    enum Item: Sendable {
        case message(Opcode, [UInt8])
        case close(UInt16?)
        case ended
    }

    private var items: [Item] = []
    private var waiter: (id: Int, continuation: CheckedContinuation<Item?, Never>)?
    private var nextID = 0
    private var ended = false

    func put(_ item: Item) {
        if case .ended = item { ended = true }
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: item)
        } else {
            items.append(item)
        }
    }

    /// The next item, or `nil` when none arrives within `timeout` seconds.
    func next(timeout: Double) async -> Item? {
        if !items.isEmpty { return items.removeFirst() }
        if ended { return .ended }
        nextID += 1
        let id = nextID
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
            self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiter = (id, continuation)
        }
    }

    private func expire(_ id: Int) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume(returning: nil)
    }
}
