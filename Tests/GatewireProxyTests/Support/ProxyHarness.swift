import Foundation
import GatewireCore
import GatewireProxy
import NIOConcurrencyHelpers
import Testing

/// A proxy started on `127.0.0.1:0` in front of an upstream port, collecting every event it emits.
final class ProxyHarness: Sendable {
    let server: ProxyServer
    let port: Int
    private let collected = NIOLockedValueBox<[SessionEvent]>([])
    private let drain: Task<Void, Never>

    convenience init(
        upstreamPort: Int, interceptor: MessageInterceptor? = nil,
        configure: (inout ProxyConfiguration) -> Void = { _ in }
    ) async throws {
        try await self.init(
            upstream: UpstreamEndpoint(secure: false, host: "127.0.0.1", port: upstreamPort), interceptor: interceptor,
            configure: configure)
    }

    init(
        upstream: UpstreamEndpoint, interceptor: MessageInterceptor? = nil,
        configure: (inout ProxyConfiguration) -> Void = { _ in }
    ) async throws {
        var configuration = ProxyConfiguration(
            port: 0, upstream: upstream, upstreamHandshakeTimeout: 5, closeTimeout: 1)
        configure(&configuration)
        server = try ProxyServer(configuration: configuration, interceptor: interceptor)
        try await server.start()
        port = try #require(server.localPort)
        let events = server.events
        let collected = self.collected
        drain = Task {
            for await event in events {
                collected.withLockedValue { $0.append(event) }
            }
        }
    }

    var url: String { "ws://127.0.0.1:\(port)" }

    /// The events so far.
    var events: [SessionEvent] { collected.withLockedValue { $0 } }

    /// Waits until an event matches, or a few seconds pass.
    func waitForEvent(timeout: Duration = .seconds(5), _ matches: (SessionEvent) -> Bool) async -> SessionEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: matches) { return event }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits until `count` events match, or a few seconds pass, and returns the matching ones.
    func waitForEvents(count: Int, timeout: Duration = .seconds(5), _ matches: (SessionEvent) -> Bool) async
        -> [SessionEvent]
    {
        let deadline = ContinuousClock.now + timeout
        var found = events.filter(matches)
        while found.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            found = events.filter(matches)
        }
        return found
    }

    func stop() async {
        await server.shutdown()
        await drain.value
    }
}

extension SessionEvent {
    var errorCode: String? {
        if case .error(let event) = self { return event.code }
        return nil
    }

    var messageEvent: MessageEvent? {
        if case .message(let event) = self { return event }
        return nil
    }

    var connectEvent: ConnectEvent? {
        if case .connect(let event) = self { return event }
        return nil
    }
}

/// Builds raw frames for the malformed-frame tests.
enum RawFrame {
    /// A frame with the given first byte, masked with a fixed key unless `masked` is false.
    static func bytes(firstByte: UInt8, payload: [UInt8], masked: Bool = true) -> [UInt8] {
        var frame = [firstByte]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if payload.count < 126 {
            frame.append(maskBit | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame.append(maskBit | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(maskBit | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        guard masked else { return frame + payload }
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        return frame + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
