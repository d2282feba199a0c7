import GatewireCore

/// The diagnosis as a pipeline sink: the command keeps this reference to start each input and read the report.
final class DiagnosisSink: SessionEventSink {
    let name = "the diagnosis"
    var diagnoser: SessionDiagnoser

    init(_ diagnoser: SessionDiagnoser) {
        self.diagnoser = diagnoser
    }

    func consume(_ events: [SessionEvent]) throws {
        diagnoser.consume(contentsOf: events)
    }

    func finish() throws {}
}
