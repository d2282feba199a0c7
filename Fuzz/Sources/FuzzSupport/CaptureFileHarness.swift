import Foundation
import GatewireCapture
import GatewireCore

/// Imports fuzzed bytes as a capture file through the same entry point `inspect` uses.
///
/// libpcap reads files, not memory, so each input is first written to one file per process, in `/dev/shm` when
/// there is one (no disk I/O) or else `$TMPDIR`, and overwritten in place (an atomic write would cost a rename).
public enum CaptureFileHarness {
    private static let path: String = {
        var isDirectory: ObjCBool = false
        let directory =
            FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
            ? "/dev/shm" : ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        return "\(directory)/gatewire-fuzz-\(ProcessInfo.processInfo.processIdentifier).capture"
    }()

    /// Writes the bytes to the file and imports it; errors are expected, crashes are not.
    public static func run(_ input: FuzzInput) {
        guard (try? input.data.write(to: URL(fileURLWithPath: path))) != nil else { return }
        var events: [SessionEvent] = []
        _ = try? CaptureImporter.importFile(path) { events.append($0) }
        SessionEventConsumers.consume(events, source: .capture)
    }
}
