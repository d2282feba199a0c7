import Foundation
import GatewireCapture
import GatewireCore

/// A session file named on the command line (pcap, pcapng, HAR or recording), opened with errors that carry the
/// right exit code: 66 when it cannot be opened, 65 when it is not a format Gatewire reads.
///
/// Events are read by `SessionFile`, exactly as `inspect` reads them; what this adds is what a command needs to
/// know about the file before its events: its format, where its traffic came from, and the API configuration a
/// recording's header carries.
struct SessionInput {
    /// The path as given.
    var path: String
    /// The detected format.
    var format: CaptureFileFormat
    /// Where the traffic came from: the recording header's `source`, `capture` for pcap and pcapng, `har` for HAR.
    var source: RecordingSource
    /// The routing configuration a recording's header carries, `nil` for other formats.
    var routes: RouteConfiguration?

    /// The file's name for reports: its last path component.
    var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// Opens a file and detects its format.
    ///
    /// - Throws: `CommandFailure` with exit code 66 when the file is missing, a directory or unreadable, and 65
    ///   when its first bytes match no known format; `RecordingError` (65) for a recording whose header is broken.
    init(opening path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure.cannotRead(path, because: "no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure.cannotRead(path, because: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure.cannotRead(path, because: "permission denied or unreadable")
        }
        let prefix = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        try? handle.close()
        guard let format = CaptureFileFormat.detect(prefix) else {
            throw CommandFailure(
                description: "\(path) is not a pcap, pcapng, HAR or Gatewire recording (unrecognised first bytes)",
                exitCode: ExitCodes.dataError)
        }
        self.path = path
        self.format = format
        switch format {
        case .pcap, .pcapng:
            source = .capture
        case .har:
            source = .har
        case .recording:
            let header = try Self.recordingHeader(at: path)
            source = header.source
            routes = header.api?.routeConfiguration
        }
    }

    /// The header of the recording at `path`, read from its first line only: a recording may be large, and the
    /// events are read once, later.
    private static func recordingHeader(at path: String) throws -> RecordingHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure.cannotRead(path, because: "permission denied or unreadable")
        }
        defer { try? handle.close() }
        var firstLine = Data()
        while firstLine.count < 16 << 20, let chunk = try handle.read(upToCount: 64 << 10), !chunk.isEmpty {
            if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                firstLine.append(chunk[chunk.startIndex...newline])
                break
            }
            firstLine.append(chunk)
        }
        return try RecordingReader().read(firstLine).header
    }

    /// Reads every event, in order.
    ///
    /// - Throws: what `SessionFile.read` throws for a file that breaks off or is malformed.
    func read(_ emit: (SessionEvent) throws -> Void) throws -> CaptureSummary {
        try SessionFile.read(path, emit: emit)
    }
}
