public import GatewireCore

/// Turns captured packets into session events: link layer, IP, TCP reassembly, HTTP handshake, WebSocket frames,
/// messages, in that order.
///
/// The importer is synchronous and single-threaded (NIO's embedded channels inside `StreamDecoder` are bound to
/// their thread): feed it packets with `receive(_:linkType:)`, then call `finish(time:)`; or let
/// `importFile(_:configuration:emit:)` do both for a file.
public final class CaptureImporter {
    /// The importer's limits, one place for every layer's.
    public struct Configuration: Hashable, Sendable {
        public var reassembly: TCPReassembler.Configuration
        public var stream: StreamDecoder.Configuration
        /// The largest message kept (after inflating): bounds memory for fragmented and compressed messages.
        /// 64 MiB is far above API Gateway's 128 KB message limit and fits Autobahn's largest cases.
        public var maxMessageSize: Int

        /// Creates a configuration with every layer's defaults.
        public init(
            reassembly: TCPReassembler.Configuration = .init(), stream: StreamDecoder.Configuration = .init(),
            maxMessageSize: Int = 64 << 20
        ) {
            self.reassembly = reassembly
            self.stream = stream
            self.maxMessageSize = maxMessageSize
        }
    }

    private final class Connection {
        let decoder: StreamDecoder
        let flow: FlowKey
        var client: FlowKey.Side?
        var label: String?
        var request: HandshakeRequest?
        var requestTime: Timestamp?
        var connectEmitted = false
        /// When the capture first showed this connection: its connect time when no upgrade request was captured
        /// (the capture started mid-connection, or cut the request).
        var firstSeen: Timestamp?
        /// Gaps reported before the connection was known to be WebSocket, emitted once it gets its label.
        var earlyGaps: [ErrorEvent] = []
        var closeFrameSeen = false
        var ended: Set<FlowKey.Side> = []
        var assembler: MessageAssembler?

        init(decoder: StreamDecoder, flow: FlowKey) {
            self.decoder = decoder
            self.flow = flow
        }
    }

    private let configuration: Configuration
    private var reassembler: TCPReassembler
    private var connections: [TCPReassembler.ConnectionKey: Connection] = [:]
    private var nextLabel = 1
    /// What has been found so far.
    public private(set) var summary = CaptureSummary()
    /// The time of the last packet with a valid timestamp, which dates packets whose own timestamp is invalid and
    /// the end of the capture.
    public private(set) var lastPacketTime: Timestamp?

