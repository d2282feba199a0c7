import Foundation
import GatewireCore

/// The view's downloads: the kept events a filter shows, as a recording (which `gatewire inspect`, `replay` and
/// `diagnose` read) or as a HAR archive in Chrome DevTools' WebSocket layout.
enum WebDownload {
    /// The kept events the filter shows, as a recording whose header names the first input's API.
    static func recording(
        _ snapshot: (inputs: [LiveEventStore.Input], entries: [LiveEventStore.Entry], latest: Int),
        filter: EventFilter, creator: RecordingHeader.Creator
    ) -> [UInt8] {
        let events = shown(snapshot.entries, filter: filter)
        let input = snapshot.inputs.first
        let header = RecordingHeader(
            creator: creator, startedAt: events.first?.time ?? Timestamp(Date()), source: input?.source ?? .proxy,
            api: input?.routes.map { RecordingHeader.API($0) })
        do {
            var writer = try RecordingWriter(output: InMemoryRecordingOutput(), header: header)
            try writer.write(contentsOf: events)
            try writer.close()
            return [UInt8](writer.output.data)
        } catch {
            return []
        }
    }

    /// The kept events the filter shows, as one HAR document.
    static func har(
        _ snapshot: (inputs: [LiveEventStore.Input], entries: [LiveEventStore.Entry], latest: Int),
        filter: EventFilter, creator: RecordingHeader.Creator
    ) -> [UInt8] {
        let document = HARDocument(
            events: shown(snapshot.entries, filter: filter),
            creator: HARDocument.Creator(name: creator.name, version: creator.version))
        return [UInt8]((try? document.encoded()) ?? Data()) + [UInt8(ascii: "\n")]
    }

    /// The events a filter shows, judged on the plain line `gatewire inspect` prints, as the command line does.
    static func shown(_ entries: [LiveEventStore.Entry], filter: EventFilter) -> [SessionEvent] {
        guard !filter.isEmpty else { return entries.map(\.event) }
        let formatter = HumanEventFormatter()
        return entries.compactMap { entry in
            let line = filter.text == nil ? "" : formatter.line(for: entry.event)
            return filter.shows(entry.event, line: line) ? entry.event : nil
        }
    }
}
