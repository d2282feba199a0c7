import Foundation

extension HARDocument {
    /// The archive's WebSocket entries as session events, in order of time; other entries are skipped.
    ///
    /// Each WebSocket entry becomes a connection (`c1`, `c2`, … in file order): a connect event from the request
    /// and response, then one event per `_webSocketMessages` record (`send` is the client, `receive` the server),
    /// then a close without a close frame if the archive recorded none. The query is decoded as the gateway would.
    /// A HAR knows messages, not frames, so frame counts are 1 and frame sizes unknown. Chrome's `error` records
    /// (a failed connection, with the browser's message as data) become `error` events with code
    /// `har-websocket-error`. Records that cannot be read (bad base64, unknown opcodes, a type other than `send`,
    /// `receive` or `error`) become `error` events with codes `har-invalid-base64`, `har-unsupported-opcode` and
    /// `har-unknown-record-type`. Times are range-checked as they are read (`Timestamp.validMicroseconds`): a
    /// `startedDateTime` that is not RFC 3339, a record `time` that is not a time in years 1 to 9999, and an entry
    /// `time` that puts the end of the connection outside them each become an `error` event with code
    /// `har-invalid-time`; the record is kept at the previous record's time, and the connection starts at its first
    /// valid record's time, so nothing is dated 1970 unless the file says so.
    public func sessionEvents() -> [SessionEvent] {
        var events: [SessionEvent] = []
        var number = 0
        for entry in log.entries where entry.isWebSocket {
            number += 1
            events += Self.events(of: entry, label: "c\(number)")
        }
        // Stable: events with equal times keep their order within the file.
        return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    private static func events(of entry: Entry, label: String) -> [SessionEvent] {
        let records = entry.webSocketMessages ?? []
        let parsedStart = Timestamp(rfc3339: entry.startedDateTime)
        let firstRecordTime = records.lazy.compactMap { Timestamp(secondsSinceEpoch: $0.time) }.first
        let start = parsedStart ?? firstRecordTime ?? Timestamp(microsecondsSinceEpoch: 0)
        let target = RequestTarget(url: entry.request.url)
        let headers = entry.request.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
        let responseHeaders = entry.response.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
        var events: [SessionEvent] = [
            .connect(
                ConnectEvent(
                    time: start, connection: label, upstream: entry.serverIPAddress, method: entry.request.method,
                    path: target.path, rawQuery: target.rawQuery,
                    query: target.rawQuery.map { QueryString($0).decoded() }, headers: headers,
                    subprotocol: responseHeaders.first(named: "Sec-WebSocket-Protocol"),
                    status: entry.response.status == 0 ? nil : entry.response.status))
        ]
        if parsedStart == nil {
            events.append(
                .error(
                    ErrorEvent(
                        time: start, connection: label, code: "har-invalid-time",
                        message: "the entry's startedDateTime '\(entry.startedDateTime)' is not an RFC 3339 time; "
                            + (firstRecordTime == nil
                                ? "no message has a valid time either, so the connection is dated 1970-01-01"
                                : "the connection is dated by its first message"))))
        }
        var closed = false
        var initiator: Direction?
        var last = start
        for record in records {
            guard let time = Timestamp(secondsSinceEpoch: record.time) else {
                events.append(
                    .error(
                        ErrorEvent(
                            time: last, connection: label, code: "har-invalid-time",
                            message: "a record's time \(record.time) is not seconds since 1970 in the years 1 to "
                                + "9999; the record is kept at the time of the one before it")))
                events += Self.events(of: record, label: label, time: last, closed: &closed, initiator: &initiator)
                continue
            }
            last = max(last, time)
            events += Self.events(of: record, label: label, time: time, closed: &closed, initiator: &initiator)
        }
        if !closed, entry.response.status == 101 {
            var end = last
            if let time = start.adding(milliseconds: entry.time) {
                end = max(last, time)
            } else {
                events.append(
                    .error(
                        ErrorEvent(
                            time: last, connection: label, code: "har-invalid-time",
                            message: "the entry's time \(entry.time) ms does not end the connection in the years 1 "
                                + "to 9999; the connection ends at its last message")))
            }
            events.append(
                .close(
                    CloseEvent(
                        time: end, connection: label, direction: nil, info: CloseInfo(code: nil, initiator: nil))))
        }
        return events
    }

    /// The events of one `_webSocketMessages` record, at a time already checked.
    private static func events(
        of record: WebSocketMessage, label: String, time: Timestamp, closed: inout Bool, initiator: inout Direction?
    ) -> [SessionEvent] {
        var events: [SessionEvent] = []
        let direction: Direction
        switch record.type {
        case "send": direction = .client
        case "receive": direction = .server
        case "error":
            // Chrome DevTools writes a WebSocket failure as an `error` record: opcode -1, the message as data.
            events.append(
                .error(
                    ErrorEvent(
                        time: time, connection: label, code: "har-websocket-error",
                        message: "the browser reported: \(record.data)")))
            return events
        default:
            events.append(
                .error(
                    ErrorEvent(
                        time: time, connection: label, code: "har-unknown-record-type",
                        message: "a record has type '\(record.type)', not send, receive or error")))
            return events
        }
        func bytes() -> [UInt8]? { Data(base64Encoded: record.data).map { Array($0) } }
        func invalid() -> SessionEvent {
            .error(
                ErrorEvent(
                    time: time, connection: label, side: direction, code: "har-invalid-base64",
                    message:
                        "a \(Opcode(rawValue: UInt8(clamping: record.opcode))?.name ?? "") record's data is not base64")
            )
        }
        switch Opcode(rawValue: UInt8(clamping: record.opcode)) {
        case .text:
            events.append(
                .message(
                    MessageEvent(
                        time: time, connection: label, direction: direction, opcode: .text,
                        payload: Array(record.data.utf8), intervention: record.intervention)))
        case .binary:
            guard let payload = bytes() else {
                events.append(invalid())
                return events
            }
            events.append(
                .message(
                    MessageEvent(
                        time: time, connection: label, direction: direction, opcode: .binary, payload: payload,
                        intervention: record.intervention)))
        case .ping, .pong:
            guard let payload = bytes() else {
                events.append(invalid())
                return events
            }
            events.append(
                .control(
                    ControlEvent(
                        time: time, connection: label, direction: direction,
                        opcode: record.opcode == 9 ? .ping : .pong, payload: payload)))
        case .close:
            let payload = bytes() ?? []
            let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
            let reason = payload.count > 2 ? String(decoding: payload[2...], as: UTF8.self) : ""
            initiator = initiator ?? direction
            events.append(
                .close(
                    CloseEvent(
                        time: time, connection: label, direction: direction,
                        info: CloseInfo(code: code, reason: reason, initiator: initiator),
                        intervention: record.intervention)))
            closed = true
        case .continuation, .none:
            events.append(
                .error(
                    ErrorEvent(
                        time: time, connection: label, side: direction, code: "har-unsupported-opcode",
                        message: "a record has opcode \(record.opcode), which a HAR message cannot carry")))
        }
        return events
    }

    /// Builds an archive from session events, one WebSocket entry per connection, as Chrome DevTools exports it.
    ///
    /// Messages, pings, pongs and close frames become `_webSocketMessages` records (text as text, everything else
    /// base64, a close frame's payload being its code and reason), their `time` wall-clock seconds since the
    /// epoch as Chrome writes them. What HAR cannot hold is left out: `error` events, findings, route resolutions,
    /// frame counts. Query parameters are listed as sent (not decoded), so the archive shows the bytes the gateway
    /// received. The upstream's host goes to `serverIPAddress` and its port to `connection`, which is where
    /// Chrome DevTools' importer takes the remote address from (so importing the archive back keeps the host only).
    ///
    /// Every field Chrome DevTools' HAR importer (devtools-frontend `front_end/models/har/HARFormat.ts`) rejects
    /// a file without is written: `log.creator`, each entry's `startedDateTime`, `time`, `request` (with
    /// `headersSize`, `bodySize`), `response` (with `status`, `content.size`, `headersSize`, `bodySize`) and
    /// `timings` (`send`, `wait`, `receive`).
    ///
    /// - Parameters:
    ///   - events: the session, in order.
    ///   - creator: the application named in the archive.
    public init(events: [SessionEvent], creator: Creator) {
        var order: [String] = []
        var connects: [String: ConnectEvent] = [:]
        var records: [String: [WebSocketMessage]] = [:]
        var lastTime: [String: Timestamp] = [:]
        func record(
            _ label: String, _ direction: Direction?, _ time: Timestamp, _ opcode: Opcode, _ data: String,
            _ intervention: Intervention? = nil
        ) {
            records[label, default: []].append(
                WebSocketMessage(
                    type: direction == .client ? "send" : "receive", time: time.secondsSinceEpoch,
                    opcode: Int(opcode.rawValue), data: data, intervention: intervention))
        }
        for event in events {
            if let label = event.connection { lastTime[label] = event.time }
            switch event {
            case .connect(let connect):
                if connects[connect.connection] == nil { order.append(connect.connection) }
                connects[connect.connection] = connect
            case .message(let message):
                let data =
                    message.opcode == .text
                    ? String(decoding: message.payload, as: UTF8.self) : Data(message.payload).base64EncodedString()
                record(message.connection, message.direction, message.time, message.opcode, data, message.intervention)
            case .control(let control):
                record(
                    control.connection, control.direction, control.time, control.opcode,
                    Data(control.payload).base64EncodedString())
            case .close(let close):
                guard let direction = close.direction else { continue }
                var payload: [UInt8] = []
                if let code = close.info.code {
                    payload = [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(close.info.reason.utf8)
                }
                record(
                    close.connection, direction, close.time, .close, Data(payload).base64EncodedString(),
                    close.intervention)
            case .error:
                continue
            }
        }
        let entries = order.compactMap { label -> Entry? in
            guard let connect = connects[label] else { return nil }
            let host = connect.headers.first(named: "Host") ?? connect.upstream ?? "localhost"
            let url = "ws://\(host)\(connect.path)" + (connect.rawQuery.map { "?\($0)" } ?? "")
            let query = (connect.rawQuery ?? "").split(separator: "&", omittingEmptySubsequences: true).map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return NameValue(name: String(parts[0]), value: parts.count > 1 ? String(parts[1]) : "")
            }
            var responseHeaders: [NameValue] = []
            if connect.status == 101 {
                responseHeaders = [
                    NameValue(name: "Upgrade", value: "websocket"), NameValue(name: "Connection", value: "Upgrade"),
                ]
            }
            if let subprotocol = connect.subprotocol {
                responseHeaders.append(NameValue(name: "Sec-WebSocket-Protocol", value: subprotocol))
            }
            let end = lastTime[label] ?? connect.time
            let server = connect.upstream.map(ServerAddress.init(hostAndPort:))
            return Entry(
                startedDateTime: connect.time.rfc3339,
                time: Double(end.microsecondsSinceEpoch - connect.time.microsecondsSinceEpoch) / 1000,
                request: Request(
                    method: connect.method, url: url,
                    headers: connect.headers.map { NameValue(name: $0.name, value: $0.value) }, queryString: query),
                response: Response(
                    status: connect.status ?? 0, statusText: connect.status == 101 ? "Switching Protocols" : "",
                    headers: responseHeaders),
                serverIPAddress: server?.host, connection: server?.port, resourceType: "websocket",
                webSocketMessages: records[label] ?? [])
        }
        self.init(log: Log(creator: creator, entries: entries))
    }
}

/// An upstream address (`host:port`, or the proxy's `ws://host:port/base` URL) split the way Chrome DevTools' HAR
/// writer and importer expect: `serverIPAddress` holds the host alone (an IPv6 address without brackets) and the
/// importer shows `serverIPAddress:connection`, using port 80 when `connection` is not a number.
private struct ServerAddress {
    var host: String
    var port: String?

