public import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOWebSocket

/// The fourth and fifth decoding layers for one TCP connection: its two reassembled byte streams in, the HTTP
/// handshake and WebSocket frames out.
///
/// HTTP is parsed by NIOHTTP1's request and response decoders, each run in an `EmbeddedChannel`, and frames by
/// NIOWebSocket's `WebSocketFrameDecoder` (`CapturedFrameDecoder`): the decoders are the same code a live NIO
/// server uses, fed from a capture instead of a socket. An upgrade is recognised on any port. A stream whose handshake
/// was not captured, or that lost bytes to a gap, is decoded again only from a point where whole frames can be
/// recognised safely (see `FrameBoundaryCheck`); everything in between is reported, never guessed.
///
/// Channels are bound to the thread that created them, so a decoder must be used from one thread.
public final class StreamDecoder {
    /// The decoder's limits.
    public struct Configuration: Hashable, Sendable {
        /// The largest frame payload decoded. RFC 6455 allows 2^63 bytes; NIO holds a frame whole before handing
        /// it on, so this bounds memory per connection. 64 MiB covers Autobahn's largest case (16 MiB in one
        /// frame) with room to spare, and is far above API Gateway's 32 KB frame limit.
        public var maxFrameSize: Int
        /// The most bytes one direction may send before its HTTP head is complete; more means it is not a
        /// handshake worth waiting for.
        public var maxHandshakeBytes: Int

        /// Creates a configuration.
        public init(maxFrameSize: Int = 64 << 20, maxHandshakeBytes: Int = 64 << 10) {
            self.maxFrameSize = maxFrameSize
            self.maxHandshakeBytes = maxHandshakeBytes
        }
    }

    /// What the decoder found.
    public enum Output: Hashable, Sendable {
        /// The client's HTTP request head.
        case request(HandshakeRequest)
        /// The server's HTTP response head.
        case response(HandshakeResponse)
        /// One WebSocket frame, unmasked.
        case frame(Frame, Direction)
        /// A protocol violation or a decoding problem, with a stable code.
        case problem(code: String, message: String, side: Direction?)
    }

    private enum State {
        /// Waiting for enough first bytes to tell HTTP from frames.
        case start([UInt8])
        /// Parsing HTTP with NIOHTTP1.
        case http(EmbeddedChannel, handledBytes: Int)
        /// The client sent an upgrade request; its next bytes (`waitingBytes` of them) wait in the HTTP decoder for
        /// the server's answer.
        case awaitingUpgrade(EmbeddedChannel, waitingBytes: Int)
        /// Decoding WebSocket frames with NIOWebSocket.
        case frames(CapturedFrameDecoder)
        /// Frames lost their boundary (gap, violation, no handshake): waiting for a chunk that starts with whole,
        /// plausible frames.
        case resynchronizing
        /// Not WebSocket traffic (plain HTTP, or something else): ignored.
        case ignored

        /// The NIOHTTP1 channel the state holds, if any.
        var httpChannel: EmbeddedChannel? {
            switch self {
            case .http(let channel, _), .awaitingUpgrade(let channel, _): channel
            case .start, .frames, .resynchronizing, .ignored: nil
            }
        }
    }

    private static let httpHandlerName = "http-decoder"
    private let configuration: Configuration
    // An embedded channel's pipeline and handlers refer to one another until the channel is closed, so the HTTP
    // channel a state leaves behind is finished as the state changes, or every connection of a capture would stay
    // in memory until the process ends.
    private var client: State = .start([]) {
        didSet { Self.finishChannel(of: oldValue, unlessKeptIn: client) }
    }
    private var server: State = .start([]) {
        didSet { Self.finishChannel(of: oldValue, unlessKeptIn: server) }
    }
    private var upgradeRequested = false
    private var reportedMissingHandshake = false
    private var lastResponseStatus: Int?
    /// Request heads the response decoder has not yet been told about, and how many it holds unanswered.
    private var unannouncedRequests: [HTTPRequestHead] = []
    private var announcedRequests = 0
    /// The permessage-deflate parameters accepted in the handshake, once seen.
    public private(set) var perMessageDeflate: PerMessageDeflate?
    /// Whether frames were decoded without a captured handshake (so extensions are unknown).
    public private(set) var handshakeMissing = false

