import Foundation
import GatewireCore
import Testing

@Suite struct RecordingWriterTests {
    /// Keeps every `write` call apart, to check that each line arrives in exactly one.
    private struct ChunkedOutput: RecordingOutput {
        var chunks: [Data] = []
        var closeCount = 0
        mutating func write(_ bytes: [UInt8]) throws { chunks.append(Data(bytes)) }
        mutating func close() throws { closeCount += 1 }
    }

    private struct FailingOutput: RecordingOutput {
        struct DiskFull: Error, CustomStringConvertible {
            var description: String { "no space left on device" }
        }
        func write(_ bytes: [UInt8]) throws { throw DiskFull() }
        func close() throws {}
    }

    @Test("the header and every single event are each written with one call holding the whole line and its newline")
    func oneWritePerLine() throws {
        var writer = try RecordingWriter(output: ChunkedOutput(), header: RecordingSamples.header)
        for event in RecordingSamples.all { try writer.write(event) }
        let chunks = writer.output.chunks
        #expect(chunks.count == RecordingSamples.all.count + 1)
        for chunk in chunks {
            #expect(chunk.last == UInt8(ascii: "\n"))
            #expect(chunk.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        }
        #expect(writer.eventCount == RecordingSamples.all.count)
        #expect(Array(chunks.joined()) == (try RecordingSamples.written()))
    }

    @Test("a batch of events is written with one call holding whole lines, the same bytes as one by one")
    func oneWritePerBatch() throws {
        var writer = try RecordingWriter(output: ChunkedOutput(), header: RecordingSamples.header)
        try writer.write(contentsOf: RecordingSamples.all)
        try writer.write(contentsOf: [])
        let chunks = writer.output.chunks
        #expect(chunks.count == 2)
        #expect(chunks.last?.last == UInt8(ascii: "\n"))
        #expect(chunks.last?.filter { $0 == UInt8(ascii: "\n") }.count == RecordingSamples.all.count)
        #expect(writer.eventCount == RecordingSamples.all.count)
        #expect(Array(chunks.joined()) == (try RecordingSamples.written()))
    }

    @Test("a line whose route resolution equals the line before's has the bytes it has when written alone")
    func repeatedResolutions() throws {
        let resolutions = [
            RouteResolution(
                outcome: .matched, reason: .matched, expression: "$request.body.action", value: "join",
                routeKey: "join", explanation: "action \"join\" matches the route join."),
            RouteResolution(
                outcome: .fellToDefault, reason: .noSuchKey, expression: "$request.body.action", value: "Join",
                routeKey: "$default", explanation: "action \"Join\" matches no route key; sent to $default.",
                hints: [NearMissHint(kind: .caseOnly, routeKey: "join", message: "differs only in case")]),
            RouteResolution(
                outcome: .matched, reason: .matched, expression: "$request.body.action", value: "leave",
                routeKey: "leave", explanation: "action \"leave\" matches the route leave."),
            // Equal as Swift strings to each other, not in bytes: é as one scalar, and as e with a combining accent.
            RouteResolution(
                outcome: .evaluated, reason: .routesUnknown, expression: "$request.body.action", value: "caf\u{E9}",
                routeKey: nil, explanation: "action \"caf\u{E9}\" is the route key this message selects."),
            RouteResolution(
                outcome: .evaluated, reason: .routesUnknown, expression: "$request.body.action", value: "cafe\u{301}",
                routeKey: nil, explanation: "action \"cafe\u{301}\" is the route key this message selects."),
        ]
        // Runs of the same resolution, changes, an equal one that is a separate value, lines without any, and two
        // that differ only in Unicode normal form.
        let picks: [Int?] = [0, 0, 0, 1, 1, 0, nil, 0, 2, 2, nil, nil, 1, 0, 3, 4, 3, 4, 4]
        var events: [SessionEvent] = []
        for (index, pick) in picks.enumerated() {
            var message = MessageEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(index)), connection: "c1",
                direction: pick == nil ? .server : .client, text: #"{"action":"x"}"#)
            message.resolution = pick.map { resolutions[$0] }
            events.append(.message(message))
        }
        var writer = try RecordingWriter(output: ChunkedOutput(), header: RecordingSamples.header)
        try writer.write(contentsOf: events.prefix(5))
        try writer.write(contentsOf: events.dropFirst(5))
        var alone: [UInt8] = []
        for event in events { alone += Array(try RecordedEvent(event).encoded()) + [UInt8(ascii: "\n")] }
        #expect(Array(writer.output.chunks.dropFirst().joined()) == alone)
    }

    @Test("a batch larger than a block is written in blocks of whole lines")
    func largeBatchInBlocks() throws {
        let big = SessionEvent.message(
            MessageEvent(
                time: Timestamp(microsecondsSinceEpoch: 1), connection: "c1", direction: .server, opcode: .text,
                payload: [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)))
        var writer = try RecordingWriter(output: ChunkedOutput(), header: RecordingSamples.header)
        try writer.write(contentsOf: Array(repeating: big, count: 10))
        let chunks = writer.output.chunks.dropFirst()
        #expect(chunks.count == 3)  // 4 + 4 + 2 lines of about 300 kB, in blocks of at least 1 MiB
        #expect(chunks.allSatisfy { $0.last == UInt8(ascii: "\n") })
        #expect(chunks.map { $0.filter { $0 == UInt8(ascii: "\n") }.count } == [4, 4, 2])
        #expect(writer.eventCount == 10)
    }

    @Test("a closed writer refuses further events, and closing twice closes the output once")
    func closed() throws {
        var writer = try RecordingWriter(output: ChunkedOutput(), header: RecordingSamples.header)
        try writer.close()
        try writer.close()
        #expect(writer.output.closeCount == 1)
        let error = try #require(throws: RecordingError.self) { try writer.write(RecordingSamples.ping) }
        #expect(error.code == .writeFailed)
        #expect(error.description == "could not write the recording: the recording is already closed")
    }

    @Test("an output failure surfaces as a write error that names the cause")
    func outputFailure() throws {
        let error = try #require(throws: RecordingError.self) {
            _ = try RecordingWriter(output: FailingOutput(), header: RecordingSamples.header)
        }
        #expect(error.description == "could not write the recording: no space left on device")
    }

    @Test("a file output writes a readable recording and never overwrites an existing file")
    func fileOutput() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-recording-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        var writer = try RecordingWriter(
            output: FileHandleRecordingOutput(creatingFileAt: url), header: RecordingSamples.header)
        try writer.write(contentsOf: RecordingSamples.all)
        // Readable before close: nothing sits in a user-space buffer.
        #expect(try RecordingReader().read(Data(contentsOf: url)).events == RecordingSamples.all)
        try writer.close()
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        #expect(try RecordingReader().read(from: handle).events == RecordingSamples.all)
        #expect(throws: (any Error).self) { _ = try FileHandleRecordingOutput(creatingFileAt: url) }
        #expect(try Data(contentsOf: url) == Data(try RecordingSamples.written()))
    }
}
