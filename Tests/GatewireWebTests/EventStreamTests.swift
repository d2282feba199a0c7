import Foundation
import GatewireCore
import NIOCore
import Testing

@testable import GatewireWeb

@Suite struct EventStreamTests {
    private static func messages(_ range: ClosedRange<Int>) -> [SessionEvent] {
        range.map { index in
            .message(
                MessageEvent(
                    time: Timestamp(microsecondsSinceEpoch: Int64(index) * 1000), connection: "c1",
                    direction: .client, text: "m\(index)"))
        }
    }

    /// The `seq` of every event a stream wrote, and the skipped counts it announced.
    private static func read(_ written: [ByteBuffer]) -> (sequences: [Int], skipped: Int) {
        let text = written.map { String(buffer: $0) }.joined()
        var sequences: [Int] = []
        var skipped = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("data: {\"seq\":"), let number = Int(line.dropFirst(13).prefix { $0.isNumber }) {
                sequences.append(number)
            } else if line.hasPrefix("data: {\"count\":"), let count = Int(line.dropFirst(15).prefix { $0.isNumber }) {
                skipped += count
            }
        }
        return (sequences, skipped)
    }

    @Test("what was kept goes at once; live events go at the page's rate, then it falls behind and skips")
    func liveRate() throws {
        let store = LiveEventStore()
        store.append(Self.messages(1...3000))
        var written: [ByteBuffer] = []
        let stream = EventStream(
            store: store, maxBacklog: 5000, maxLiveEventsPerSecond: 1000, allocator: ByteBufferAllocator(),
            write: { written.append($0) }, flush: {}, isWritable: { true })
        var next = stream.pump()
        while next == .more { next = stream.pump() }
        #expect(Self.read(written).sequences.count == 3000)

        // 4,000 live events at once: a tenth of a second's worth goes now, the rest waits for the rate.
        store.append(Self.messages(3001...7000))
        written = []
        next = stream.pump()
        while next == .more { next = stream.pump() }
        let first = Self.read(written)
        #expect(first.sequences.count == 100)
        #expect(first.sequences.first == 3001)
        guard case .after(let delay) = next else {
            Issue.record("expected the stream to wait, got \(next)")
            return
        }
        #expect(delay.nanoseconds > 0 && delay.nanoseconds <= 200_000_000)

        // More than the backlog behind: the page is told how many it skipped, and goes on in order.
        store.append(Self.messages(7001...12000))
        Thread.sleep(forTimeInterval: 0.05)
        written = []
        _ = stream.pump()
        let second = Self.read(written)
        #expect(second.skipped > 0)
        #expect(second.sequences == second.sequences.sorted())
        #expect((second.sequences.first ?? 0) > 3100)
        #expect(second.sequences.count <= 100)

        // Once the source ended (a file read to its end) nothing is live: the rest goes at once, then the end.
        store.finish()
        written = []
        next = stream.pump()
        while next == .more { next = stream.pump() }
        #expect(next == .idle)
        let rest = Self.read(written)
        #expect(rest.sequences.last == 12000)
        #expect(rest.sequences == rest.sequences.sorted())
        #expect(written.map { String(buffer: $0) }.joined().contains("event: end"))
    }

    @Test("a live rate below ten a second still sends, one event at a time")
    func slowRate() throws {
        let store = LiveEventStore()
        var written: [ByteBuffer] = []
        let stream = EventStream(
            store: store, maxBacklog: 100, maxLiveEventsPerSecond: 5, allocator: ByteBufferAllocator(),
            write: { written.append($0) }, flush: {}, isWritable: { true })
        store.append(Self.messages(1...3))
        written = []
        let next = stream.pump()
        #expect(Self.read(written).sequences == [1])
        guard case .after(let delay) = next else {
            Issue.record("expected the stream to wait, got \(next)")
            return
        }
        // One event's worth at five a second.
        #expect(delay.nanoseconds >= 150_000_000 && delay.nanoseconds <= 250_000_000)
        Thread.sleep(forTimeInterval: Double(delay.nanoseconds) / 1e9 + 0.02)
        written = []
        _ = stream.pump()
        #expect(Self.read(written).sequences == [2])
    }
}
