import Foundation
import GatewireCore

/// Runs decoded events through what `inspect`, `diagnose` and `export` do with them: analysis, diagnosis, a
/// recording written and read back, a HAR export. A decoder that lets a hostile value through (a timestamp out of
/// range, a length that overflows) crashes here just as it would in the command.
public enum SessionEventConsumers {
    /// Consumes the events; results are discarded, only a crash or a hang matters.
    public static func consume(_ events: [SessionEvent], source: RecordingSource) {
        guard var analyzer = try? SessionAnalyzer() else { return }
        let analyzed = analyzer.analyze(events)
        _ = try? SessionDiagnoser.diagnose([DiagnosisInput(name: "fuzz", source: source, events: analyzed)])
        let start = analyzed.first?.time ?? Timestamp(microsecondsSinceEpoch: 0)
        let header = RecordingHeader(
            creator: RecordingHeader.Creator(name: "gatewire-fuzz", version: "0"), startedAt: start, source: source)
        if var writer = try? RecordingWriter(output: InMemoryRecordingOutput(), header: header) {
            try? writer.write(contentsOf: analyzed)
            _ = try? RecordingReader(skipsMalformedLines: true).read(writer.output.data)
        }
        _ = try? HARDocument(events: analyzed, creator: HARDocument.Creator(name: "gatewire-fuzz", version: "0"))
            .encoded()
    }
}
