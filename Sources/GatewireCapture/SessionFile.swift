public import GatewireCore
import Foundation

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
    /// - Throws: `CaptureError` for unreadable captures, `HARError` for malformed archives.
    public static func read(
        _ path: String, configuration: CaptureImporter.Configuration = .init(),
        progress: (CaptureSummary) -> Void = { _ in }, emit: (SessionEvent) throws -> Void
    ) throws -> CaptureSummary {
        switch try CaptureFileFormat.detect(path: path) {
        case .pcap, .pcapng:
            return try CaptureImporter.importFile(path, configuration: configuration, progress: progress, emit: emit)
        case .har:
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CaptureError.cannotOpenFile(path, reason: error.localizedDescription)
            }
            var summary = CaptureSummary()
            for event in try HARDocument.decode(data).sessionEvents() {
                summary.count(event)
                try emit(event)
            }
            return summary
        case .recording:
            throw CaptureError.cannotOpenFile(path, reason: "reading recordings is not available in this build")
        }
    }
}
