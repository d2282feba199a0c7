/// Chooses which events a log shows: by route key, connection, direction, text, severity or what Gatewire did.
///
/// Every condition given must hold. Errors about the connection are always shown, because a filter should never
/// hide why a connection failed. Filters only affect what is printed, never what is recorded.
public struct EventFilter: Sendable {
    /// Show only messages routed to one of these keys (`$default` included); empty means any.
    public var routeKeys: Set<String>
    /// Show only these connection labels; empty means any.
    public var connections: Set<String>
    /// Show only frames from this peer; handshakes are shown either way.
    public var direction: Direction?
    /// Show only events whose line contains this text (case-sensitive).
    public var text: String?
    /// Show only events with a finding at or above this severity (error events count as errors); `nil` for any.
    public var minimumSeverity: Finding.Severity?
    /// Show only the messages and closes Gatewire intervened in (``Intervention``), or hide them; `nil` for both.
    public var interventions: InterventionVisibility?

    /// Which events the ``interventions`` condition keeps.
    public enum InterventionVisibility: String, Sendable, Hashable, CaseIterable {
        /// Only messages and closes with an intervention: Gatewire's doing.
        case only
        /// Everything but them: the traffic as the peers sent it.
        case hide
    }

    /// Creates a filter; the default shows everything.
    public init(
        routeKeys: Set<String> = [], connections: Set<String> = [], direction: Direction? = nil,
        text: String? = nil, minimumSeverity: Finding.Severity? = nil, interventions: InterventionVisibility? = nil
    ) {
        self.routeKeys = routeKeys
        self.connections = connections
        self.direction = direction
        self.text = text
        self.minimumSeverity = minimumSeverity
        self.interventions = interventions
    }

    /// Whether the filter lets everything through.
    public var isEmpty: Bool {
        routeKeys.isEmpty && connections.isEmpty && direction == nil && text == nil && minimumSeverity == nil
            && interventions == nil
    }

    /// Whether to show an event, given the plain (uncoloured) line it prints as.
    public func shows(_ event: SessionEvent, line: String) -> Bool {
        if case .error(let error) = event {
            return connections.isEmpty || error.connection.map(connections.contains) ?? true
        }
        if !connections.isEmpty, !(event.connection.map(connections.contains) ?? false) { return false }
        if let direction, let eventDirection = Self.direction(of: event), eventDirection != direction { return false }
        if !routeKeys.isEmpty {
            guard case .message(let message) = event, let key = message.resolution?.routeKey,
                routeKeys.contains(key)
            else { return false }
        }
        if let minimumSeverity, !(Self.worstSeverity(of: event).map { $0 >= minimumSeverity } ?? false) {
            return false
        }
        if let interventions, (Self.intervention(of: event) != nil) != (interventions == .only) { return false }
        if let text, !line.contains(text) { return false }
        return true
    }

    /// What Gatewire did to a message or a close, `nil` for anything a peer sent and Gatewire relayed as it came.
    public static func intervention(of event: SessionEvent) -> Intervention? {
        switch event {
        case .message(let message): message.intervention
        case .close(let close): close.intervention
        case .connect, .control, .error: nil
        }
    }

    /// The most severe finding of an event, `.error` for an error event, `nil` for an event with no finding.
    public static func worstSeverity(of event: SessionEvent) -> Finding.Severity? {
        if case .error = event { return .error }
        return event.findings.map(\.severity).max()
    }

    private static func direction(of event: SessionEvent) -> Direction? {
        switch event {
        case .message(let message): message.direction
        case .control(let control): control.direction
        case .close(let close): close.direction
        case .connect, .error: nil
        }
    }
}
