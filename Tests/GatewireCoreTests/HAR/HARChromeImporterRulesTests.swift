import Foundation
import GatewireCore
import Testing

/// Checks `gatewire export --to har` against what Chrome DevTools' Network panel importer enforces.
///
/// The rules are written from the importer's source in the devtools-frontend repository:
/// `front_end/panels/network/NetworkLogView.ts` (`onLoadFromFile`) parses the file with `JSON.parse` and hands it to
/// the `HARRoot` class of `front_end/models/har/HARFormat.ts`, whose constructors throw (and the panel logs "Failed
/// to load HAR file") when a required part is missing or of the wrong type; `front_end/models/har/Importer.ts` then
/// turns each entry into a request and keeps only the WebSocket records it understands.
@Suite struct HARChromeImporterRulesTests {
    static let start = Timestamp(rfc3339: "2026-03-02T10:15:30.250125Z")!
    static func at(_ milliseconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + milliseconds * 1000)
    }

    /// A representative session: a connection with a query and headers that exchanges text and binary messages
    /// both ways, a ping and its pong, and a close handshake; and a second connection the gateway refused.
    static let session: [SessionEvent] = [
        .connect(
            ConnectEvent(
                time: at(0), connection: "c1", client: "127.0.0.1:50514", upstream: "ws://127.0.0.1:8080",
                path: "/prod",
                rawQuery: "token=a%2Bb&room=lobby&flag",
                query: QueryString("token=a%2Bb&room=lobby&flag").decoded(),
                headers: [
                    HTTPHeader(name: "Host", value: "abc.execute-api.eu-west-1.amazonaws.com"),
                    HTTPHeader(name: "Sec-WebSocket-Protocol", value: "chat.v1"),
                    HTTPHeader(name: "Origin", value: "https://app.example"),
                ],
                subprotocol: "chat.v1", status: 101)),
        .message(MessageEvent(time: at(12), connection: "c1", direction: .client, text: #"{"action":"join"}"#)),
        .message(MessageEvent(time: at(30), connection: "c1", direction: .server, text: "bienvenue ✓")),
        .message(
            MessageEvent(
                time: at(41), connection: "c1", direction: .client, opcode: .binary, payload: [0, 1, 254, 255])
        ),
        .message(
            MessageEvent(time: at(55), connection: "c1", direction: .server, opcode: .binary, payload: [0x89, 0x50])),
        .control(ControlEvent(time: at(60), connection: "c1", direction: .client, opcode: .ping, payload: [7])),
        .control(ControlEvent(time: at(61), connection: "c1", direction: .server, opcode: .pong, payload: [7])),
        .connect(
            ConnectEvent(
                time: at(70), connection: "c2", path: "/prod", rawQuery: "token=",
                query: QueryString("token=").decoded(), headers: [HTTPHeader(name: "Host", value: "gw.example")],
                status: 403)),
        .close(
            CloseEvent(
                time: at(80), connection: "c1", direction: .client,
                info: CloseInfo(code: 1000, reason: "done", initiator: .client))),
        .close(
            CloseEvent(
                time: at(81), connection: "c1", direction: .server,
                info: CloseInfo(code: 1000, reason: "done", initiator: .client))),
    ]

    static func exported() -> HARDocument {
        HARDocument(events: session, creator: .init(name: "gatewire", version: "test"))
    }

    /// The export as Chrome reads it: generic JSON, not our Codable types.
    static func exportedJSON() throws -> Any {
        try JSONSerialization.jsonObject(with: exported().encoded())
    }

    // MARK: - The rules

    /// What a value must be, in JavaScript's terms.
    enum Kind: String, Sendable, CustomStringConvertible {
        /// A JSON object (HARFormat.ts: every part's constructor throws unless handed an object).
        case object
        /// A JSON array.
        case array
        /// A JSON string.
        case string
        /// A JSON number (HARFormat.ts converts with `Number(…)` and throws on NaN, which a missing value gives).
        case number
        /// A date string `new Date(…)` accepts: ECMAScript's date-time format `YYYY-MM-DDTHH:mm:ss.sssZ`. V8 also
        /// reads more fractional digits (we write microseconds); any other shape is engine-specific.
        case date

        var description: String { rawValue }
    }

    /// One rule: every value at `path` (`[]` means each element of an array) is present and of `kind`; or, when
    /// `required` is false, is of `kind` when present.
    struct Rule: Sendable, CustomTestStringConvertible {
        var path: String
        var kind: Kind
        var required = true
        /// Where the importer enforces it and what breaks otherwise.
        var why: String

        var testDescription: String { "\(path) is \(required ? "" : "absent or ")a \(kind)" }
    }

    static let rules: [Rule] = [
        // NetworkLogView.ts onLoadFromFile + HARFormat.ts HARRoot: the top level is an object with a `log` object.
        Rule(path: "log", kind: .object, why: "HARRoot builds a HARLog from it, which throws unless it is an object"),
        // HARFormat.ts HARLog: `creator` is built as an object (throws otherwise), `entries` must be an array
        // (explicit "log.entries is expected to be an array"); `version` and the creator's fields are stringified,
        // so a missing one shows as "undefined".
        Rule(path: "log.version", kind: .string, why: "HARLog stringifies it"),
        Rule(path: "log.creator", kind: .object, why: "HARLog builds a HARCreator from it"),
        Rule(path: "log.creator.name", kind: .string, why: "HARCreator stringifies it"),
        Rule(path: "log.creator.version", kind: .string, why: "HARCreator stringifies it"),
        Rule(path: "log.entries", kind: .array, why: "HARLog throws unless it is an array"),
        Rule(path: "log.entries[]", kind: .object, why: "each becomes a HAREntry"),
        // HARFormat.ts HAREntry: `startedDateTime` goes through `new Date` and throws when invalid; `time` through
        // `Number` and throws on NaN; `request`, `response` and `timings` are built as objects. Importer.ts sorts
        // the entries by `startedDateTime` and uses it as the request's issue time.
        Rule(path: "log.entries[].startedDateTime", kind: .date, why: "HAREntry throws 'Invalid date format'"),
        Rule(path: "log.entries[].time", kind: .number, why: "HAREntry throws on NaN"),
        Rule(path: "log.entries[].request", kind: .object, why: "HAREntry builds a HARRequest from it"),
        Rule(path: "log.entries[].response", kind: .object, why: "HAREntry builds a HARResponse from it"),
        Rule(path: "log.entries[].timings", kind: .object, why: "HAREntry builds a HARTimings from it"),
        Rule(path: "log.entries[].serverIPAddress", kind: .string, required: false, why: "stringified when present"),
        // Importer.ts passes `Number(connection)` as the remote port (80 when that is not a number).
        Rule(path: "log.entries[].connection", kind: .string, required: false, why: "stringified when present"),
        // HARFormat.ts HARRequest: `headersSize` and `bodySize` throw on NaN; method, url and httpVersion are
        // stringified; headers, queryString and cookies are optional arrays whose elements must be objects.
        Rule(path: "log.entries[].request.method", kind: .string, why: "becomes the request method"),
        Rule(path: "log.entries[].request.url", kind: .string, why: "becomes the request URL"),
        Rule(path: "log.entries[].request.httpVersion", kind: .string, why: "HARRequest stringifies it"),
        Rule(path: "log.entries[].request.headersSize", kind: .number, why: "HARRequest throws on NaN"),
        Rule(path: "log.entries[].request.bodySize", kind: .number, why: "HARRequest throws on NaN"),
        Rule(path: "log.entries[].request.headers", kind: .array, why: "the request headers shown"),
        Rule(path: "log.entries[].request.headers[]", kind: .object, why: "each becomes a HARHeader"),
        Rule(path: "log.entries[].request.headers[].name", kind: .string, why: "HARHeader stringifies it"),
        Rule(path: "log.entries[].request.headers[].value", kind: .string, why: "HARHeader stringifies it"),
        Rule(path: "log.entries[].request.queryString", kind: .array, why: "the query parameters"),
        Rule(path: "log.entries[].request.queryString[]", kind: .object, why: "each becomes a HARQueryString"),
        Rule(path: "log.entries[].request.queryString[].name", kind: .string, why: "stringified"),
        Rule(path: "log.entries[].request.queryString[].value", kind: .string, why: "stringified"),
        Rule(path: "log.entries[].request.cookies", kind: .array, why: "each element becomes a HARCookie"),
        // HARFormat.ts HARResponse: `status`, `headersSize` and `bodySize` throw on NaN; `content` is built as an
        // object whose `size` throws on NaN (HARContent); statusText, httpVersion (lower-cased by Importer.ts for
        // the protocol column), redirectURL and content.mimeType are stringified.
        Rule(path: "log.entries[].response.status", kind: .number, why: "HARResponse throws on NaN"),
        Rule(path: "log.entries[].response.statusText", kind: .string, why: "HARResponse stringifies it"),
        Rule(path: "log.entries[].response.httpVersion", kind: .string, why: "Importer.ts lower-cases it"),
        Rule(path: "log.entries[].response.headers", kind: .array, why: "the response headers shown"),
        Rule(path: "log.entries[].response.headers[]", kind: .object, why: "each becomes a HARHeader"),
        Rule(path: "log.entries[].response.headers[].name", kind: .string, why: "HARHeader stringifies it"),
        Rule(path: "log.entries[].response.headers[].value", kind: .string, why: "HARHeader stringifies it"),
        Rule(path: "log.entries[].response.cookies", kind: .array, why: "each element becomes a HARCookie"),
        Rule(path: "log.entries[].response.content", kind: .object, why: "HARResponse builds a HARContent"),
        Rule(path: "log.entries[].response.content.size", kind: .number, why: "HARContent throws on NaN"),
        Rule(path: "log.entries[].response.content.mimeType", kind: .string, why: "HARContent stringifies it"),
        Rule(path: "log.entries[].response.redirectURL", kind: .string, why: "HARResponse stringifies it"),
        Rule(path: "log.entries[].response.headersSize", kind: .number, why: "HARResponse throws on NaN"),
        Rule(path: "log.entries[].response.bodySize", kind: .number, why: "HARResponse throws on NaN"),
        // HARFormat.ts HARTimings: `send`, `wait` and `receive` throw on NaN; the other phases are optional numbers.
        Rule(path: "log.entries[].timings.send", kind: .number, why: "HARTimings throws on NaN"),
        Rule(path: "log.entries[].timings.wait", kind: .number, why: "HARTimings throws on NaN"),
        Rule(path: "log.entries[].timings.receive", kind: .number, why: "HARTimings throws on NaN"),
        Rule(path: "log.entries[].timings.blocked", kind: .number, required: false, why: "throws on NaN if present"),
        Rule(path: "log.entries[].timings.dns", kind: .number, required: false, why: "throws on NaN if present"),
        Rule(path: "log.entries[].timings.connect", kind: .number, required: false, why: "throws on NaN if present"),
        Rule(path: "log.entries[].timings.ssl", kind: .number, required: false, why: "throws on NaN if present"),
        // HARFormat.ts HAREntry keeps `_resourceType` and `_webSocketMessages`; Importer.ts sets the resource type
        // by name (`websocket` puts the entry under the WS filter, with a Messages tab) and adds a frame for each
        // record that has a time, an opcode, data and a known type. A record that is not an object makes
        // HAREntry drop the whole list; a time or opcode that is not a number throws.
        Rule(path: "log.entries[]._resourceType", kind: .string, why: "Importer.ts looks the type up by name"),
        Rule(path: "log.entries[]._webSocketMessages", kind: .array, why: "the Messages tab"),
        Rule(path: "log.entries[]._webSocketMessages[]", kind: .object, why: "else HAREntry drops every record"),
        Rule(path: "log.entries[]._webSocketMessages[].type", kind: .string, why: "else Importer.ts skips it"),
        Rule(path: "log.entries[]._webSocketMessages[].time", kind: .number, why: "else skipped; NaN throws"),
        Rule(path: "log.entries[]._webSocketMessages[].opcode", kind: .number, why: "else skipped; NaN throws"),
        Rule(path: "log.entries[]._webSocketMessages[].data", kind: .string, why: "else Importer.ts skips it"),
    ]

    /// The values at a dotted path; `nil` where a step is missing.
    static func values(at path: String, in root: Any) -> [Any?] {
        var current: [Any?] = [root]
        for step in path.split(separator: ".") {
            let each = step.hasSuffix("[]")
            let key = String(each ? step.dropLast(2) : step)
            current = current.map { ($0 as? [String: Any])?[key] }
            if each {
                current = current.flatMap { value -> [Any?] in
                    guard let array = value as? [Any] else { return [nil] }
                    return array
                }
            }
        }
        return current
    }

    static func matches(_ value: Any, _ kind: Kind) -> Bool {
        switch kind {
        case .object: return value is [String: Any]
        case .array: return value is [Any]
        case .string: return value is String
        case .number: return value is NSNumber || value is Int || value is Double
        case .date:
            guard let text = value as? String else { return false }
            let shape = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/#
            return text.wholeMatch(of: shape) != nil && Timestamp(rfc3339: text) != nil
        }
    }

    /// What breaks `rule` in `root`, one line per value; empty when it holds.
    static func violations(of rule: Rule, in root: Any) -> [String] {
        values(at: rule.path, in: root).enumerated().compactMap { index, value in
            guard let value else {
                return rule.required ? "\(rule.path) #\(index) is missing (\(rule.why))" : nil
            }
            return matches(value, rule.kind) ? nil : "\(rule.path) #\(index) is not a \(rule.kind) (\(rule.why))"
        }
    }

    @Test("the export satisfies the importer's rule", arguments: rules)
    func exportSatisfies(rule: Rule) throws {
        let root = try Self.exportedJSON()
        #expect(Self.violations(of: rule, in: root) == [])
        if rule.required {
            // The path reaches real values: a rule over an empty list would hold by accident.
            #expect(!Self.values(at: rule.path, in: root).isEmpty)
        }
    }

    @Test(
        "a field the importer needs, removed from the export, is reported",
        arguments: [
            ("log.creator", "log.creator"),
            ("log.entries[0].timings", "log.entries[].timings"),
            ("log.entries[1].response.content", "log.entries[].response.content"),
            ("log.entries[0].request.headersSize", "log.entries[].request.headersSize"),
            ("log.entries[0]._webSocketMessages[2].time", "log.entries[]._webSocketMessages[].time"),
        ])
    func removedFieldIsCaught(removed: String, rulePath: String) throws {
        let root = Self.removing(removed, from: try Self.exportedJSON())
        let rule = try #require(Self.rules.first { $0.path == rulePath })
        #expect(Self.violations(of: rule, in: root).count == 1)
    }

    /// `root` without the value at `path` (`a.b[2].c`).
    static func removing(_ path: String, from root: Any) -> Any {
        func remove(_ steps: ArraySlice<Substring>, from value: Any) -> Any {
            guard let step = steps.first else { return value }
            var key = String(step)
            var index: Int?
            if let open = step.firstIndex(of: "[") {
                key = String(step[..<open])
                index = Int(step[step.index(after: open)...].dropLast())
            }
            guard var object = value as? [String: Any], let child = object[key] else { return value }
            if let index, var array = child as? [Any] {
                if steps.count == 1 {
                    array.remove(at: index)
                } else {
                    array[index] = remove(steps.dropFirst(), from: array[index])
                }
                object[key] = array
            } else if steps.count == 1 {
                object[key] = nil
            } else {
                object[key] = remove(steps.dropFirst(), from: child)
            }
            return object
        }
        return remove(ArraySlice(path.split(separator: ".")), from: root)
    }

    // MARK: - Values the importer interprets

    @Test("every WebSocket entry is typed websocket and every record has a type Chrome knows")
    func knownNames() throws {
        let root = try Self.exportedJSON()
        // Importer.ts: the resource type is looked up by name; `websocket` is Chrome's WebSocket type.
        #expect(
            Self.values(at: "log.entries[]._resourceType", in: root).map { $0 as? String } == [
                "websocket", "websocket",
            ])
        // Importer.ts: records whose type is not one of NetworkRequest.ts's WebSocketFrameType (send, receive,
        // error) are skipped; our records are sends and receives.
        let types = Self.values(at: "log.entries[]._webSocketMessages[].type", in: root).map { $0 as? String }
        #expect(types == ["send", "receive", "send", "receive", "send", "receive", "send", "receive"])
        // The wire opcodes (RFC 6455 section 5.2): 1 text, 2 binary, 8 close, 9 ping, 10 pong.
        let opcodes = Self.values(at: "log.entries[]._webSocketMessages[].opcode", in: root).map { $0 as? Int }
        #expect(opcodes == [1, 1, 2, 2, 9, 10, 8, 8])
    }

    @Test("record times are wall-clock seconds since the epoch, within their entry's span")
    func recordTimesAreSeconds() throws {
        let root = try Self.exportedJSON()
        // NetworkRequest.ts stores a frame's time as pseudo wall time in seconds, and HAR export writes it as is;
        // the Messages tab shows it as a clock time. Milliseconds here would put frames some 50 000 years ahead.
        let entry = try #require(Self.values(at: "log.entries[]", in: root).first as? [String: Any])
        let times = Self.values(at: "_webSocketMessages[].time", in: entry).compactMap { $0 as? Double }
        let expected = [12, 30, 41, 55, 60, 61, 80, 81].map { Self.at($0).secondsSinceEpoch }
        #expect(times.count == expected.count)
        for (time, want) in zip(times, expected) {
            #expect(abs(time - want) < 1e-6)
        }
        let startedText = try #require(entry["startedDateTime"] as? String)
        let started = try #require(Timestamp(rfc3339: startedText))
        let duration = try #require(entry["time"] as? Double)
        #expect(started == Self.start)
        for time in times {
            #expect(time >= started.secondsSinceEpoch && time <= started.secondsSinceEpoch + duration / 1000)
        }
    }

    @Test("the server address is a host and the port is in connection, as Chrome's importer reads them")
    func serverAddress() throws {
        let entry = try #require(Self.exported().log.entries.first)
        // Importer.ts shows `serverIPAddress` followed by `Number(connection)` (or 80) as the remote address;
        // Chrome's own writer strips the port from the address for the same reason.
        #expect(entry.serverIPAddress == "127.0.0.1")
        #expect(entry.connection.flatMap { Int($0) } == 8080)
    }

    @Test("text data is the text; binary, ping, pong and close data are base64 of the payload")
    func recordData() throws {
        let records = try #require(Self.exported().log.entries.first?.webSocketMessages)
        // Chrome DevTools protocol (Network.WebSocketFrame.payloadData): UTF-8 text for opcode 1, base64 otherwise.
        #expect(
            records.map(\.data) == [
                #"{"action":"join"}"#, "bienvenue ✓", "AAH+/w==", "iVA=", "Bw==", "Bw==", "A+hkb25l", "A+hkb25l",
            ])
    }

    @Test(
        "addresses split into host and port",
        arguments: [
            ("127.0.0.1:8080", "127.0.0.1", "8080"),
            ("[::1]:9001", "::1", "9001"),
            ("gw.example", "gw.example", nil),
            ("::1", "::1", nil),
            ("ws://127.0.0.1:38201", "127.0.0.1", "38201"),
            ("wss://abc.execute-api.eu-west-1.amazonaws.com/prod", "abc.execute-api.eu-west-1.amazonaws.com", "443"),
        ] as [(String, String, String?)])
    func addressSplit(upstream: String, host: String, port: String?) {
        let events: [SessionEvent] = [
            .connect(ConnectEvent(time: Self.start, connection: "c1", upstream: upstream, path: "/", status: 101))
        ]
        let entry = HARDocument(events: events, creator: .init(name: "t", version: "1")).log.entries.first
        #expect(entry?.serverIPAddress == host)
        #expect(entry?.connection == port)
    }

    // MARK: - Round trip

    @Test("export then import gives the same messages, control frames and closes")
    func roundTrip() throws {
        let reread = try HARDocument.decode(Self.exported().encoded()).sessionEvents()
        func frames(_ events: [SessionEvent]) -> [SessionEvent] {
            events.filter {
                switch $0 {
                case .message, .control, .close: true
                default: false
                }
            }
        }
        #expect(frames(reread) == frames(Self.session))
        let connects = reread.compactMap { event -> ConnectEvent? in
            if case .connect(let connect) = event { return connect }
            return nil
        }
        let originals = Self.session.compactMap { event -> ConnectEvent? in
            if case .connect(let connect) = event { return connect }
            return nil
        }
        #expect(connects.count == originals.count)
        for (connect, original) in zip(connects, originals) {
            #expect(connect.time == original.time)
            #expect(connect.path == original.path && connect.rawQuery == original.rawQuery)
            #expect(connect.query == original.query)
            #expect(connect.headers == original.headers)
            #expect(connect.status == original.status && connect.subprotocol == original.subprotocol)
        }
        // HAR keeps the server's host; the port goes to `connection`, which Chrome's own exports use for a
        // connection id, so it is not read back.
        #expect(connects.map(\.upstream) == ["127.0.0.1", nil])
    }
}