    /// Creates an importer.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.reassembler = TCPReassembler(configuration: configuration.reassembly)
    }

    /// Decodes one captured packet.
    ///
    /// - Returns: the session events it completes, in order.
    /// A packet whose timestamp is not a time in the years 1 to 9999 is dated like the packet before it and
    /// reported as an `error` event with code `capture-invalid-timestamp` (tshark shows such packets too, with
    /// their odd date).
    public func receive(_ packet: PcapSource.Packet, linkType: LinkType) -> [SessionEvent] {
        summary.packets += 1
        var events: [SessionEvent] = []
        let time: Timestamp
        if let packetTime = packet.time {
            time = packetTime
            lastPacketTime = packetTime
        } else {
            time = lastPacketTime ?? Timestamp(microsecondsSinceEpoch: 0)
            events.append(
                .error(
                    ErrorEvent(
                        time: time, connection: nil, code: "capture-invalid-timestamp",
                        message: "packet \(summary.packets) has a timestamp outside the years 1 to 9999; it is dated "
                            + "like the packet before it")))
            count(events)
        }
        guard let segment = Self.segment(in: packet.bytes, linkType: linkType, originalLength: packet.originalLength)
        else {
            summary.undecodablePackets += 1
            return events
        }
        return events + receive(segment, time: time)
    }

    /// Decodes one TCP segment (the entry point for tests and for sources that are not libpcap).
    public func receive(_ segment: TCPSegment, time: Timestamp) -> [SessionEvent] {
        summary.tcpSegments += 1
        summary.payloadBytes += segment.payload.count
        var events: [SessionEvent] = []
        for event in reassembler.receive(segment, time: time) {
            handle(event, into: &events)
        }
        count(events)
        return events
    }

    /// Ends the import at the last packet's time: reports what is still incomplete and closes every connection.
    public func finish() -> [SessionEvent] {
        finish(time: lastPacketTime ?? Timestamp(microsecondsSinceEpoch: 0))
    }

    /// Ends the import: reports what is still incomplete and closes every connection.
    public func finish(time: Timestamp) -> [SessionEvent] {
        var events: [SessionEvent] = []
        for event in reassembler.finish(time: time) {
            handle(event, into: &events)
        }
        let open = connections.sorted { ($0.value.label ?? "") < ($1.value.label ?? "") }
        for (key, connection) in open {
            close(connection, time: time, into: &events)
            connections[key] = nil
        }
        count(events)
        return events
    }

    /// Imports a whole pcap or pcapng file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - configuration: limits.
    ///   - progress: called every `progressInterval` packets with the summary so far (for a progress line).
    ///   - emit: called with each event, in order.
    /// - Returns: the summary.
    /// - Throws: `CaptureError` when the file cannot be opened, uses an unsupported link type, or breaks off inside
    ///   a record; events decoded before the break have been emitted and the summary is lost with the throw, so
    ///   callers that want it should use `receive` and `finish` directly.
    public static func importFile(
        _ path: String, configuration: Configuration = Configuration(), progressInterval: Int = 20_000,
        progress: (CaptureSummary) -> Void = { _ in }, emit: (SessionEvent) throws -> Void
    ) throws -> CaptureSummary {
        let source = try PcapSource.openFile(path)
        guard source.linkType.isSupported else {
            throw CaptureError.unsupportedLinkType(path, linkType: source.linkType.rawValue)
        }
        let importer = CaptureImporter(configuration: configuration)
        var readError: (any Error)?
        while true {
            let result: PcapSource.ReadResult<[SessionEvent]>
            do {
                result = try source.next { packet in
                    importer.receive(packet, linkType: source.linkType)
                }
            } catch {
                readError = error
                break
            }
            guard case .packet(let events) = result else { break }
            for event in events { try emit(event) }
            if importer.summary.packets % progressInterval == 0 { progress(importer.summary) }
        }
        for event in importer.finish() { try emit(event) }
        if let readError { throw readError }
        return importer.summary
    }

    // MARK: - Layers

    static func segment(in bytes: UnsafeRawBufferPointer, linkType: LinkType, originalLength: Int) -> TCPSegment? {
        let parsed: Result<IPPacket, IPPacket.Failure>
        switch LinkLayer.decode(bytes, linkType: linkType) {
        case .ipv4(let offset): parsed = IPPacket.parseIPv4(bytes, at: offset)
        case .ipv6(let offset): parsed = IPPacket.parseIPv6(bytes, at: offset)
        case .other, .truncated: return nil
        }
        guard case .success(let ip) = parsed, ip.protocolNumber == IPPacket.tcp else { return nil }
        return TCPSegment.parse(bytes, ip: ip)
    }

    private func handle(_ event: TCPReassembler.Event, into events: inout [SessionEvent]) {
        let connection =
            connections[event.connection]
            ?? {
                let created = Connection(
                    decoder: StreamDecoder(configuration: configuration.stream), flow: event.connection.flow)
                connections[event.connection] = created
                return created
            }()
        let time = event.time
        if connection.firstSeen == nil { connection.firstSeen = time }
        switch event.action {
        case .opened(let client):
            connection.client = client
        case .deliver(let side, let bytes):
            if connection.client == nil {
                connection.client = Self.guessClient(firstBytes: bytes, from: side, flow: event.connection.flow)
            }
            let direction: Direction = side == connection.client ? .client : .server
            for output in connection.decoder.receive(bytes, from: direction) {
                apply(output, connection: connection, time: time, into: &events)
            }
        case .gap(let side, let gap):
            let direction: Direction = side == connection.client ? .client : .server
            let report = ErrorEvent(
                time: time, connection: connection.label, side: direction, code: gap.code,
                message: "\(gap.byteCount) bytes from the \(direction.rawValue) are not in the capture "
                    + "(\(gap.reason.rawValue))")
            if connection.label != nil {
                summary.gaps += 1
                events.append(.error(report))
            } else {
                // A gap in the handshake (a request cut by the snapshot length) comes before anything shows the
                // connection is WebSocket; it is reported after the connect event if frames follow.
                connection.earlyGaps.append(report)
            }
            for output in connection.decoder.gap(gap, in: direction) {
                apply(output, connection: connection, time: time, into: &events)
            }
        case .finished(let side), .reset(let side):
            connection.ended.insert(side)
            if case .reset = event.action { connection.ended = [.lower, .higher] }
            if connection.ended.count == 2 {
                close(connection, time: time, into: &events)
                connections[event.connection] = nil
            }
        }
    }

    /// Which side is the client when the SYN was not captured: the one speaking HTTP first, else the one sending
    /// masked frames (RFC 6455 §5.1), else the one on the higher (ephemeral) port.
    static func guessClient(firstBytes bytes: [UInt8], from side: FlowKey.Side, flow: FlowKey) -> FlowKey.Side {
        if bytes.starts(with: Array("HTTP/1.".utf8)) { return side.opposite }
        if bytes.starts(with: Array("GET ".utf8)) { return side }
        if bytes.count >= 2 { return bytes[1] & 0x80 != 0 ? side : side.opposite }
        return flow.lower.port > flow.higher.port ? .lower : .higher
    }

    private func label(_ connection: Connection) -> String {
        if let label = connection.label { return label }
        let label = "c\(nextLabel)"
        nextLabel += 1
        connection.label = label
        summary.connections += 1
        return label
    }

    private func apply(
        _ output: StreamDecoder.Output, connection: Connection, time: Timestamp, into events: inout [SessionEvent]
    ) {
        switch output {
        case .request(let request):
            guard request.isWebSocketUpgrade else { return }
            connection.request = request
            connection.requestTime = time
        case .response(let response):
            guard connection.request != nil, !connection.connectEmitted else { return }
            emitConnect(connection, status: response.status, headers: response.headers, into: &events)
            if response.status == 101 {
                let deflate = response.perMessageDeflate
                connection.assembler = makeAssembler(label(connection), deflate: deflate)
            }
        case .frame(let frame, let direction):
            if connection.assembler == nil {
                // Frames without a captured handshake: extensions are unknown, so permessage-deflate (the only
                // extension in common use) is assumed in both directions; compressed messages then inflate only if
                // the sender did not rely on a window the capture never saw.
                let name = label(connection)
                if !connection.connectEmitted {
                    emitConnect(connection, status: nil, headers: [], into: &events)
                }
                connection.assembler = makeAssembler(name, deflate: PerMessageDeflate())
            }
            if frame.opcode == .close { connection.closeFrameSeen = true }
            events += connection.assembler!.receive(frame, from: direction, at: time)
        case .problem(let code, let message, let side):
            let name = label(connection)
            if !connection.connectEmitted {
                emitConnect(connection, status: nil, headers: [], into: &events)
            }
            events.append(.error(ErrorEvent(time: time, connection: name, side: side, code: code, message: message)))
        }
    }

    private func makeAssembler(_ label: String, deflate: PerMessageDeflate?) -> MessageAssembler {
        let inflater = deflate.flatMap { try? PerMessageDeflateInflater(parameters: $0) }
        return MessageAssembler(
            connection: label,
            configuration: MessageAssemblerConfiguration(
                maxMessageSize: configuration.maxMessageSize,
                permessageDeflate: deflate == nil ? [] : [.client, .server]),
            inflater: inflater)
    }

    private func emitConnect(
        _ connection: Connection, status: Int?, headers: [HTTPHeader], into events: inout [SessionEvent]
    ) {
        guard !connection.connectEmitted else { return }
        connection.connectEmitted = true
        let name = label(connection)
        let request = connection.request
        let clientEndpoint = connection.flow.endpoint(connection.client ?? .lower)
        let serverEndpoint = connection.flow.endpoint((connection.client ?? .lower).opposite)
        let subprotocol = status == 101 ? headers.first(named: "Sec-WebSocket-Protocol") : nil
        // Without a captured request, the connection is dated by its first packet in the capture, never 1970.
        let time =
            connection.requestTime ?? connection.firstSeen ?? events.last?.time ?? Timestamp(microsecondsSinceEpoch: 0)
        events.append(
            .connect(
                ConnectEvent(
                    time: time,
                    connection: name, client: clientEndpoint.description, upstream: serverEndpoint.description,
                    method: request?.method ?? "GET", path: request?.path ?? "", rawQuery: request?.rawQuery,
                    query: request?.rawQuery.map { QueryString($0).decoded() },
                    headers: request?.headers ?? [], subprotocol: subprotocol, status: status)))
        for var gap in connection.earlyGaps {
            gap.connection = name
            summary.gaps += 1
            events.append(.error(gap))
        }
        connection.earlyGaps = []
    }

    private func close(_ connection: Connection, time: Timestamp, into events: inout [SessionEvent]) {
        for direction in Direction.allCases {
            for output in connection.decoder.end(direction) {
                apply(output, connection: connection, time: time, into: &events)
            }
        }
        if connection.request != nil, !connection.connectEmitted {
            // The upgrade request was captured but no response: the handshake never completed in the capture.
            emitConnect(connection, status: nil, headers: [], into: &events)
        }
        if var assembler = connection.assembler {
            events += assembler.connectionEnded(at: time)
            connection.assembler = assembler
        }
        guard let label = connection.label, !connection.closeFrameSeen else { return }
        events.append(
            .close(
                CloseEvent(time: time, connection: label, direction: nil, info: CloseInfo(code: nil, initiator: nil))))
    }

    private func count(_ events: [SessionEvent]) {
        for event in events {
            switch event {
            case .message: summary.messages += 1
            case .control: summary.controlFrames += 1
            case .error: summary.problems += 1
            case .connect, .close: break
            }
        }
    }
}
