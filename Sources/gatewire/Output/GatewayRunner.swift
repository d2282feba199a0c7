import Dispatch
import Foundation
import GatewireCore
import GatewireMock

/// Runs a local gateway from the command line until SIGINT or SIGTERM: tells the user what to connect to, prints
/// and records its events, then closes every connection with 1001 and flushes the recording.
struct GatewayRunner {
    var configuration: MockGatewayConfiguration
    var record: String?
    var header: RecordingHeader
    var output: OutputOptions
    var warnsPublic: Bool

    /// Serves until interrupted; returns how many error events were seen.
    @discardableResult
    func run() async throws -> Int {
        var recorder: RecordingWriter<FileHandleRecordingOutput>?
        if let record {
            recorder = try RecordingWriter(
                output: FileHandleRecordingOutput(creatingFileAt: URL(fileURLWithPath: record)), header: header)
        }
        let gateway = try await MockGateway.build(configuration: configuration)
        if warnsPublic {
            Terminal.printError(
                "gatewire: warning: listening on \(gateway.host), reachable from other machines; the mock has no "
                    + "authentication")
        }
        let banner = configuration.stages.map { stage in
            "Mock gateway: connect to \(gateway.url(stage: stage))  (@connections endpoint: "
                + "\(gateway.managementEndpoint(stage: stage)))"
        } + ["Press Ctrl-C to stop."]
        // Keep standard output pure JSON Lines under --json.
        if output.json { banner.forEach(Terminal.printError) } else if !output.quiet { Terminal.print(banner) }

        var printer = GatewayEventPrinter(
            json: output.json, quiet: output.quiet, style: output.style, recorder: recorder)
        let events = gateway.events
        let consumer = Task { await printer.consume(events) }
        await Self.waitForTermination()
        await gateway.shutdown()
        return await consumer.value
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = SignalLatch(continuation)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
                source.setEventHandler { once.fire() }
                source.resume()
                once.keep(source)
            }
        }
    }
}

/// Resumes a continuation once, whichever signal comes first, and keeps the signal sources alive.
private final class SignalLatch: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = continuation
    }

    func keep(_ source: any DispatchSourceSignal) {
        lock.withLock { sources.append(source) }
    }

    func fire() {
        let pending = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume()
    }
}
