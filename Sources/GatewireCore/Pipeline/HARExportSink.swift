public import Foundation

/// A HAR export as a pipeline sink: gathers the events and writes one HAR document at the end (HAR is one JSON
/// document, not a stream).
public struct HARExportSink: SessionEventSink {
    public let name: String
    private let creator: HARDocument.Creator
    private let write: (Data) throws -> Void
    private var events: [SessionEvent] = []

    /// Creates the sink.
    ///
    /// - Parameters:
    ///   - name: where the document goes, for failure messages.
    ///   - creator: the `log.creator` of the document.
    ///   - write: receives the encoded document once, with a final newline.
    public init(name: String, creator: HARDocument.Creator, write: @escaping (Data) throws -> Void) {
        self.name = name
        self.creator = creator
        self.write = write
    }

    public mutating func consume(_ events: [SessionEvent]) throws {
        self.events += events
    }

    public mutating func finish() throws {
        let document = HARDocument(events: events, creator: creator)
        try write(try document.encoded() + Data("\n".utf8))
    }
}
