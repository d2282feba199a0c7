import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Every capture in `Fuzz/Regressions/pcap` and `Fuzz/Regressions/pcapng` once crashed `inspect`; each must now
/// import through the real entry point, with what is wrong reported as an event.
@Suite struct CaptureRegressionCorpusTests {
    static let directory = CaptureFixtures.root.appendingPathComponent("Fuzz/Regressions")

    static let files: [String] = ["pcap", "pcapng"].flatMap { kind in
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(kind).path)) ?? [])
            .map { "\(kind)/\($0)" }
    }.sorted()

    @Test("every regression capture imports, or fails with a clear error, without a crash", arguments: files)
    func imports(file: String) {
        do {
            _ = try CaptureFixtures.importEvents(Self.directory.appendingPathComponent(file).path)
        } catch let error as CaptureError {
            #expect(["cannot-open-file", "read-failed"].contains(error.code))
        } catch {
            Issue.record("unexpected error: \(error)")
        }
    }

    @Test("a pcapng timestamp whose high word is 0xFFFFFFFF is reported, and the packet is dated like the one before")
    func timestampHighWord() throws {
        let path = Self.directory.appendingPathComponent("pcapng/timestamp-high-word-ffffffff.pcapng").path
        let (events, summary) = try CaptureFixtures.importEvents(path)
        let codes = events.compactMap { event -> String? in
            if case .error(let error) = event { return error.code }
            return nil
        }
        #expect(codes == ["capture-invalid-timestamp"])
        #expect(summary.messages == 2)
        #expect(events.allSatisfy { $0.time.rfc3339.hasPrefix("2026-") })
    }
}
