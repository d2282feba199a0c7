import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

@testable import GatewireWeb

@Suite struct LiveEventStoreTests {
    private static func message(_ index: Int, size: Int = 1) -> SessionEvent {
        .message(
            MessageEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(index) * 1_000_000), connection: "c1", direction: .client,
                opcode: .text,
                payload: Array(repeating: UInt8(ascii: "a"), count: size)))
    }

    private static func payloadCount(_ event: SessionEvent) -> Int {
        if case .message(let message) = event { return message.payload.count }
        return -1
    }

    @Test("keeps the last events up to the count limit and numbers every event ever appended")
    func countLimit() {
        let store = LiveEventStore(limits: .init(maxEvents: 3))
        store.append((1...5).map { Self.message($0) })
        let slice = store.entries(after: 0, limit: 10)
        #expect(slice.map(\.sequence) == [3, 4, 5])
        #expect(slice.oldest == 3)
        #expect(slice.latest == 5)
        #expect(store.entries(after: 4, limit: 10).map(\.sequence) == [5])
        // Batches are kept whole until part of one must go: then only that part goes.
        let batches = LiveEventStore(limits: .init(maxEvents: 5))
        batches.append((1...2).map { Self.message($0) })
        batches.append((3...6).map { Self.message($0) })
        #expect(batches.entries(after: 0, limit: 10).map(\.sequence) == [2, 3, 4, 5, 6])
    }

    @Test("forgets the oldest events once their payloads pass the byte limit")
    func byteLimit() {
        let store = LiveEventStore(limits: .init(maxEvents: 100, maxPayloadBytes: 250))
        store.append((1...4).map { Self.message($0, size: 100) })
        #expect(store.snapshot().entries.map(\.sequence) == [3, 4])
    }

    @Test("keeps batches of any size, forgets across them and reads any range, as a plain list of every event would")
    func agreesWithAPlainList() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<40 {
            let limits = LiveEventStore.Limits(
                maxEvents: Int.random(in: 1...9_000, using: &generator),
                maxPayloadBytes: Int.random(in: 1...40_000, using: &generator))
            let store = LiveEventStore(limits: limits)
            // The model: every event ever appended with its size, then the newest that fit both limits.
            var sizes: [Int] = []
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                // Batches from one event to more than two chunks.
                let count =
                    Int.random(in: 0...3, using: &generator) == 0
                    ? Int.random(in: 1...(2 * LiveEventStore.chunkSize + 5), using: &generator)
                    : Int.random(in: 1...40, using: &generator)
                let batch = (0..<count).map { _ in Int.random(in: 0...9, using: &generator) }
                store.append(batch.enumerated().map { Self.message(sizes.count + $0.offset + 1, size: $0.element) })
                sizes += batch
            }
            var kept = 0
            var bytes = 0
            while kept < sizes.count, kept < limits.maxEvents {
                let size = sizes[sizes.count - 1 - kept]
                if kept > 0, bytes + size > limits.maxPayloadBytes { break }
                bytes += size
                kept += 1
            }
            let oldest = sizes.count - kept + 1
            let whole = store.entries(after: 0, limit: Int.max)
            #expect(whole.oldest == oldest)
            #expect(whole.latest == sizes.count)
            #expect(whole.map(\.sequence) == Array(oldest...sizes.count))
            #expect(whole.map { Self.payloadCount($0.event) } == Array(sizes[(oldest - 1)...]))
            for _ in 0..<10 {
                let after = Int.random(in: 0...sizes.count, using: &generator)
                let limit = Int.random(in: 0...5_000, using: &generator)
                let slice = store.entries(after: after, limit: limit)
                let start = max(after + 1, oldest)
                let expected = start > sizes.count ? [] : Array((start...sizes.count).prefix(limit))
                #expect(slice.map(\.sequence) == expected)
                #expect(slice.count == expected.count)
                #expect(slice.lastSequence == expected.last)
            }
        }
    }

    @Test("wakes observers after each append and at the end, and stops when removed")
    func observers() {
        let store = LiveEventStore()
        let count = Counter()
        let token = store.addObserver { count.increment() }
        store.append([Self.message(1)])
        store.finish()
        store.removeObserver(token)
        store.append([Self.message(2)])
        #expect(count.value == 2)
        #expect(store.isFinished)
    }
}

@Suite struct EventStreamCursorTests {
    @Test("a page that connects gets the whole replay, however long, without a skip")
    func replayIsNotBacklog() {
        var cursor = EventStreamCursor(replayEnd: 100_000, maxBacklog: 10, position: 0)
        #expect(cursor.skip(oldest: 1, latest: 100_000) == 0)
        cursor.sent(through: 50_000)
        #expect(cursor.skip(oldest: 1, latest: 100_005) == 0)
    }

    @Test("a page more than the backlog behind the live events skips to half the allowance and says how many")
    func liveBacklogSkips() {
        var cursor = EventStreamCursor(replayEnd: 10, maxBacklog: 100, position: 10)
        #expect(cursor.skip(oldest: 1, latest: 110) == 0)
        #expect(cursor.skip(oldest: 1, latest: 111) == 51)
        #expect(cursor.position == 61)
    }

    @Test("events the store forgot before they were sent count as skipped")
    func forgottenEventsSkip() {
        var cursor = EventStreamCursor(replayEnd: 0, maxBacklog: 1_000, position: 5)
        #expect(cursor.skip(oldest: 20, latest: 30) == 14)
        #expect(cursor.position == 19)
    }
}
