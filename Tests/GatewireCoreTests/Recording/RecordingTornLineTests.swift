import Foundation
import GatewireCore
import Testing

@Suite struct RecordingTornLineTests {
    @Test("cutting the last line at any byte keeps every earlier event and reports the tear")
    func cutAtEveryOffset() throws {
        let bytes = try RecordingSamples.written()
        let lastLineStart = try #require(bytes.dropLast().lastIndex(of: UInt8(ascii: "\n"))) + 1
        let lastLineNumber = RecordingSamples.all.count + 1
        let earlier = Array(RecordingSamples.all.dropLast())
        for cut in lastLineStart..<bytes.count {
            let recording = try RecordingReader().read(Data(bytes[..<cut]))
            if cut == lastLineStart {
                // The file ends exactly after a complete line: nothing is torn.
                #expect(recording.events == earlier)
                #expect(recording.issues.isEmpty)
            } else if cut == bytes.count - 1 {
                // Only the newline is missing: the event is complete and kept.
                #expect(recording.events == RecordingSamples.all)
                #expect(recording.issues.map(\.code) == [.missingFinalNewline])
                #expect(recording.issues.first?.line == lastLineNumber)
            } else {
                #expect(recording.events == earlier, "cut at \(cut)")
                #expect(recording.issues.map(\.code) == [.tornLastLine], "cut at \(cut)")
                #expect(recording.issues.first?.line == lastLineNumber)
            }
        }
    }

    @Test("the torn-line issue says how much was left and why it was skipped")
    func tornIssueMessage() throws {
        let bytes = try RecordingSamples.written([RecordingSamples.ping])
        let recording = try RecordingReader().read(Data(bytes.dropLast(10)))
        let issue = try #require(recording.issues.first)
        #expect(issue.line == 2)
        #expect(issue.description.hasPrefix("line 2: the last line is cut off after "))
        #expect(issue.description.contains("and was skipped: not valid JSON"))
    }

    @Test("a bad line in the middle is an error naming its line")
    func badMiddleLine() throws {
        var lines = String(decoding: try RecordingSamples.written(), as: UTF8.self).split(separator: "\n")
        lines[3] = #"{"type":"message","time":"2024-08-01T19:37:55.615063Z","connection":"c1","opcode":"text"}"#
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        let error = try #require(throws: RecordingError.self) { try RecordingReader().read(data) }
        #expect(error.code == .invalidLine)
        #expect(error.line == 4)
        #expect(error.description == "line 4: 'from' is missing")
    }

    @Test("a complete but invalid last line is corruption, not a tear, and fails a strict read")
    func completeBadLastLine() throws {
        let data = Data(try RecordingSamples.written([RecordingSamples.ping]) + Array("{\"type\":\n".utf8))
        let error = try #require(throws: RecordingError.self) { try RecordingReader().read(data) }
        #expect(error.line == 3)
    }

    @Test("a lenient reader skips bad lines and reports each")
    func lenient() throws {
        var lines = String(decoding: try RecordingSamples.written(), as: UTF8.self).split(separator: "\n")
        lines[2] = "garbage"
        lines[5] =
            #"{"type":"control","time":"2024-08-01T19:37:55Z","connection":"c1","from":"client","opcode":"text"}"#
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        let recording = try RecordingReader(skipsMalformedLines: true).read(data)
        var expected = RecordingSamples.all
        expected.remove(at: 4)
        expected.remove(at: 1)
        #expect(recording.events == expected)
        #expect(recording.issues.map(\.line) == [3, 6])
        #expect(recording.issues.map(\.code) == [.skippedLine, .skippedLine])
        #expect(recording.issues[1].message.contains("must be ping or pong, not text"))
    }

    @Test("an unknown event type is skipped and reported by a strict reader, even when its fields clash")
    func unknownType() throws {
        let data = Data(
            try RecordingSamples.written([RecordingSamples.ping])
                + Array(#"{"type":"annotation","time":"2024-08-01T19:37:55Z","code":{"x":1}}"#.utf8) + [0x0A]
                + Array(try RecordedEvent(RecordingSamples.close).encoded()) + [0x0A])
        let recording = try RecordingReader().read(data)
        #expect(recording.events == [RecordingSamples.ping, RecordingSamples.close])
        #expect(recording.issues.map(\.code) == [.unknownEventType])
        #expect(recording.issues.first?.line == 3)
        #expect(recording.issues.first?.message.contains("unknown event type 'annotation'") == true)
    }

    @Test("blank lines and carriage returns are ignored, and line numbers still count them")
    func blankLines() throws {
        let text = String(
            decoding: try RecordingSamples.written([RecordingSamples.ping, RecordingSamples.close]), as: UTF8.self)
        let spaced = text.replacingOccurrences(of: "\n", with: "\r\n\n  \n")
        let recording = try RecordingReader().read(Data(spaced.utf8))
        #expect(recording.events == [RecordingSamples.ping, RecordingSamples.close])
        let broken = spaced.replacingOccurrences(of: #""opcode":"ping""#, with: #""opcode":"pang""#)
        let error = try #require(throws: RecordingError.self) { try RecordingReader().read(Data(broken.utf8)) }
        #expect(error.line == 4)
    }

    @Test("a size that disagrees with the payload is reported and the payload wins")
    func sizeMismatch() throws {
        let text = String(decoding: try RecordingSamples.written([RecordingSamples.ping]), as: UTF8.self)
        let edited = text.replacingOccurrences(of: #""size":9,"text":"keepalive""#, with: #""size":9,"text":"alive""#)
        let recording = try RecordingReader().read(Data(edited.utf8))
        guard case .control(let control) = try #require(recording.events.first) else {
            Issue.record("not a control event")
            return
        }
        #expect(control.payload == Array("alive".utf8))
        #expect(
            recording.issues == [
                RecordingIssue(
                    line: 2, code: .sizeMismatch,
                    message: "'size' says 9 bytes but the payload has 5; the payload was used")
            ])
    }
}
