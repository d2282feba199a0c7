import Foundation
import GatewireCore
import Testing

/// Every HAR in `Fuzz/Regressions/har` once crashed `inspect`, `diagnose` or `export`; each must now decode into
/// session events that say what is wrong, and survive the export and the recording writer.
@Suite struct HARRegressionCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions/har")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".har") }.sorted()
    }()

    @Test("the corpus holds every reported crash input")
    func corpusIsComplete() {
        #expect(
            Set(Self.files).isSuperset(of: [
                "record-time-1e300.har", "record-time-minus-1e300.har", "record-time-1.797e308.har",
                "entry-time-1e300-no-close.har", "entry-time-9.223e15-no-close.har",
            ]))
    }

    @Test("a time out of range becomes a har-invalid-time error, and the messages are kept", arguments: files)
    func invalidTimeIsReported(file: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        let events = try HARDocument.decode(data).sessionEvents()
        let errors = events.compactMap { event -> ErrorEvent? in
            if case .error(let error) = event { return error }
            return nil
        }
        #expect(errors.map(\.code) == ["har-invalid-time"])
        #expect(events.filter { if case .message = $0 { true } else { false } }.count == 2)
        // Nothing is dated 1970: every event keeps a time the file gave.
        #expect(events.allSatisfy { $0.time.rfc3339.hasPrefix("2024-08-01") })
        let exported = HARDocument(events: events, creator: HARDocument.Creator(name: "test", version: "1"))
        #expect(try HARDocument.decode(exported.encoded()).log.entries.count == 1)
        var writer = try RecordingWriter(
            output: InMemoryRecordingOutput(),
            header: RecordingHeader(
                creator: RecordingHeader.Creator(name: "test", version: "1"), startedAt: events[0].time,
                source: .har))
        try writer.write(contentsOf: events)
        #expect(try RecordingReader().read(writer.output.data).events == events)
    }

    @Test("a 101 entry whose time cannot end it closes at its last message")
    func entryTimeOutOfRange() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("entry-time-1e300-no-close.har"))
        let events = try HARDocument.decode(data).sessionEvents()
        guard case .close(let close) = events.last else {
            Issue.record("the connection is not closed: \(events)")
            return
        }
        #expect(close.time == Timestamp(secondsSinceEpoch: 1_722_541_075.9))
    }
}
