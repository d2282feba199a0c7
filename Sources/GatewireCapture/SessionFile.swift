import Foundation
public import GatewireCore

/// Any file Gatewire reads sessions from: a pcap or pcapng capture, a HAR archive, or a recording. The format is
/// detected from the file's first bytes.
public enum SessionFile {
    /// Reads every session event in the file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - configuration: limits for decoding captures.
    ///   - progress: called now and then with the counts so far, for long captures.
    ///   - emit: called with each event, in order.
    /// - Returns: counts of what was found.
    /// - Throws: `CaptureError` for unreadable captures, `HARError` for malformed archives, `RecordingError` for
    ///   malformed recordings.
    public static func read(
        _ path: String, configuration: CaptureImporter.Configuration = .init(),
        progress: (CaptureSummary) -> Void = { _ in }, emit: (SessionEvent) throws -> Void
    ) throws -> CaptureSummary {
        switch try CaptureFileFormat.detect(path: path) {
        case .pcap, .pcapng:
            return try CaptureImporter.importFile(path, configuration: configuration, progress: progress, emit: emit)
        case .har:
            let data = try contents(of: path)
            var summary = CaptureSummary()
            for event in try HARDocument.decode(data).sessionEvents() {
                summary.count(event)
                try emit(event)
            }
            return summary
        case .recording:
            let recording = try RecordingReader().read(contents(of: path))
            var summary = CaptureSummary()
            for event in recording.events {
                summary.count(event)
                try emit(event)
            }
            // What the reader skipped (a torn last line, unknown event types) is reported like any other problem.
            for issue in recording.issues {
                let event = SessionEvent.error(
                    ErrorEvent(
                        time: recording.events.last?.time ?? recording.header.startedAt, connection: nil,
                        code: issue.code.rawValue, message: "line \(issue.line): \(issue.message)"))
                summary.count(event)
                try emit(event)
            }
            return summary
        }
    }

    private static func contents(of path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CaptureError.cannotOpenFile(path, reason: error.localizedDescription)
        }
    }
}