    /// Creates a decoder for one connection.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        Self.finishChannel(of: client, unlessKeptIn: nil)
        Self.finishChannel(of: server, unlessKeptIn: nil)
    }

    private static func finishChannel(of old: State, unlessKeptIn new: State?) {
        guard let channel = old.httpChannel, channel !== new?.httpChannel else { return }
        // A channel already finished (its leftover bytes taken) throws `alreadyClosed`, which changes nothing.
        _ = try? channel.finish()
    }

    private subscript(direction: Direction) -> State {
        get { direction == .client ? client : server }
        set {
            if direction == .client { client = newValue } else { server = newValue }
        }
    }

    /// Takes the next in-order bytes of one direction.
    public func receive(_ bytes: [UInt8], from direction: Direction) -> [Output] {
        var outputs: [Output] = []
        feed(bytes, from: direction, into: &outputs)
        return outputs
    }

    /// Takes a gap in one direction: frame boundaries after it are unknown until found again.
    public func gap(_ gap: TCPGap, in direction: Direction) -> [Output] {
        switch self[direction] {
        case .frames, .resynchronizing:
            self[direction] = .resynchronizing
            return [
                .problem(
                    code: "frames-lost-in-gap",
                    message: "\(gap.byteCount) \(direction.rawValue) bytes are missing (\(gap.reason.rawValue)); "
                        + "frames resume where a frame boundary can be found", side: direction)
            ]
        case .start, .http, .awaitingUpgrade:
            self[direction] = .resynchronizing
            return []
        case .ignored:
            return []
        }
    }

    private func feed(_ bytes: [UInt8], from direction: Direction, into outputs: inout [Output]) {
        switch self[direction] {
        case .start(let earlier):
            let bytes = earlier + bytes
            guard let isHTTP = looksLikeHTTP(bytes, from: direction) else {
                self[direction] = .start(bytes)
                return
            }
            if isHTTP {
                let handler: any ChannelHandler =
                    direction == .client
                    ? ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes))
                    : ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
                let channel = EmbeddedChannel()
                try? channel.pipeline.syncOperations.addHandler(handler, name: Self.httpHandlerName)
                self[direction] = .http(channel, handledBytes: 0)
                if direction == .server {
                    announceRequests(to: channel)
                }
                feed(bytes, from: direction, into: &outputs)
            } else {
                missingHandshake(into: &outputs)
                self[direction] = .resynchronizing
                feed(bytes, from: direction, into: &outputs)
            }
        case .http(let channel, let handledBytes):
            let total = handledBytes + bytes.count
            self[direction] = .http(channel, handledBytes: total)
            do {
                try channel.writeInbound(channel.allocator.buffer(bytes: bytes))
                if direction == .client {
                    try readRequestParts(channel, into: &outputs)
                } else {
                    try readResponseParts(channel, into: &outputs)
                }
            } catch {
                outputs.append(
                    .problem(
                        code: "http-parse-error",
                        message: "the \(direction.rawValue)'s HTTP could not be parsed: \(error)", side: direction))
                self[direction] = .ignored
            }
            if case .http = self[direction], total > configuration.maxHandshakeBytes, !upgradeRequested {
                self[direction] = .ignored
            }
        case .awaitingUpgrade(let channel, let waiting):
            // A conformant client sends nothing before the 101 (RFC 6455 §4.1). What one sends anyway waits for the
            // answer, up to one frame's worth: a capture whose server never answers must not fill the memory.
            guard waiting + bytes.count <= configuration.maxFrameSize else {
                outputs.append(
                    .problem(
                        code: "upgrade-unanswered",
                        message: "the client sent more than \(configuration.maxFrameSize) bytes after its upgrade "
                            + "request without an answer from the server; the rest of its stream is not decoded",
                        side: .client))
                self[direction] = .ignored
                return
            }
            self[direction] = .awaitingUpgrade(channel, waitingBytes: waiting + bytes.count)
            _ = try? channel.writeInbound(channel.allocator.buffer(bytes: bytes))
        case .frames(let channel):
            decodeFrames(channel.allocator.buffer(bytes: bytes), channel: channel, from: direction, into: &outputs)
        case .resynchronizing:
            guard FrameBoundaryCheck.startsWithFrames(bytes, from: direction) else { return }
            // Frames without a 101 before them: the handshake was lost to a gap (a request cut by the snapshot
            // length, say), which is reported like one the capture never held.
            if lastResponseStatus != 101 { missingHandshake(into: &outputs) }
            let channel = frameDecoder()
            self[direction] = .frames(channel)
            decodeFrames(channel.allocator.buffer(bytes: bytes), channel: channel, from: direction, into: &outputs)
        case .ignored:
            return
        }
    }

    /// NIO's response decoder pairs each response with the request it answers (a HEAD response has no body),
    /// so it is told about every captured request head; when the request was not captured, a GET stands in.
    private func announceRequests(to channel: EmbeddedChannel) {
        if unannouncedRequests.isEmpty, announcedRequests <= 0 {
            unannouncedRequests.append(HTTPRequestHead(version: .http1_1, method: .GET, uri: "/"))
        }
        for head in unannouncedRequests {
            _ = try? channel.writeOutbound(HTTPClientRequestPart.head(head))
            announcedRequests += 1
        }
        unannouncedRequests.removeAll()
        while (try? channel.readOutbound(as: HTTPClientRequestPart.self)) != nil {}
    }

    private func missingHandshake(into outputs: inout [Output]) {
        guard !reportedMissingHandshake else { return }
        reportedMissingHandshake = true
        handshakeMissing = true
        outputs.append(
            .problem(
                code: "handshake-not-captured",
                message: "the capture does not contain this connection's opening handshake; frames are decoded "
                    + "where whole frames can be recognised, and extensions are unknown", side: nil))
    }

    /// Whether a direction starts with HTTP, or `nil` while too few bytes have arrived to tell.
    private func looksLikeHTTP(_ bytes: [UInt8], from direction: Direction) -> Bool? {
        if direction == .server {
            let prefix = Array("HTTP/1.".utf8)
            if bytes.count < prefix.count { return prefix.starts(with: bytes) ? nil : false }
            return bytes.starts(with: prefix)
        }
        // A request line starts with an upper-case method token followed by a space (RFC 9112 §3).
        let token = bytes.prefix { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        if token.count == bytes.count { return token.count < 16 ? nil : false }
        return !token.isEmpty && bytes[token.count] == UInt8(ascii: " ")
    }

    private func frameDecoder() -> CapturedFrameDecoder {
        CapturedFrameDecoder(maxFrameSize: configuration.maxFrameSize)
    }

    private func readRequestParts(_ channel: EmbeddedChannel, into outputs: inout [Output]) throws {
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let head):
                let request = HandshakeRequest(
                    method: head.method.rawValue, uri: head.uri,
                    headers: head.headers.map { HTTPHeader(name: $0.name, value: $0.value) })
                outputs.append(.request(request))
                if request.isWebSocketUpgrade { upgradeRequested = true }
                unannouncedRequests.append(head)
                if case .http(let responseChannel, _) = server { announceRequests(to: responseChannel) }
            case .body:
                break
            case .end:
                if upgradeRequested {
                    // llhttp stops at the end of an upgrade request; bytes after it stay buffered until the
                    // server says whether the protocol changes.
                    client = .awaitingUpgrade(channel, waitingBytes: 0)
                    return
                }
            }
        }
    }

    private func readResponseParts(_ channel: EmbeddedChannel, into outputs: inout [Output]) throws {
        while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
            switch part {
            case .head(let head):
                let response = HandshakeResponse(
                    status: Int(head.status.code),
                    headers: head.headers.map { HTTPHeader(name: $0.name, value: $0.value) })
                outputs.append(.response(response))
                lastResponseStatus = response.status
                if response.status >= 200 || response.status == 101 {
                    announcedRequests -= 1
                    announceRequests(to: channel)
                }
                if response.status == 101 {
                    perMessageDeflate = response.perMessageDeflate
                }
            case .body:
                break
            case .end:
                upgradeRequested = false
                if lastResponseStatus == 101 {
                    // RFC 6455 §4.2.2: after the 101 both directions carry frames; bytes already buffered behind
                    // the HTTP heads are the first frames.
                    let leftover = leftoverBytes(of: channel)
                    server = .frames(frameDecoder())
                    if case .frames(let frames) = server, leftover.readableBytes > 0 {
                        decodeFrames(leftover, channel: frames, from: .server, into: &outputs)
                    }
                    if case .awaitingUpgrade(let requestChannel, _) = client {
                        let clientLeftover = leftoverBytes(of: requestChannel)
                        let frames = frameDecoder()
                        client = .frames(frames)
                        if clientLeftover.readableBytes > 0 {
                            decodeFrames(clientLeftover, channel: frames, from: .client, into: &outputs)
                        }
                    } else if case .start(let early) = client, early.isEmpty {
                        client = .frames(frameDecoder())
                    } else {
                        // The request was not captured whole: the client's frame boundaries must be found again.
                        client = .resynchronizing
                    }
                    return
                } else if case .awaitingUpgrade(let requestChannel, _) = client {
                    // Refused: the connection stays HTTP, so the request decoder starts again on what followed.
                    let clientLeftover = leftoverBytes(of: requestChannel)
                    client = .start([])
                    if clientLeftover.readableBytes > 0 {
                        feed(Array(clientLeftover.readableBytesView), from: .client, into: &outputs)
                    }
                }
            }
        }
    }

    /// Removes the HTTP decoder, which hands over the bytes it holds beyond the HTTP message.
    private func leftoverBytes(of channel: EmbeddedChannel) -> ByteBuffer {
        var collected = channel.allocator.buffer(capacity: 0)
        _ = channel.pipeline.removeHandler(name: Self.httpHandlerName)
        channel.embeddedEventLoop.run()
        while let next = try? channel.readInbound(as: ByteBuffer.self) {
            var piece = next
            collected.writeBuffer(&piece)
        }
        _ = try? channel.finish()
        return collected
    }

    private func decodeFrames(
        _ buffer: ByteBuffer, channel: CapturedFrameDecoder, from direction: Direction, into outputs: inout [Output]
    ) {
        do {
            try channel.feed(buffer)
            readFrames(channel, from: direction, into: &outputs)
        } catch {
            // Whatever NIO decoded before the error is still valid.
            readFrames(channel, from: direction, into: &outputs)
            outputs.append(Self.problem(for: error, from: direction))
            channel.finish()
            self[direction] = .resynchronizing
        }
    }

    private func readFrames(_ channel: CapturedFrameDecoder, from direction: Direction, into outputs: inout [Output]) {
        for decoded in channel.takeFrames() {
            guard let frame = Frame(decoded) else {
                outputs.append(
                    .problem(
                        code: FrameHeaderViolation.reservedOpcode.code,
                        message: "the \(direction.rawValue) sent a frame with reserved opcode "
                            + "\(UInt8(webSocketOpcode: decoded.opcode)) "
                            + "(RFC 6455 §5.2 requires failing the connection)",
                        side: direction))
                continue
            }
            outputs.append(.frame(frame, direction))
        }
    }

    /// Ends one direction: a frame cut off by the end of the stream is reported, and so is a reserved opcode its
    /// first byte already shows (RFC 6455 §5.2), since the peer did send it.
    public func end(_ direction: Direction) -> [Output] {
        guard case .frames(let decoder) = self[direction], case let pending = decoder.unfinishedFrame,
            pending.count > 0, let first = pending.head.first
        else { return [] }
        self[direction] = .ignored
        var outputs: [Output] = [
            .problem(
                code: "incomplete-frame",
                message: "the \(direction.rawValue)'s last frame is incomplete: \(pending.count) bytes of it were "
                    + "sent before the stream ended", side: direction)
        ]
        if Opcode(rawValue: first & 0x0F) == nil {
            outputs.append(
                .problem(
                    code: FrameHeaderViolation.reservedOpcode.code,
                    message: "the \(direction.rawValue) started a frame with reserved opcode \(first & 0x0F) "
                        + "(RFC 6455 §5.2 requires failing the connection)", side: direction))
        }
        return outputs
    }

    private static func problem(for error: any Error, from direction: Direction) -> Output {
        guard let error = error as? NIOWebSocketError else {
            return .problem(
                code: "frame-decode-error",
                message: "the \(direction.rawValue) broke the protocol: frames could not be decoded: \(error)",
                side: direction)
        }
        let violation = FrameHeaderViolation(error)
        return .problem(code: violation.code, message: violation.message(from: direction), side: direction)
    }
}
