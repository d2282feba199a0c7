import Foundation
import GatewireCore
import Testing

@Suite struct RecordingRoundTripTests {
    @Test("every event type reads back exactly as it was written")
    func everyEventRoundTrips() throws {
        let recording = try RecordingReader().read(Data(RecordingSamples.written()))
        #expect(recording.header == RecordingSamples.header)
        #expect(recording.version == RecordingFormat.version)
        #expect(recording.events == RecordingSamples.all)
        #expect(recording.issues.isEmpty)
    }

    @Test("each event is one line whose first field is its type", arguments: RecordingSamples.named)
    func oneLinePerEvent(name: String, event: SessionEvent) throws {
        let recorded = RecordedEvent(event)
        let line = String(decoding: try recorded.encoded(), as: UTF8.self)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"type":"\#(recorded.type)","time":""#))
        #expect(try RecordedEvent(decoding: Data(line.utf8)).event == event)
    }

    @Test("a header without an API configuration round-trips and omits the field")
    func bareHeader() throws {
        let bytes = try RecordingSamples.written([], header: RecordingSamples.bareHeader)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("\"api\""))
        let recording = try RecordingReader().read(Data(bytes))
        #expect(recording.header == RecordingSamples.bareHeader)
        #expect(recording.events.isEmpty)
    }

    @Test("valid UTF-8 text is stored as text, everything else as base64")
    func payloadEncoding() throws {
        func line(_ event: SessionEvent) throws -> String {
            String(decoding: try RecordedEvent(event).encoded(), as: UTF8.self)
        }
        #expect(try line(RecordingSamples.fragmentedCompressed).contains(#""text":"line one\nline two\ttabbed\r\n""#))
        #expect(try line(RecordingSamples.invalidUTF8Text).contains(#""base64":"aMMo/w==""#))
        #expect(try line(RecordingSamples.binaryPong).contains(#""base64":"AP6A""#))
        #expect(try line(RecordingSamples.ping).contains(#""text":"keepalive""#))
        // A binary message is always base64, even when its bytes happen to be valid UTF-8: only text is text.
        let asciiBinary = SessionEvent.message(
            MessageEvent(
                time: RecordingSamples.time(), connection: "c1", direction: .client, opcode: .binary,
                payload: Array("abc".utf8)))
        #expect(try line(asciiBinary).contains(#""base64":"YWJj""#))
    }

    @Test("unusual Unicode survives: line and paragraph separators, astral characters, combining marks, controls")
    func unicode() throws {
        let text = "\u{2028}\u{2029}𝄞 e\u{301} \u{7F}\u{0}\u{1B}[31m \u{FEFF}"
        let event = SessionEvent.message(
            MessageEvent(time: RecordingSamples.time(), connection: "ü/c1", direction: .server, text: text))
        let encoded = try RecordedEvent(event).encoded()
        #expect(!encoded.contains(UInt8(ascii: "\n")))
        let decoded = try RecordedEvent(decoding: encoded).event
        guard case .message(let message) = decoded else { Issue.record("not a message"); return }
        #expect(message.payload == Array(text.utf8))
        #expect(decoded == event)
    }

    @Test("absent optional fields are left out, not written as null")
    func absentFieldsOmitted() throws {
        let line = String(decoding: try RecordedEvent(RecordingSamples.closeWithoutFrame).encoded(), as: UTF8.self)
        #expect(line == #"{"type":"close","time":"2024-08-01T19:37:55.623063Z","connection":"c2","reason":""}"#)
    }

    @Test("the API description records an assumed expression and converts back to a configuration")
    func apiFromConfiguration() {
        let configuration = RouteConfiguration(
            apiName: "chat", expression: nil, routeKeys: ["$connect", "sendPublic"], source: "template.yaml")
        let api = RecordingHeader.API(configuration, stage: "dev")
        #expect(api.expression == "$request.body.action")
        #expect(api.expressionAssumed)
        #expect(api.stage == "dev")
        #expect(
            api.routeConfiguration
                == RouteConfiguration(
                    apiName: "chat", expression: nil, routeKeys: ["$connect", "sendPublic"], stages: ["dev"],
                    source: "template.yaml"))
        let given = RecordingHeader.API(RouteConfiguration(expression: "$request.body.type", routeKeys: []))
        #expect(given.expression == "$request.body.type")
        #expect(!given.expressionAssumed)
    }
}
