import Foundation
import GatewireCapture
import GatewireCore
import GatewireTestSupport
import Testing

/// A tcpdump capture of a whole Autobahn|Testsuite fuzzingclient run (cases 1.* to 10.*, made by
/// `scripts/autobahn-capture`) imports without a crash; every message Autobahn and the echo server exchanged is
/// decoded, and every case in which Autobahn breaks the protocol on purpose shows a reported violation.
@Suite(.serialized) struct AutobahnCaptureTests {
    struct Run: Decodable {
        struct Case: Decodable {
            var id: String
            var behavior: String
            var expectedCloseCodes: [Int]
            var txFrameStats: [String: Int]
            var rxFrameStats: [String: Int]
        }

        var port: Int
        var cases: [Case]
    }

    static let directory = CaptureFixtures.root.appendingPathComponent(".build-autobahn")

    /// Makes the capture when it is missing (installing Autobahn on first use), then reads its case list.
    static func run() async throws -> Run {
        // Generous: installing Autobahn and running its fuzzing client take minutes.
        let result = try await ChildProcess.run(
            CaptureFixtures.root.appendingPathComponent("scripts/autobahn-capture"), [], timeout: .seconds(1800))
        #expect(result.status == 0, "scripts/autobahn-capture failed: \(result.standardError)")
        let data = try Data(contentsOf: directory.appendingPathComponent("autobahn.json"))
        return try JSONDecoder().decode(Run.self, from: data)
    }

    private struct Connection {
        var clientMessages = 0
        var serverMessages = 0
        var clientErrors: [String] = []

        /// Client messages decoded, plus those reported as sent after the close or cut off by it (Autobahn's
        /// 7.1.4 and 7.1.5 send them on purpose; RFC 6455 §5.5.1 says they are not processed). A message split by
        /// the close is reported twice (its tail after the close, and as incomplete), hence the larger count.
        var clientMessagesAccountedFor: Int {
            let afterClose = clientErrors.filter { $0 == "frame-after-close" }.count
            let incomplete = clientErrors.filter { $0 == "incomplete-message" }.count
            return clientMessages + max(afterClose, incomplete)
        }
    }

    @Test("every exchanged message is decoded and every provoked violation is reported, case by case")
    func wholeRun() async throws {
        let run = try await Self.run()
        #expect(run.cases.count > 250)
        var order: [String] = []
        var connections: [String: Connection] = [:]
        let summary = try CaptureImporter.importFile(Self.directory.appendingPathComponent("autobahn.pcap").path) {
            event in
            switch event {
            case .connect(let connect):
                order.append(connect.connection)
                connections[connect.connection] = Connection()
            case .message(let message):
                if message.direction == .client {
                    connections[message.connection]?.clientMessages += 1
                } else {
                    connections[message.connection]?.serverMessages += 1
                }
            case .error(let error):
                if let label = error.connection, error.side == .client {
                    connections[label]?.clientErrors.append(error.code)
                }
            case .control, .close:
                break
            }
        }
        #expect(summary.gaps == 0)
        try #require(order.count == run.cases.count, "\(order.count) connections for \(run.cases.count) cases")
        var undecoded: [String] = []
        var unreported: [String] = []
        for (label, testCase) in zip(order, run.cases) {
            let connection = connections[label]!
            // A violation is provoked where Autobahn expects the server to fail the connection with 1002 (protocol
            // error) or 1007 (invalid payload), and nothing else (RFC 6455 §7.4.1).
            let provoked =
                !testCase.expectedCloseCodes.isEmpty
                && testCase.expectedCloseCodes.allSatisfy { $0 == 1002 || $0 == 1007 }
            if provoked {
                if connection.clientErrors.isEmpty { unreported.append(testCase.id) }
                continue
            }
            // Each message starts with exactly one text or binary frame, so frame statistics count messages.
            let sent = testCase.txFrameStats["1", default: 0] + testCase.txFrameStats["2", default: 0]
            let received = testCase.rxFrameStats["1", default: 0] + testCase.rxFrameStats["2", default: 0]
            if connection.clientMessagesAccountedFor != sent || connection.serverMessages != received {
                undecoded.append(
                    "\(testCase.id): client \(connection.clientMessages)/\(sent), "
                        + "server \(connection.serverMessages)/\(received)")
            }
        }
        #expect(undecoded.isEmpty, "cases whose messages were not all decoded: \(undecoded)")
        #expect(unreported.isEmpty, "cases whose provoked violation was not reported: \(unreported)")
    }
}
