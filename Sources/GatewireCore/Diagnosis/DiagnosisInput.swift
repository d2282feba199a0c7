/// One file's session events, named for the report, with what the file itself says about the API.
public struct DiagnosisInput: Sendable {
    /// The name the report uses for the input (usually the file name).
    public var name: String
    /// Where the traffic came from; it decides which frameless closes mean anything (see
    /// ``SessionDiagnoser/begin(name:source:routes:)``).
    public var source: RecordingSource
    /// The API configuration the input carries (a recording's header), used when the diagnosis has none.
    public var routes: RouteConfiguration?
    /// The events, in the order they were observed.
    public var events: [SessionEvent]

    /// Creates an input.
    public init(
        name: String, source: RecordingSource = .proxy, routes: RouteConfiguration? = nil, events: [SessionEvent]
    ) {
        self.name = name
        self.source = source
        self.routes = routes
        self.events = events
    }
}
