import Foundation
import GatewireCore

/// Prints a stream of session events for every streaming command: one readable line per event
/// (`HumanEventFormatter`) or, with `--json`, JSON Lines in the recording's event encoding (`RecordedEvent`),
/// keeping only what the command's filter shows.
///
/// `--quiet` prints only error events, as the flag promises.
struct EventPrinter: SessionEventSink {
    let name = "standard output"
    private let json: Bool
    private let quiet: Bool
    private let filter: EventFilter
    private let styled: HumanEventFormatter?
    private let plain = HumanEventFormatter()
    /// Whether lines are collected and written in large blocks (files) rather than one by one (live traffic).
    private let buffered: Bool
    private var pending: [UInt8] = []

    /// Creates a printer for the command's output flags and filter.
    init(output: OutputOptions, filter: EventFilter = EventFilter(), buffered: Bool = false) {
        json = output.json
        quiet = output.quiet
        self.filter = filter
        let style = output.style
        styled = style.enabled ? HumanEventFormatter(style: style) : nil
        self.buffered = buffered
    }

    /// Prints one event, if the filter and `--quiet` let it through.
    mutating func print(_ event: SessionEvent) throws {
        if quiet, !event.isError { return }
        // The filter's text matches the plain line, so colour codes never split a search term; the line is only
        // built when something needs it (JSON output of a large file should not pay for text it never shows).
        let line = filter.text != nil || (!json && styled == nil) ? plain.line(for: event) : ""
        guard filter.shows(event, line: line) else { return }
        guard buffered else {
            var output: [UInt8] = []
            try Self.append(event, json: json, styled: styled, plainLine: line, to: &output)
            // Live output shows as it happens, also in a pipe, through a bounded queue: a reader that stops must
            // not stall the traffic or grow memory.
            LiveStandardOutput.shared.enqueue(Data(output))
            return
        }
        // A file's events are written in 256 KiB blocks: one write(2) per line cost more than decoding them, and
        // JSON lines are encoded straight into the block.
        // `append` is static: a method on `self` would hold a copy of `self`, and with it a second reference to
        // `pending`, so every append would copy the whole block first.
        try Self.append(event, json: json, styled: styled, plainLine: line, to: &pending)
        if pending.count >= 256 << 10 { flush() }
    }

    private static func append(
        _ event: SessionEvent, json: Bool, styled: HumanEventFormatter?, plainLine: String, to bytes: inout [UInt8]
    ) throws {
        if json {
            try RecordedEvent(event).encode(appendingTo: &bytes)
        } else {
            bytes += (styled?.line(for: event) ?? plainLine).utf8
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func consume(_ events: [SessionEvent]) throws {
        // Under --quiet most events are skipped where they lie, without being copied out of the batch.
        for index in events.indices where !quiet || events[index].isError { try print(events[index]) }
    }

    mutating func finish() throws {
        flush()
    }

    /// Writes whatever is still collected (live output: waits a moment for the queue to empty).
    mutating func flush() {
        guard buffered else {
            LiveStandardOutput.shared.drain()
            return
        }
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(Data(pending))
        pending.removeAll(keepingCapacity: true)
    }
}

extension SessionEvent {
    /// Whether this is an `error` event, which `--quiet` still prints.
    var isError: Bool {
        if case .error = self { true } else { false }
    }
}
