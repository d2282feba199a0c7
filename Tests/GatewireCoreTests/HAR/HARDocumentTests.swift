import Foundation
import GatewireCore
import Testing

@Suite struct HARDocumentTests {
    static let start = Timestamp(rfc3339: "2024-08-01T19:37:55.612063Z")!
    static func at(_ milliseconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + milliseconds * 1000)
    }

    /// A HAR as Chrome DevTools exports a WebSocket connection (trimmed to the fields that matter).
    static let chromeHAR = """
        {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [],
          "entries": [
            {"startedDateTime": "2024-08-01T19:37:55.612Z", "time": 1500, "_resourceType": "fetch",
             "request": {"method": "GET", "url": "https://example.com/api", "headers": []},
             "response": {"status": 200, "headers": []}},
            {"startedDateTime": "2024-08-01T19:37:55.612Z", "time": 2000.5, "_resourceType": "websocket",
             "serverIPAddress": "203.0.113.9",
             "request": {"method": "GET", "url": "wss://abc.execute-api.eu-west-1.amazonaws.com/prod?token=a+b&k=%3D",
                         "httpVersion": "HTTP/1.1", "cookies": [], "queryString": [],
                         "headers": [{"name": "Host", "value": "abc.execute-api.eu-west-1.amazonaws.com"},
                                     {"name": "Sec-WebSocket-Protocol", "value": "chat"}],
                         "headersSize": -1, "bodySize": 0},
             "response": {"status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1", "cookies": [],
                          "headers": [{"name": "Sec-WebSocket-Protocol", "value": "chat"}],
                          "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1,
                          "bodySize": 0},
             "cache": {}, "timings": {"blocked": -1, "send": 0, "wait": 0, "receive": 0},
             "_webSocketMessages": [
               {"type": "send", "time": 1722541075.7, "opcode": 1, "data": "{\\"action\\":\\"join\\"}"},
               {"type": "receive", "time": 1722541075.8, "opcode": 1, "data": "{\\"type\\":\\"joinSuccess\\"}"},
               {"type": "receive", "time": 1722541075.9, "opcode": 2, "data": "AAEC/w=="}
             ]}
          ]}}
        """

    @Test("a Chrome DevTools HAR imports its WebSocket entry as connect, messages and an end without close frame")
    func importChrome() throws {
        let document = try HARDocument.decode(Data(Self.chromeHAR.utf8))
        let events = document.sessionEvents()
        #expect(events.count == 5)
        guard case .connect(let connect) = events[0] else {
            Issue.record("the first event is not a connect")
            return
        }
        #expect(connect.connection == "c1")
        #expect(connect.path == "/prod")
        #expect(connect.rawQuery == "token=a+b&k=%3D")
        #expect(connect.query?.queryStringParameters == ["token": "a b", "k": "="])
        #expect(connect.status == 101)
        #expect(connect.subprotocol == "chat")
        #expect(connect.upstream == "203.0.113.9")
        #expect(connect.time == Timestamp(rfc3339: "2024-08-01T19:37:55.612Z"))
        guard case .message(let sent) = events[1], case .message(let received) = events[2],
            case .message(let binary) = events[3], case .close(let close) = events[4]
        else {
            Issue.record("unexpected events \(events)")
            return
        }
        #expect(sent.direction == .client && sent.text == #"{"action":"join"}"#)
        #expect(sent.time == Timestamp(secondsSinceEpoch: 1_722_541_075.7))
        #expect(received.direction == .server && received.text == #"{"type":"joinSuccess"}"#)
        #expect(binary.opcode == .binary && binary.payload == [0, 1, 2, 255])
        #expect(close.direction == nil && close.info.code == nil)
        #expect(close.time == Timestamp(rfc3339: "2024-08-01T19:37:57.6125Z"))
    }

    @Test("an entry with a numeric connection and a nested cache object still reads")
    func lenientEntry() throws {
        let text = Self.chromeHAR.replacingOccurrences(
            of: #""cache": {}"#, with: #""cache": {"afterRequest": {"hitCount": 1}}, "connection": 1234"#)
        #expect(text != Self.chromeHAR)
        let document = try HARDocument.decode(Data(text.utf8))
        #expect(document.log.entries.last?.connection == "1234")
        #expect(document.sessionEvents().count == 5)
    }

    @Test("records that cannot be read become error events, not a failed import")
    func badRecords() throws {
        let document = HARDocument(
            log: .init(
                creator: .init(name: "t", version: "1"),
                entries: [
                    .init(
                        startedDateTime: Self.start.rfc3339, time: 0,
                        request: .init(method: "GET", url: "ws://h/", headers: []),
                        response: .init(status: 101, headers: []), resourceType: "websocket",
                        webSocketMessages: [
                            .init(type: "receive", time: 1, opcode: 2, data: "not base64!"),
                            .init(type: "receive", time: 2, opcode: 5, data: ""),
                        ])
                ]))
        let codes = document.sessionEvents().compactMap { event -> String? in
            if case .error(let error) = event { return error.code }
            return nil
        }
        #expect(codes == ["har-invalid-base64", "har-unsupported-opcode"])
    }

    @Test("a file that is not HAR fails with a message naming the missing field")
    func notHAR() {
        #expect {
            try HARDocument.decode(Data(#"{"log": {"version": "1.2"}}"#.utf8))
        } throws: { error in
            (error as? HARError)?.message.contains("creator") == true
        }
    }

    static let session: [SessionEvent] = [
        .connect(
            ConnectEvent(
                time: at(0), connection: "c1", upstream: "127.0.0.1:8080", path: "/prod",
                rawQuery: "cacheKey=2024-01-01T00%3A00%2B00%3A00&x=a+b",
                query: QueryString("cacheKey=2024-01-01T00%3A00%2B00%3A00&x=a+b").decoded(),
                headers: [
                    HTTPHeader(name: "Host", value: "gw.example"),
                    HTTPHeader(name: "Sec-WebSocket-Protocol", value: "v1"),
                ],
                subprotocol: "v1", status: 101)),
        .message(MessageEvent(time: at(10), connection: "c1", direction: .client, text: #"{"action":"sendmessage"}"#)),
        .control(ControlEvent(time: at(15), connection: "c1", direction: .client, opcode: .ping, payload: [1, 2])),
        .control(ControlEvent(time: at(16), connection: "c1", direction: .server, opcode: .pong, payload: [1, 2])),
        .message(
            MessageEvent(time: at(20), connection: "c1", direction: .server, opcode: .binary, payload: [0, 255, 128])),
        .connect(ConnectEvent(time: at(25), connection: "c2", path: "/other", status: 403)),
        .message(MessageEvent(time: at(30), connection: "c1", direction: .server, text: "é ✓")),
        .close(
            CloseEvent(
                time: at(40), connection: "c1", direction: .client,
                info: CloseInfo(code: 4000, reason: "bye", initiator: .client))),
        .close(
            CloseEvent(
                time: at(41), connection: "c1", direction: .server,
                info: CloseInfo(code: 4000, reason: "bye", initiator: .client))),
    ]

    @Test("session events survive export to HAR and import back")
    func roundTrip() throws {
        let exported = HARDocument(events: Self.session, creator: .init(name: "gatewire", version: "test"))
        let reread = try HARDocument.decode(exported.encoded())
        #expect(reread == exported)
        // The upstream's port is written to `connection` for Chrome and not read back (Chrome uses it for ids).
        let expected = Self.session.map { event -> SessionEvent in
            guard case .connect(var connect) = event, connect.upstream == "127.0.0.1:8080" else { return event }
            connect.upstream = "127.0.0.1"
            return .connect(connect)
        }
        #expect(reread.sessionEvents() == expected)
    }

    @Test("what Gatewire did to a message or close survives export to HAR and import back, in a custom field")
    func interventionsRoundTrip() throws {
        let connect = SessionEvent.connect(ConnectEvent(time: Self.at(0), connection: "c1", path: "/prod"))
        let dropped = SessionEvent.message(
            MessageEvent(
                time: Self.at(1), connection: "c1", direction: .client, opcode: .text,
                payload: Array(#"{"action":"x"}"#.utf8), intervention: Intervention(.dropped, by: "rule r1")))
        let injected = SessionEvent.message(
            MessageEvent(
                time: Self.at(2), connection: "c1", direction: .server, opcode: .binary, payload: [0, 1],
                intervention: Intervention(.injected, by: "control")))
        let close = SessionEvent.close(
            CloseEvent(
                time: Self.at(3), connection: "c1", direction: .server,
                info: CloseInfo(code: 1001, reason: "Going away", initiator: .server),
                intervention: Intervention(.injected, by: "fault idle-timeout")))
        let data = try HARDocument(
            events: [connect, dropped, injected, close], creator: .init(name: "g", version: "t")
        )
        .encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""_gatewireIntervention""#))
        let events = try HARDocument.decode(data).sessionEvents()
        let marks = events.compactMap { event -> Intervention? in
            switch event {
            case .message(let message): message.intervention
            case .close(let close): close.intervention
            default: nil
            }
        }
        #expect(
            marks == [
                Intervention(.dropped, by: "rule r1"), Intervention(.injected, by: "control"),
                Intervention(.injected, by: "fault idle-timeout"),
            ])
        // A mark Gatewire would not write is skipped, not a reason to refuse the archive.
        let odd = text.replacingOccurrences(of: #""kind" : "dropped""#, with: #""kind" : "teleported""#)
        #expect(odd != text)
        let reread = try HARDocument.decode(Data(odd.utf8)).sessionEvents()
        #expect(reread.count == events.count)
    }

    @Test("Chrome's error records become error events; records of an unknown type are reported, not guessed")
    func errorRecords() {
        let document = HARDocument(
            log: .init(
                creator: .init(name: "WebInspector", version: "537.36"),
                entries: [
                    .init(
                        startedDateTime: Self.start.rfc3339, time: 0,
                        request: .init(method: "GET", url: "wss://h/", headers: []),
                        response: .init(status: 101, headers: []), resourceType: "websocket",
                        webSocketMessages: [
                            .init(type: "error", time: 1, opcode: -1, data: "net::ERR_CONNECTION_RESET"),
                            .init(type: "request", time: 2, opcode: 1, data: "hi"),
                        ])
                ]))
        let errors = document.sessionEvents().compactMap { event -> ErrorEvent? in
            if case .error(let error) = event { return error }
            return nil
        }
        #expect(errors.map(\.code) == ["har-websocket-error", "har-unknown-record-type"])
        #expect(errors.first?.message.contains("net::ERR_CONNECTION_RESET") == true)
        #expect(errors.first?.time == Timestamp(secondsSinceEpoch: 1))
    }

    @Test("the export has what Chrome's importer requires: entries with request, response, timings and websocket type")
    func chromeShape() throws {
        let data = try HARDocument(events: Self.session, creator: .init(name: "gatewire", version: "test")).encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let log = try #require(json["log"] as? [String: Any])
        #expect(log["version"] as? String == "1.2")
        let entries = try #require(log["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        for entry in entries {
            for key in ["startedDateTime", "time", "request", "response", "cache", "timings", "_webSocketMessages"] {
                #expect(entry[key] != nil, "missing \(key)")
            }
            #expect(entry["_resourceType"] as? String == "websocket")
        }
        let request = try #require(entries[0]["request"] as? [String: Any])
        #expect(request["url"] as? String == "ws://gw.example/prod?cacheKey=2024-01-01T00%3A00%2B00%3A00&x=a+b")
        let messages = try #require(entries[0]["_webSocketMessages"] as? [[String: Any]])
        #expect(
            messages.map { $0["type"] as? String } == [
                "send", "send", "receive", "receive", "receive", "send", "receive",
            ])
        #expect(messages.map { $0["opcode"] as? Int } == [1, 9, 10, 2, 1, 8, 8])
        #expect(messages[3]["data"] as? String == "AP+A")
        #expect((messages[0]["time"] as? Double).map { abs($0 - Self.at(10).secondsSinceEpoch) < 1e-6 } == true)
    }
}
