import Foundation
import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Answers one browser connection: the page and its assets, the `/events` stream, `/diagnosis`, and the downloads
/// `/recording.jsonl` and `/export.har`, filtered by the same query parameters as the page, and in a proxy the Held
/// panel's `/api/held` endpoints (``HeldAPI``).
///
/// Only `GET` and `HEAD` are served, with small requests, but for the Held panel's `POST`s; every answer forbids
/// framing, sniffing, caching and referrers, and the page may load nothing but its own files (Content-Security-Policy),
/// because it shows traffic that may hold secrets the redaction does not know. Work that reads every kept event (the
/// diagnosis, downloads) runs off the event loop, so a large download never delays the live streams.
final class WebRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// What every connection's handler shares.
    struct Shared: Sendable {
        var store: LiveEventStore
        var configuration: WebViewConfiguration
        var assets: WebViewAssets
        var access: WebAccess
        var diagnosis: DiagnosisCache
        var workers: NIOThreadPool
        /// The proxy's held messages, `nil` outside a proxy.
        var held: (any HeldMessageControl)?
    }

    private let shared: Shared
    private var head: HTTPRequestHead?
    private var requestBytes = 0
    /// The body of a Held panel's `POST` (an edited payload), up to ``HeldAPI/maxBodyBytes``.
    private var body: [UInt8] = []
    private var stream: EventStream?
    private var observer: Int?
    /// Whether the stream waits for its share of live events to refill (a pump is scheduled).
    private var throttled = false
    /// Whether a pump is already due, so new events need not wake the loop (shared with the store's observer).
    private var wakePending: NIOLockedValueBox<Bool>?

    init(shared: Shared) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            requestBytes =
                head.uri.utf8.count + head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
            body = []
        case .body(var part):
            requestBytes += part.readableBytes
            if head?.method == .POST, body.count + part.readableBytes <= HeldAPI.maxBodyBytes {
                body += part.readBytes(length: part.readableBytes) ?? []
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let limit =
                head.method == .POST
                ? shared.configuration.maxRequestBytes + HeldAPI.maxBodyBytes : shared.configuration.maxRequestBytes
            guard requestBytes <= limit else {
                respond(context, head, status: .payloadTooLarge, text: "request too large\n", close: true)
                return
            }
            handle(context, head)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pumpStream(context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopStream()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopStream()
    }

    private func handle(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        let components = URLComponents(string: head.uri)
        let api = components.map { HeldAPI.handles($0.path) } ?? false
        guard head.method == .GET || head.method == .HEAD || (api && head.method == .POST) else {
            respond(context, head, status: .methodNotAllowed, text: "only GET\n", extra: [("Allow", "GET, HEAD")])
            return
        }
        guard let components else {
            respond(context, head, status: .badRequest, text: "400 Bad Request: the address does not parse\n")
            return
        }
        let path = components.path
        let query = FormQuery.items(components.percentEncodedQuery)
        let queryToken = query.last { $0.name == "token" }?.value
        let port = context.channel.localAddress?.port ?? 0
        guard shared.access.allows(head, queryToken: queryToken, port: port) else {
            respond(
                context, head, status: .forbidden,
                text: "403 Forbidden: open the URL gatewire printed (it carries the access token)\n")
            return
        }
        if let asset = shared.assets.files[path] {
            var extra: [(String, String)] = []
            if path == "/" || path == "/index.html", queryToken != nil, let cookie = shared.access.setCookie(port: port)
            {
                extra.append(("Set-Cookie", cookie))
            }
            respond(context, head, status: .ok, contentType: asset.contentType, bytes: asset.bytes, extra: extra)
            return
        }
        if api {
            let answer = HeldAPI.answer(head, path: path, body: body, control: shared.held)
            body = []
            respond(context, head, status: answer.status, contentType: answer.contentType, bytes: answer.body)
            return
        }
        switch path {
        case "/events":
            startStream(context, head)
        case "/diagnosis":
            // The header says which events the report covers, so a page can tell a report that is behind.
            offload(context, head, contentType: "application/json") { shared in
                let (json, covers) = shared.diagnosis.json()
                return ([UInt8](json), [("X-Gatewire-Covers", "\(covers)")])
            }
        case "/recording.jsonl":
            let filter = EventFilter(queryItems: query)
            offload(
                context, head, contentType: "application/x-ndjson",
                extra: [("Content-Disposition", "attachment; filename=\"session.jsonl\"")]
            ) { shared in
                (
                    WebDownload.recording(
                        shared.store.snapshot(), filter: filter, creator: shared.configuration.creator), []
                )
            }
        case "/export.har":
            let filter = EventFilter(queryItems: query)
            offload(
                context, head, contentType: "application/json",
                extra: [("Content-Disposition", "attachment; filename=\"session.har\"")]
            ) { shared in
                (WebDownload.har(shared.store.snapshot(), filter: filter, creator: shared.configuration.creator), [])
            }
        default:
            respond(context, head, status: .notFound, text: "404 Not Found\n")
        }
    }

    private func startStream(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        var headers = Self.securityHeaders()
        headers.add(name: "Content-Type", value: "text/event-stream; charset=utf-8")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil
        )
        guard head.method == .GET else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        stream = EventStream(
            store: shared.store, maxBacklog: shared.configuration.maxClientBacklog,
            maxLiveEventsPerSecond: shared.configuration.maxLiveEventsPerSecond,
            resumingAfter: head.headers.first(name: "Last-Event-ID").flatMap { Int($0) }.map { max(0, $0) },
            allocator: context.channel.allocator,
            write: { buffer in
                let (handler, context) = bound.value
                context.write(handler.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            },
            flush: { bound.value.1.flush() },
            isWritable: { bound.value.1.channel.isWritable })
        // Appends come from the pipeline's thread; one wake-up at a time is queued on the loop, and none while the
        // page waits for its share of live events (the timer that ends the wait pumps).
        let loop = context.eventLoop
        let pending = NIOLockedValueBox(false)
        wakePending = pending
        observer = shared.store.addObserver {
            let schedule = pending.withLockedValue { pending in
                defer { pending = true }
                return !pending
            }
            guard schedule else { return }
            loop.execute {
                let (handler, context) = bound.value
                guard !handler.throttled else { return }
                pending.withLockedValue { $0 = false }
                handler.pumpStream(context)
            }
        }
        pumpStream(context)
    }

    private func pumpStream(_ context: ChannelHandlerContext) {
        guard let stream, !throttled else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        switch stream.pump() {
        case .idle:
            return
        case .more:
            context.eventLoop.execute {
                let (handler, context) = bound.value
                handler.pumpStream(context)
            }
        case .after(let delay):
            // Until then, wake-ups for new events change nothing: the page has had its share.
            throttled = true
            wakePending?.withLockedValue { $0 = true }
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = bound.value
                handler.throttled = false
                handler.wakePending?.withLockedValue { $0 = false }
                handler.pumpStream(context)
            }
        }
    }

    private func stopStream() {
        stream?.stop()
        stream = nil
        throttled = false
        if let observer { shared.store.removeObserver(observer) }
        observer = nil
    }

    /// Computes a body on another thread, then answers on the loop.
    private func offload(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, contentType: String,
        extra: [(String, String)] = [], _ body: @escaping @Sendable (Shared) -> ([UInt8], [(String, String)])
    ) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let shared = self.shared
        shared.workers.runIfActive(eventLoop: context.eventLoop) { body(shared) }.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let (bytes, headers)):
                handler.respond(
                    context, head, status: .ok, contentType: contentType, bytes: bytes, extra: extra + headers)
            case .failure:
                handler.respond(context, head, status: .serviceUnavailable, text: "the view is stopping\n", close: true)
            }
        }
    }

    private func respond(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, status: HTTPResponseStatus, text: String,
        extra: [(String, String)] = [], close: Bool = false
    ) {
        respond(
            context, head, status: status, contentType: "text/plain; charset=utf-8", bytes: Array(text.utf8),
            extra: extra, close: close)
    }

    private func respond(
        _ context: ChannelHandlerContext, _ head: HTTPRequestHead, status: HTTPResponseStatus, contentType: String,
        bytes: [UInt8], extra: [(String, String)] = [], close: Bool = false
    ) {
        var headers = Self.securityHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(bytes.count)")
        for (name, value) in extra { headers.add(name: name, value: value) }
        let keepAlive = head.isKeepAlive && !close
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if head.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    private static func securityHeaders() -> HTTPHeaders {
        [
            "Content-Security-Policy":
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        ]
    }
}

@available(*, unavailable)
extension WebRequestHandler: Sendable {}