    init(hostAndPort address: String) {
        var rest = Substring(address)
        var defaultPort: String?
        if let scheme = rest.range(of: "://") {
            switch rest[..<scheme.lowerBound].lowercased() {
            case "wss", "https": defaultPort = "443"
            case "ws", "http": defaultPort = "80"
            default: break
            }
            rest = rest[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            port = after.hasPrefix(":") ? String(after.dropFirst()) : nil
        } else if let colon = rest.firstIndex(of: ":"), rest.lastIndex(of: ":") == colon {
            host = String(rest[..<colon])
            port = String(rest[rest.index(after: colon)...])
        } else {
            // A bare IPv6 address or a host without a port.
            host = String(rest)
            port = nil
        }
        port = port ?? defaultPort
    }
}

/// A URL split into the raw path and query, without decoding anything (URLComponents would normalise).
private struct RequestTarget {
    var path: String
    var rawQuery: String?

    init(url: String) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex { $0 == "/" || $0 == "?" }.map { rest[$0...] } ?? ""
        }
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let question = rest.firstIndex(of: "?") {
            path = String(rest[..<question])
            rawQuery = String(rest[rest.index(after: question)...])
        } else {
            path = String(rest)
            rawQuery = nil
        }
        if path.isEmpty { path = "/" }
    }
}
