import Foundation

/// Standard output for live traffic (`proxy`, `mock`, `replay`, `capture`): lines wait in a bounded queue that a
/// thread of its own writes out, so a terminal or pipe that stops reading holds up neither the traffic, nor the
/// recording, nor the process's memory.
///
/// At most `capacity` bytes wait. A line that does not fit is dropped and counted; once output moves again a notice
/// on standard error says how many events were not shown. Nothing else is lost: the recording never goes through
/// this queue, and since queueing never blocks, the caller's recording never waits for it. Files (`inspect`) do not use it: there, waiting for
/// a slow reader costs nothing and every line is wanted.
final class LiveStandardOutput: @unchecked Sendable {
    /// The queue in front of the process's standard output.
    static let shared = LiveStandardOutput()

    /// How many bytes may wait before lines are dropped: a few seconds of busy traffic.
    let capacity: Int
    private let write: @Sendable (Data) -> Void
    private let writeNotice: @Sendable (String) -> Void
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var lines: [Data] = []
    private var waitingBytes = 0
    private var dropped = 0
    private var writing = false

    /// Creates a queue; the defaults write to the process's standard output and error.
    init(
        capacity: Int = 8 << 20,
        write: @escaping @Sendable (Data) -> Void = { FileHandle.standardOutput.write($0) },
        writeNotice: @escaping @Sendable (String) -> Void = { Terminal.printError($0) }
    ) {
        self.capacity = capacity
        self.write = write
        self.writeNotice = writeNotice
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "gatewire standard output"
        thread.start()
    }

    /// Queues one line (with its newline), or drops and counts it when the queue is full.
    func enqueue(_ line: Data) {
        condition.lock()
        defer { condition.unlock() }
        guard waitingBytes + line.count <= capacity || waitingBytes == 0 else {
            dropped += 1
            return
        }
        lines.append(line)
        waitingBytes += line.count
        condition.broadcast()
    }

    /// Waits until every queued line is written, or `timeout` passes (a reader that never resumes must not keep
    /// the process from exiting). Reports dropped lines that no later write has reported yet.
    func drain(timeout: TimeInterval = 2) {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !lines.isEmpty || writing {
            guard condition.wait(until: deadline) else { break }
        }
        let unreported = lines.isEmpty && !writing ? takeDropped() : 0
        condition.unlock()
        if unreported > 0 { writeNotice(Self.notice(unreported)) }
    }

    /// The notice for `count` dropped lines.
    static func notice(_ count: Int) -> String {
        "gatewire: \(count) event\(count == 1 ? "" : "s") not shown: standard output could not keep up "
            + "(a --record file keeps every event)"
    }

    private func takeDropped() -> Int {
        defer { dropped = 0 }
        return dropped
    }

    private func run() {
        while true {
            condition.lock()
            while lines.isEmpty { condition.wait() }
            let batch = lines
            lines.removeAll(keepingCapacity: true)
            writing = true
            condition.unlock()

            var block = Data(capacity: batch.reduce(0) { $0 + $1.count })
            for line in batch { block.append(line) }
            write(block)

            condition.lock()
            waitingBytes -= block.count
            // Output moved again: say what was skipped while it was stuck.
            let skipped = takeDropped()
            condition.unlock()
            if skipped > 0 { writeNotice(Self.notice(skipped)) }
            // Only now is this write done: `drain()` (at exit) must not return before the notice is out.
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
