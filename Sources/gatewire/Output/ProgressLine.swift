import Foundation
import GatewireCapture

/// A one-line progress report on stderr, only when stderr is a terminal (never in pipes or logs).
struct ProgressLine {
    let enabled = isatty(FileHandle.standardError.fileDescriptor) != 0

    func show(_ summary: CaptureSummary) {
        guard enabled else { return }
        let line = "\r\(summary.packets) packets, \(summary.connections) connections, \(summary.messages) messages"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
