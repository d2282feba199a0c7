import Foundation
import Testing

@testable import gatewire

/// The bounded queue in front of live standard output: a stuck reader costs dropped lines (counted and reported),
/// never unbounded memory, and a moving reader gets every line in order.
@Suite struct LiveStandardOutputTests {
    /// A writer that blocks until opened, and remembers what it wrote and what notices it got.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var open = false
        private var written = Data()
        private var notices: [String] = []

        func write(_ data: Data) {
            condition.lock()
            while !open { condition.wait() }
            written.append(data)
            condition.unlock()
        }

        func notice(_ text: String) { condition.withLock { notices.append(text) } }
        func openGate() {
            condition.withLock {
                open = true; condition.broadcast()
            }
        }
        var lines: [String] {
            condition.withLock { String(decoding: written, as: UTF8.self).split(separator: "\n").map(String.init) }
        }
        var received: [String] { condition.withLock { notices } }
    }

    @Test("a reader that keeps up gets every line, in order")
    func everyLineInOrder() {
        let gate = Gate()
        gate.openGate()
        let output = LiveStandardOutput(capacity: 1 << 20, write: gate.write, writeNotice: gate.notice)
        for index in 0..<5_000 { output.enqueue(Data("line \(index)\n".utf8)) }
        output.drain(timeout: 10)
        #expect(gate.lines == (0..<5_000).map { "line \($0)" })
        #expect(gate.received.isEmpty)
    }

    @Test("a stuck reader holds at most the capacity; the rest is dropped, counted and reported once it moves")
    func stuckReaderDropsAndReports() async throws {
        let gate = Gate()
        let output = LiveStandardOutput(capacity: 1_000, write: gate.write, writeNotice: gate.notice)
        let line = Data(String(repeating: "x", count: 99).utf8 + [0x0A])  // 100 bytes
        for _ in 0..<500 { output.enqueue(line) }
        gate.openGate()
        output.drain(timeout: 10)
        // The writer may have taken the first line before blocking on the gate, freeing room for one more batch.
        let shown = gate.lines.count
        #expect(shown >= 10 && shown <= 20, "shown \(shown)")
        #expect(gate.received == [LiveStandardOutput.notice(500 - shown)])
    }

    @Test("the notice names the count and where the events still are")
    func noticeText() {
        #expect(
            LiveStandardOutput.notice(1)
                == "gatewire: 1 event not shown: standard output could not keep up (a --record file keeps every event)")
        #expect(LiveStandardOutput.notice(3).hasPrefix("gatewire: 3 events not shown"))
    }
}
