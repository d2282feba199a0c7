public import GatewireCore
import NIOConcurrencyHelpers

/// What the control API can do to a running proxy: list its live connections, send a message to either peer of
/// one, close one, and inject the gateway's faults. Every action reaches the relay through the connection's
/// `ConnectionHandle`, and everything sent is recorded as injected.
///
/// Connection ids are the labels the proxy shows (`c1`, `c2`, …).
public final class ProxyControl: Sendable {
    private let runtime: ProxyRuntime
    /// `@connections` faults waiting to answer calls for a connection: how many calls each still answers.
    private let managementFaults = NIOLockedValueBox<[String: (fault: GatewayFault, remaining: Int)]>([:])

    /// The rules and breakpoints in force: the proxy's own, or an empty set when it was started without one (the
    /// relay then never consults it).
    public let interceptor: MessageInterceptor

    init(runtime: ProxyRuntime, interceptor: MessageInterceptor) {
        self.runtime = runtime
        self.interceptor = interceptor
    }

    /// The live connections, in label order.
    public func connections() async -> [LiveConnectionSnapshot] {
        var snapshots: [LiveConnectionSnapshot] = []
        for handle in runtime.handles() {
            if let snapshot = await handle.snapshot() { snapshots.append(snapshot) }
        }
        return snapshots
    }

    /// One live connection, or `nil` when there is none with that label.
    public func connection(_ label: String) async -> LiveConnectionSnapshot? {
        await runtime.handle(label)?.snapshot()
    }

    /// Sends a message to one peer of a live connection, as the other peer: `.server` sends to the client as the
    /// backend would (`POST @connections`), `.client` sends to the upstream as the client would.
    ///
    /// - Returns: `false` when there is no such connection or that peer can no longer be sent messages.
    public func send(
        to label: String, opcode: Opcode = .text, payload: [UInt8], as sender: Direction, by: String = "control"
    ) async -> Bool {
        guard let handle = runtime.handle(label) else { return false }
        return await handle.send(opcode: opcode, payload: payload, as: sender, by: by)
    }

    /// Closes a live connection: the peers in `peers` (the client `.client`, the upstream `.server`; both by
    /// default) get `code` and `reason`, the other one 1001 (going away).
    ///
    /// - Returns: `false` when there is no such connection or it is already closing.
    public func close(
        _ label: String, code: UInt16, reason: String, peers: Set<Direction> = [.client, .server],
        by: String = "control"
    ) async -> Bool {
        guard let handle = runtime.handle(label) else { return false }
        return await handle.close(code: code, reason: reason, peers: peers, by: by)
    }

    /// Injects a gateway fault into a live connection, now or after `request.afterSeconds`: a close fault closes
    /// both sides with the gateway's code and reason, `gone` and `throttled` answer the connection's next
    /// `@connections` calls, and `forbidden` and `internal-server-error` answer its next client message instead of
    /// delivering it.
    ///
    /// - Returns: `false` when there is no such connection.
    public func inject(_ request: GatewayFaultRequest, into label: String) async -> Bool {
        guard await connection(label)?.clientOpen == true else { return false }
        let fault = request.fault
        let apply: @Sendable () async -> Void = { [self] in
            switch fault.effect {
            case .close(let code, let reason):
                _ = await close(label, code: code, reason: reason, by: "fault \(fault.rawValue)")
            case .managementAPIError:
                failManagementCalls(for: label, with: fault, count: request.count)
            case .errorFrame:
                interceptor.answerNextClientMessage(on: label, with: fault)
            }
        }
        if request.afterSeconds > 0 {
            Task {
                try? await Task.sleep(for: .seconds(request.afterSeconds))
                await apply()
            }
        } else {
            await apply()
        }
        return true
    }

    /// Makes the next `count` `@connections` calls for a connection answer with a management API fault (`gone`,
    /// `throttled`).
    public func failManagementCalls(for label: String, with fault: GatewayFault, count: Int) {
        managementFaults.withLockedValue { $0[label] = (fault, count) }
    }

    /// The fault the next `@connections` call for a connection answers with, if one is pending; consumes one.
    func takeManagementFault(for label: String) -> GatewayFault? {
        managementFaults.withLockedValue { faults in
            guard let pending = faults[label] else { return nil }
            if pending.remaining <= 1 {
                faults[label] = nil
            } else {
                faults[label] = (pending.fault, pending.remaining - 1)
            }
            return pending.fault
        }
    }
}
