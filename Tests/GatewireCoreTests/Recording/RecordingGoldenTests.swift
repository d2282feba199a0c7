import Foundation
import GatewireCore
import Testing

/// `Fixtures/golden-v1.jsonl` was written by the version 1 writer. It must keep reading back to the same events,
/// and writing those events must keep producing the same bytes: a writer change that breaks either would make
/// existing recordings unreadable or silently different, which needs a format version and a migration instead.
@Suite struct RecordingGoldenTests {
    private func golden() throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: "golden-v1", withExtension: "jsonl", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    @Test("the version 1 golden recording reads back to the expected header and events")
    func reads() throws {
        let recording = try RecordingReader().read(golden())
        #expect(recording.version == 1)
        #expect(recording.header == RecordingSamples.header)
        #expect(recording.events == RecordingSamples.all)
        #expect(recording.issues.isEmpty)
    }

    @Test("writing the golden events again produces the golden bytes")
    func rewritesIdentically() throws {
        let rewritten = try RecordingSamples.written()
        let golden = Array(try golden())
        #expect(rewritten.count == golden.count)
        let goldenLines = golden.split(separator: UInt8(ascii: "\n"))
        let rewrittenLines = rewritten.split(separator: UInt8(ascii: "\n"))
        for (number, (expected, actual)) in zip(goldenLines, rewrittenLines).enumerated() {
            #expect(
                String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                "line \(number + 1) differs")
        }
        #expect(rewritten == golden)
    }
}
