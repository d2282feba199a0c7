public import Foundation
public import GatewireCore

extension EventFilter {
    /// The filter a page's address describes, with the names the page uses: `route`, `connection` (both
    /// repeatable or comma-separated), `direction` (`client` or `server`), `text`, `severity` (`info`, `warning`,
    /// `error`) and `interventions` (`only`, `hide`).
    ///
    /// These are the command line's `--only-route`, `--connection`, `--direction`, `--grep` and `--interventions`,
    /// with the same meaning, so a download of what the page shows holds what `gatewire inspect` would print with
    /// those flags.
    /// Empty values and values that name nothing are ignored, as the page ignores them.
    public init(queryItems: [URLQueryItem]) {
        func values(_ name: String) -> [String] {
            queryItems.filter { $0.name == name }.compactMap(\.value).filter { !$0.isEmpty }
        }
        // The page also takes comma-separated lists (`route=join,move`), as its fields do.
        func list(_ name: String) -> Set<String> {
            Set(
                values(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
        }
        self.init(
            routeKeys: list("route"), connections: list("connection"),
            direction: values("direction").last.flatMap(Direction.init(rawValue:)),
            text: values("text").last, minimumSeverity: values("severity").last.flatMap(Finding.Severity.init),
            interventions: values("interventions").last.flatMap(InterventionVisibility.init(rawValue:)))
    }
}
