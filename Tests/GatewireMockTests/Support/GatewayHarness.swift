import Foundation
import GatewireCore

@testable import GatewireMock

/// Starts a mock gateway for one test and collects its session events.
final class GatewayHarness: @unchecked Sendable {
    let gateway: MockGateway
    private let collector: Task<[SessionEvent], Never>

    init(_ configuration: MockGatewayConfiguration) async throws {
        gateway = try await MockGateway.build(configuration: configuration)
        let events = gateway.events
        collector = Task {
            var collected: [SessionEvent] = []
            for await event in events { collected.append(event) }
            return collected
        }
    }

    func url(_ stage: String = "prod", path: String = "") -> String { gateway.url(stage: stage) + path }

    /// Shuts the gateway down and returns every event it emitted.
    func finish() async -> [SessionEvent] {
        await gateway.shutdown()
        return await collector.value
    }
}
