import Foundation
import GatewireCore
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

    @Test("keeps the last events up to the count limit and numbers every event ever appended")
    func countLimit() {
        let store = LiveEventStore(limits: .init(maxEvents: 3))
        store.append((1...5).map { Self.message($0) })
        let slice = store.entries(after: 0, limit: 10)
        #expect(slice.entries.map(\.sequence) == [3, 4, 5])
        #expect(slice.oldest == 3)
        #expect(slice.latest == 5)
        #expect(store.entries(after: 4, limit: 10).entries.map(\.sequence) == [5])
    }

    @Test("forgets the oldest events once their payloads pass the byte limit")
    func byteLimit() {
        let store = LiveEventStore(limits: .init(maxEvents: 100, maxPayloadBytes: 250))
        store.append((1...4).map { Self.message($0, size: 100) })
        #expect(store.snapshot().entries.map(\.sequence) == [3, 4])
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
