import Foundation
public import GatewireCore

/// Captures a live interface and decodes it as it goes, delivering session events as an asynchronous stream.
///
/// libpcap and NIO's embedded channels are used from one dedicated thread; the stream hands events to any task.
/// Live capture needs root or CAP_NET_RAW: without it, `start` throws `CaptureError.permissionDenied` before
/// anything runs.
public final class LiveCapture: Sendable {
    private let stopFlag = StopFlag()
    private let worker: Worker
    /// The decoded events; the stream ends when `stop()` is called or the interface goes away.
    public let events: AsyncThrowingStream<SessionEvent, any Error>
    private let summaryBox = SummaryBox()

    /// Opens the interface and starts capturing.
    ///
    /// - Parameters:
    ///   - interface: the interface, such as `lo`, `eth0` or `any`.
    ///   - filter: a BPF filter, or `nil` for all TCP traffic.
    ///   - configuration: the importer's limits.
    /// - Throws: `CaptureError` when the interface cannot be opened or the filter does not compile.
    public init(interface: String, filter: String?, configuration: CaptureImporter.Configuration = .init()) throws {
        let source = try PcapSource.openInterface(interface, filter: filter ?? "tcp")
        guard source.linkType.isSupported else {
            throw CaptureError.unsupportedLinkType(interface, linkType: source.linkType.rawValue)
        }
        let (stream, continuation) = AsyncThrowingStream<SessionEvent, any Error>.makeStream()
        events = stream
        let worker = Worker(source: source)
        self.worker = worker
        let stopFlag = self.stopFlag
        let summaryBox = self.summaryBox
        let thread = Thread {
            let importer = CaptureImporter(configuration: configuration)
            do {
                while !stopFlag.isSet {
                    let result = try worker.source.next { packet in
                        importer.receive(packet, linkType: worker.source.linkType)
                    }
                    switch result {
                    case .packet(let events):
                        for event in events { continuation.yield(event) }
                        summaryBox.set(importer.summary)
                    case .timeout:
                        continue
                    case .end:
                        stopFlag.set()
                    }
                }
                for event in importer.finish() { continuation.yield(event) }
                summaryBox.set(importer.summary)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "gatewire-capture"
        thread.start()
    }

    /// Stops capturing; open connections are then reported as ended and the stream finishes.
    public func stop() {
        stopFlag.set()
        // Wakes a read blocked in libpcap (libpcap 1.10 signals its poll through an eventfd on Linux).
        worker.source.stop()
    }

    /// What has been found so far.
    public var summary: CaptureSummary { summaryBox.value }

    /// Carries the libpcap handle to the capture thread, the only one that uses it.
    private final class Worker: @unchecked Sendable {
        let source: PcapSource
        init(source: PcapSource) { self.source = source }
    }

    private final class StopFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        var isSet: Bool { lock.withLock { stopped } }
        func set() { lock.withLock { stopped = true } }
    }

    private final class SummaryBox: @unchecked Sendable {
        private let lock = NSLock()
        private var summary = CaptureSummary()
        var value: CaptureSummary { lock.withLock { summary } }
        func set(_ new: CaptureSummary) { lock.withLock { summary = new } }
    }
}
