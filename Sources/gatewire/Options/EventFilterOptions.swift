import ArgumentParser
import GatewireCore

/// Which events a streaming command prints: by route key, connection, direction, text or what Gatewire did.
///
/// Filters only choose what is shown; recordings always get every event.
struct EventFilterOptions: ParsableArguments {
    @Option(
        name: .customLong("only-route"),
        help: ArgumentHelp("Show only messages routed to this key (repeatable).", valueName: "key"))
    var onlyRoutes: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Show only this connection (repeatable), e.g. c3.", valueName: "label"))
    var connection: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Show only frames from this peer: client or server.", valueName: "peer"))
    var direction: String?

    @Option(name: .long, help: ArgumentHelp("Show only events whose line contains this text.", valueName: "text"))
    var grep: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "only: show only the messages and closes Gatewire injected, dropped, delayed, rewrote, duplicated, held "
                + "or released; hide: show everything but them.",
            valueName: "only|hide"))
    var interventions: String?

    func validate() throws {
        if let direction, Direction(rawValue: direction) == nil {
            throw ValidationError("--direction is client or server, got '\(direction)'")
        }
        if let interventions, EventFilter.InterventionVisibility(rawValue: interventions) == nil {
            throw ValidationError("--interventions is only or hide, got '\(interventions)'")
        }
    }

    /// The filter the flags describe.
    var filter: EventFilter {
        EventFilter(
            routeKeys: Set(onlyRoutes), connections: Set(connection), direction: direction.flatMap(Direction.init),
            text: grep, interventions: interventions.flatMap(EventFilter.InterventionVisibility.init(rawValue:)))
    }
}
